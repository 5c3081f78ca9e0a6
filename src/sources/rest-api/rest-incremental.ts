/**
 * Incremental in the REST source (dlt §5, "REST API mapping"): the `IncrementalSpec` a resource carries,
 * built from `endpoint.incremental` or the legacy `params: { since: { type: 'incremental', ... } }`, and
 * the values the request sees — `{incremental.start_value}` and friends, `start_param` / `end_param` and
 * the legacy param — each passed through `convert` when set.
 */
import type { IncrementalSpec } from '../../extract/incremental-spec.js';
import type { BoundIncremental } from '../../extract/resource.js';
import type { NormalizedEndpoint } from './config-normalize.js';
import type { IncrementalParamConfig } from './config-schema.js';

/** Where the spec came from: the endpoint key or a legacy param (its name). */
export interface RestIncremental {
  spec: IncrementalSpec;
  /** Legacy form: the query param that receives the start value. */
  param?: string;
}

/** The incremental of an endpoint, if any. */
export function restIncremental(e: NormalizedEndpoint): RestIncremental | undefined {
  if (e.incremental) {
    const { transform, convert, ...rest } = e.incremental;
    return { spec: { ...rest, convert: convert ?? transform } as IncrementalSpec };
  }
  for (const [name, v] of Object.entries(e.params)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && v.type === 'incremental') {
      const { type: _t, transform, convert, ...rest } = v as IncrementalParamConfig;
      return { spec: { ...rest, convert: convert ?? transform } as IncrementalSpec, param: name };
    }
  }
  return undefined;
}

/** Values for `{incremental.*}` placeholders (converted). */
export function incrementalValues(inc: BoundIncremental | undefined, spec: IncrementalSpec | undefined): Record<string, unknown> {
  if (!inc) return {};
  const conv = (v: unknown) => (spec?.convert && v !== undefined && v !== null ? spec.convert(v) : v);
  return {
    start_value: conv(inc.startValue),
    end_value: conv(inc.endValue),
    initial_value: conv(inc.initialValue),
    last_value: conv(inc.lastValue),
  };
}
