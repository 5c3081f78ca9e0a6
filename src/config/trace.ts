/**
 * A record of which provider gave each resolved value, for the pipeline trace (`sluice pipeline NAME
 * trace`). Secret values are never recorded; non-secret values are kept, masked.
 */
import { maskSecrets } from './secret.js';

export interface ResolvedValueTrace {
  /** The field name, e.g. `api_secret`. */
  key: string;
  /** The section path it was found under, e.g. `['sources', 'passwordless_source']`. */
  sections: readonly string[];
  /** The provider(s) that gave it, e.g. `env` or `.dlt/secrets.toml` (comma-joined for merged tables). */
  provider: string;
  /** The key as spelled in that provider, e.g. `SOURCES__PASSWORDLESS_SOURCE__API_SECRET`. */
  location: string;
  /** True if requested as secret; then `value` is absent. */
  secret: boolean;
  /** The value, only for non-secret values (strings masked with `maskSecrets`). */
  value?: unknown;
}

/** At most this many traces are kept (oldest dropped), so a long-lived process does not grow unbounded. */
const MAX_TRACES = 1000;
const traces: ResolvedValueTrace[] = [];

function maskDeep(v: unknown): unknown {
  if (typeof v === 'string') return maskSecrets(v);
  if (Array.isArray(v)) return v.map(maskDeep);
  if (v && typeof v === 'object' && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)]));
  return v;
}

/** Records one resolved value (called by the resolver). */
export function recordResolvedValue(t: ResolvedValueTrace): void {
  const { value, ...rest } = t;
  traces.push(t.secret ? rest : { ...rest, value: maskDeep(value) });
  if (traces.length > MAX_TRACES) traces.splice(0, traces.length - MAX_TRACES);
}

/** A copy of the values resolved since the last `clearResolvedConfigTraces()`, in resolution order. */
export function resolvedConfigTraces(): ResolvedValueTrace[] {
  return traces.slice();
}

/** Forgets the recorded values (a pipeline run calls this when it starts). */
export function clearResolvedConfigTraces(): void {
  traces.length = 0;
}
