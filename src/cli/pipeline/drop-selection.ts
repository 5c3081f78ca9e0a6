/**
 * Which resources `sluice pipeline <name> drop` selects, as dlt's `drop`: exact names, `re:<pattern>`
 * regexes (matched anywhere in the name, as Python's `re.search`), or every resource with `--drop-all`;
 * from every schema, or only `--schema <name>`.
 */
import type { Pipeline } from '../../pipeline/pipeline.js';
import { didYouMean } from '../../common/suggest.js';
import { UsageError } from '../errors.js';

/** What the user asked `drop` for. */
export interface DropRequest {
  /** Resource names and `re:` patterns. */
  patterns: string[];
  /** Every resource of the selected schema(s); supersedes `patterns`. */
  dropAll?: boolean;
  /** Only this schema's resources. */
  schemaName?: string;
  /** `--state-paths`: JSONPaths into the source state to delete; with them, no resource is needed. */
  statePaths?: string[];
  /** `--state-only`: reset the resources' state, keep their tables. */
  stateOnly?: boolean;
}

/**
 * The resource names the selected schemas know (root tables with a resource) and their sources' state
 * holds (as dlt: a resource that stored a cursor but no rows yet has state and no table), sorted.
 */
function knownResources(p: Pipeline, schemaName: string | undefined): string[] {
  const schemas = schemaName === undefined ? [...p.schemas.values()] : [p.schemas.get(schemaName)].filter((s) => s !== undefined);
  const out = new Set<string>();
  for (const s of schemas) {
    for (const t of s.dataTables) if (!t.parent && t.resource) out.add(t.resource);
    for (const r of Object.keys((p.state.sources[s.name]?.resources ?? {}) as Record<string, unknown>)) out.add(r);
  }
  return [...out].sort();
}

function regexOf(pattern: string): RegExp {
  try {
    return new RegExp(pattern.slice(3));
  } catch (e) {
    throw new UsageError(`drop: '${pattern}' is not a valid regex: ${(e as Error).message}`);
  }
}

/**
 * The resources a drop request selects. @throws UsageError for an unknown schema, an unknown resource
 * name (with a suggestion), a regex that selects nothing, or no selection at all.
 */
export function selectResources(p: Pipeline, r: DropRequest): string[] {
  if (r.schemaName !== undefined && !p.schemas.has(r.schemaName)) {
    const names = [...p.schemas.keys()];
    throw new UsageError(`drop: schema '${r.schemaName}' not found in pipeline ${p.pipelineName}${didYouMean(r.schemaName, names)} (schemas: ${names.join(', ') || 'none'})`);
  }
  const known = knownResources(p, r.schemaName);
  const knownText = `known: ${known.join(', ') || 'none'}`;
  if (r.dropAll) {
    if (!known.length) throw new UsageError(`drop --drop-all: pipeline ${p.pipelineName} has no resources to drop`);
    return known;
  }
  if (!r.patterns.length && r.statePaths?.length) return [];
  if (!r.patterns.length) throw new UsageError(`drop: name the resources to drop, as names or re:<regex>, or pass --drop-all or --state-paths (${knownText})`);
  const selected = new Set<string>();
  for (const pattern of r.patterns) {
    if (pattern.startsWith('re:')) {
      const re = regexOf(pattern);
      const hits = known.filter((k) => re.test(k));
      if (!hits.length) throw new UsageError(`drop: '${pattern}' matches no resource (${knownText})`);
      hits.forEach((h) => selected.add(h));
    } else if (known.includes(pattern)) {
      selected.add(pattern);
    } else {
      throw new UsageError(`drop: unknown resource '${pattern}'${didYouMean(pattern, known)} (${knownText})`);
    }
  }
  return known.filter((k) => selected.has(k));
}
