/**
 * Environment variables as a config provider. Names are the section path and key, upper-cased, joined
 * with `__`: `SOURCES__PASSWORDLESS_SOURCE__API_SECRET`, `DESTINATION__POSTGRES__CREDENTIALS`,
 * `RUNTIME__REQUEST_TIMEOUT`, `MY_PIPELINE__SOURCES__...` inside a pipeline context.
 * A section that starts with `_` keeps it, so `sources._1password_source.access_token` is
 * `SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN` (three underscores: the separator, then the section's own).
 */
import type { ConfigProvider, ConfigTable, ProviderHit } from './provider.js';

/** The env var name for `key` under `sections`. */
export function envVarName(sections: readonly string[], key: string): string {
  return [...sections, key].map((s) => s.toUpperCase()).join('__');
}

/**
 * Splits an env var name into lower-cased segments. Splitting left to right on `__` keeps a leading `_`
 * with the segment it starts: `SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN` →
 * `['sources', '_1password_source', 'access_token']`.
 */
export function splitEnvVarName(name: string): string[] {
  const out: string[] = [];
  let rest = name;
  for (;;) {
    // Search from index 1: a segment may itself start with `_` (it then follows the `__` separator).
    const i = rest.indexOf('__', 1);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 2);
  }
  out.push(rest);
  return out.map((s) => s.toLowerCase());
}

export class EnvProvider implements ConfigProvider {
  readonly name = 'env';
  readonly supportsSecrets = true;

  /** @param env the variables to read; default `process.env` (read at each lookup, so tests may change it). */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  describe(sections: readonly string[], key: string): string {
    return envVarName(sections, key);
  }

  /** Empty variables count as unset: an empty secret is never meant, and `FOO=` is a common way to unset. */
  get(sections: readonly string[], key: string, wantTable = false): ProviderHit | undefined {
    const name = envVarName(sections, key);
    const raw = this.env[name];
    if (raw !== undefined && raw !== '') return { value: raw, location: name };
    if (!wantTable) return undefined;
    // Assemble a table from `NAME__FIELD[__SUBFIELD]` variables.
    const prefix = name + '__';
    let table: ConfigTable | undefined;
    for (const [k, v] of Object.entries(this.env)) {
      if (!k.startsWith(prefix) || v === undefined || v === '') continue;
      const path = splitEnvVarName(k.slice(prefix.length));
      table ??= {};
      let node: ConfigTable = table;
      for (const seg of path.slice(0, -1)) {
        const next = node[seg];
        node = node[seg] = typeof next === 'object' && next !== null && !Array.isArray(next) && !(next instanceof Date) ? next : {};
      }
      node[path[path.length - 1]!] = v;
    }
    return table ? { value: table, location: `${prefix}*` } : undefined;
  }
}
