/**
 * dlt's section rules: which section paths are searched for a key, most specific first.
 * - source `name` in `section` (default: the name): `sources.<section>.<name>`, `sources.<section>`,
 *   `sources.<name>`, `sources`, top level (the first two collapse to one when section = name);
 * - destination `name`: `destination.<name>`, `destination`, top level;
 * - an explicit path (e.g. `runtime`, or the `sources.x` of `secrets.get('sources.x.y')`): that path only.
 * Inside a pipeline context every path is first tried with the pipeline name as a leading section.
 */
import { envVarName } from './providers/env-provider.js';

export type SectionPath = readonly string[];

/** What is being configured; decides the section paths and how errors name the owner. */
export type ConfigScope =
  | { kind: 'source'; name: string; section?: string }
  | { kind: 'destination'; name: string }
  | { kind: 'path'; sections: SectionPath };

function dedupe(paths: SectionPath[]): SectionPath[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const k = p.join('\u0000');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The section paths for a scope, most specific first (without the pipeline prefix). */
export function scopeSectionPaths(scope: ConfigScope): SectionPath[] {
  switch (scope.kind) {
    case 'source': {
      const section = scope.section ?? scope.name;
      const paths: SectionPath[] =
        section === scope.name
          ? [['sources', section]]
          : [['sources', section, scope.name], ['sources', section], ['sources', scope.name]];
      return dedupe([...paths, ['sources'], []]);
    }
    case 'destination':
      return [['destination', scope.name], ['destination'], []];
    case 'path':
      return [scope.sections];
  }
}

/**
 * The lookup passes: with a pipeline name, first every path prefixed by it, then every path as is.
 * Each pass runs over all providers before the next starts (dlt's `look_sections`).
 */
export function lookupPasses(paths: SectionPath[], pipelineName?: string): SectionPath[][] {
  return pipelineName ? [paths.map((p) => [pipelineName, ...p]), paths] : [paths];
}

/** `source passwordless_source`, `destination postgres`, or `` for a bare path. */
export function scopeOwner(scope: ConfigScope): string {
  return scope.kind === 'path' ? '' : `${scope.kind} ${scope.name}`;
}

/** Where a missing value is best put: the section users write (compact layout) and its env var. */
export function scopeHint(scope: ConfigScope, key: string): { tomlSection: string; envVar: string } {
  const sections = scope.kind === 'source' ? ['sources', scope.name] : scope.kind === 'destination' ? ['destination', scope.name] : [...scope.sections];
  return { tomlSection: sections.join('.'), envVar: envVarName(sections, key) };
}

/** Splits a dotted key path: `sources.x.y` → sections `['sources', 'x']`, key `y`. */
export function parseKeyPath(path: string): { sections: string[]; key: string } {
  const parts = path.split('.').filter((p) => p.length > 0);
  if (parts.length === 0) throw new TypeError(`empty config key path '${path}'`);
  return { sections: parts.slice(0, -1), key: parts[parts.length - 1]! };
}
