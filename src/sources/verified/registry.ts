/**
 * The verified sources, keyed by their `sluice init` name. Each entry says how a user names it, where its
 * secrets live, what its pipeline/dataset are called, and how to build it — the CLI (`init`, `demo`,
 * `--list-sources`) and the docs read this table; nothing branches on a source's name.
 */
import type { Source } from '../../extract/source.js';

export interface SecretKeySpec {
  /** Key under the source section, e.g. `api_secret`. */
  key: string;
  /** Shown in scaffolded secrets.toml and errors: where to get it. */
  description: string;
  /** Secret (true) or plain config (false). */
  secret: boolean;
  /** Default value for config keys (e.g. `base_url`). */
  default?: string;
  /** Required for the source to run at all (some keys only enable some resources). */
  required?: boolean;
}

export interface VerifiedSourceSpec {
  /** `sluice init` name, e.g. `passwordless`. */
  name: string;
  aliases: readonly string[];
  /** One line for `--list-sources`. */
  description: string;
  /** Config section: `sources.<section>`, e.g. `passwordless_source`. */
  section: string;
  keys: readonly SecretKeySpec[];
  pipelineName: string;
  datasetName: string;
  /** Default DuckDB file name, e.g. `passwordless.duckdb`. */
  duckdbFile: string;
  /**
   * Builds the source. Values not given are resolved from env/secrets.toml/config.toml under
   * `sources.<section>` (with the pipeline-name prefix first).
   */
  create(values?: Record<string, unknown>, context?: { pipelineName?: string }): Source;
  /** Starts the bundled simulator; returns the values (credentials, base urls) that point the source at it. */
  startSimulator(options?: { port?: number; seed?: number }): Promise<{ values: Record<string, unknown>; close(): Promise<void> }>;
}

const registry = new Map<string, VerifiedSourceSpec>();

export function registerVerifiedSource(spec: VerifiedSourceSpec): void {
  registry.set(spec.name, spec);
}

/** Finds a verified source by name or alias. */
export function findVerifiedSource(name: string): VerifiedSourceSpec | undefined {
  const n = name.toLowerCase();
  for (const s of registry.values()) if (s.name === n || s.aliases.includes(n)) return s;
  return undefined;
}

export function verifiedSources(): VerifiedSourceSpec[] {
  return [...registry.values()];
}
