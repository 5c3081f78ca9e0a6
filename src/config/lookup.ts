/**
 * The lookup engine: one key, one scope, a chain of providers. Order (dlt's `_resolve_single_value`):
 * for each pass (pipeline-prefixed paths first, when in a pipeline context), for each provider (env,
 * secrets.toml, config.toml, globals), for each section path (most specific first) — first hit wins.
 * Tables requested with `wantTable` are merged across hits instead (higher precedence keys win), so
 * `DESTINATION__POSTGRES__CREDENTIALS__PASSWORD` completes a `[destination.postgres.credentials]` table;
 * such a lookup also reports the first non-table value (`native`, e.g. a DSN) next to the merged table
 * (`table`), so that credentials can take a DSN's parts and fill the rest from fields, as dlt does.
 */
import { log } from '../common/log.js';
import { ValueNotSecretError, type MissingField, type TriedKeys } from './config-errors.js';
import { isPlaceholder } from './placeholder.js';
import { isConfigTable, type ConfigProvider, type ConfigTable, type ConfigValue } from './providers/provider.js';
import { lookupPasses, scopeHint, scopeSectionPaths, type ConfigScope, type SectionPath } from './sections.js';

export interface LookupRequest {
  key: string;
  scope: ConfigScope;
  /** Requested as secret: config.toml files may not hold it. */
  secret: boolean;
  /** The caller accepts a table (credentials): tables are merged across providers/paths. */
  wantTable: boolean;
  /** Pipeline context: paths are first tried under this leading section. */
  pipelineName?: string;
}

/** Where one value was found. */
export interface LookupHit {
  value: ConfigValue;
  provider: string;
  location: string;
  sections: SectionPath;
}

export type LookupResult =
  | ({
      found: true;
      /** `wantTable` only: the first non-table value found (a native value such as a DSN). */
      native?: LookupHit;
      /** `wantTable` only: every table found, merged (higher precedence keys win). */
      table?: LookupHit & { value: ConfigTable };
    } & LookupHit)
  | { found: false; missing: MissingField };

const warned = new Set<string>();

function warnPlaceholder(provider: string, location: string): void {
  const where = `${provider} ${location}`;
  if (warned.has(where)) return;
  warned.add(where);
  log.warn(`${where} still holds the placeholder left by \`sluice init\`; treating it as missing. Replace it with the real value.`);
}

/** A copy of `t` without placeholder leaves (reported as `location.sub.key`), or undefined if nothing is left. */
function stripPlaceholders(t: ConfigTable, onPlaceholder: (path: string) => void, path = ''): ConfigTable | undefined {
  const out: ConfigTable = {};
  for (const [k, v] of Object.entries(t)) {
    const p = path ? `${path}.${k}` : k;
    if (isPlaceholder(v)) onPlaceholder(p);
    else if (isConfigTable(v)) {
      const sub = stripPlaceholders(v, onPlaceholder, p);
      if (sub) out[k] = sub;
    } else out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Fills `into` with the keys of `lower` it does not have (deeply): `into` has precedence. */
function mergeUnder(into: ConfigTable, lower: ConfigTable): void {
  for (const [k, v] of Object.entries(lower)) {
    const cur = into[k];
    if (cur === undefined) into[k] = isConfigTable(v) ? structuredClone(v) : v;
    else if (isConfigTable(cur) && isConfigTable(v)) mergeUnder(cur, v);
  }
}

/** Looks `req.key` up in `providers`. Throws `ValueNotSecretError` if a secret is found in a config.toml. */
export function lookup(req: LookupRequest, providers: readonly ConfigProvider[]): LookupResult {
  const tried = new Map<string, string[]>();
  const placeholders: string[] = [];
  let merged: { value: ConfigTable; providers: string[]; location: string; sections: SectionPath } | undefined;
  let native: LookupHit | undefined;
  let tableFirst = false;
  const mergedHit = (m: NonNullable<typeof merged>) => ({ value: m.value, provider: m.providers.join(', '), location: m.location, sections: m.sections });

  for (const paths of lookupPasses(scopeSectionPaths(req.scope), req.pipelineName)) {
    for (const provider of providers) {
      for (const sections of paths) {
        const keys = tried.get(provider.name) ?? [];
        keys.push(provider.describe(sections, req.key));
        tried.set(provider.name, keys);

        // Once a native value is found, only tables of fields are still collected, from secret-capable providers.
        if (native && req.secret && !provider.supportsSecrets) continue;
        const hit = provider.get(sections, req.key, req.wantTable);
        if (!hit) continue;
        let value: ConfigValue | undefined = hit.value;
        if (isPlaceholder(value)) {
          warnPlaceholder(provider.name, hit.location);
          placeholders.push(`${provider.name} ${hit.location}`);
          continue;
        }
        if (isConfigTable(value)) {
          value = stripPlaceholders(value, (p) => {
            warnPlaceholder(provider.name, `${hit.location}.${p}`);
            placeholders.push(`${provider.name} ${hit.location}.${p}`);
          });
          if (!value) continue;
        }
        if (req.secret && !provider.supportsSecrets) {
          throw new ValueNotSecretError(req.key, provider.name, hit.location, scopeHint(req.scope, req.key));
        }
        if (req.wantTable && isConfigTable(value)) {
          if (!merged) {
            merged = { value: structuredClone(value), providers: [provider.name], location: hit.location, sections };
            tableFirst = !native;
          } else {
            mergeUnder(merged.value, value);
            if (!merged.providers.includes(provider.name)) merged.providers.push(provider.name);
          }
          continue;
        }
        if (!req.wantTable) return { found: true, value, provider: provider.name, location: hit.location, sections };
        native ??= { value, provider: provider.name, location: hit.location, sections };
      }
    }
  }
  if (merged || native) {
    const table = merged ? mergedHit(merged) : undefined;
    // The value is what was found first, as before: a table found above a native value wins, and the reverse.
    const first = table && (tableFirst || !native) ? table : native!;
    return { found: true, ...first, ...(native ? { native } : {}), ...(table ? { table } : {}) };
  }
  const triedList: TriedKeys[] = [...tried].map(([provider, keys]) => ({ provider, keys }));
  return {
    found: false,
    missing: { key: req.key, secret: req.secret, tried: triedList, placeholders, hint: scopeHint(req.scope, req.key) },
  };
}
