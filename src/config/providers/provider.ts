/**
 * The config provider extension point: something that can answer "what is `key` under these sections?".
 * Providers know nothing about lookup order or section rules; `resolve.ts` owns those.
 */

/** A value as a provider holds it: TOML values, or strings from env vars. */
export type ConfigValue = string | number | boolean | Date | ConfigValue[] | ConfigTable;
/** A TOML table (or a table assembled from `A__B__C` env vars). */
export interface ConfigTable {
  [key: string]: ConfigValue;
}

/** A value found by a provider, and where (for errors and the trace; never the value itself). */
export interface ProviderHit {
  value: ConfigValue;
  /** How the key is spelled in this provider, e.g. `SOURCES__GITHUB__API_KEY` or `[sources.github] api_key`. */
  location: string;
}

export interface ConfigProvider {
  /** Display name, e.g. `env`, `.dlt/secrets.toml`, `~/.sluice/config.toml`. */
  readonly name: string;
  /** `false` for config.toml files: a value requested as secret found there is an error. */
  readonly supportsSecrets: boolean;
  /**
   * The value of `key` directly under `sections` (no fallback to other sections: that is the resolver's job).
   * `wantTable`: the caller accepts a table, so a provider without native tables (env) may assemble one
   * from sub-keys such as `DESTINATION__POSTGRES__CREDENTIALS__PASSWORD`.
   */
  get(sections: readonly string[], key: string, wantTable?: boolean): ProviderHit | undefined;
  /** How `key` under `sections` is spelled in this provider (listed in "missing value" errors). */
  describe(sections: readonly string[], key: string): string;
}

/** True for a TOML-style table (not an array, not a date). */
export function isConfigTable(v: unknown): v is ConfigTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
