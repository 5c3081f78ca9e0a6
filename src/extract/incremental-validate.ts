/**
 * Checks an `IncrementalSpec` given in code (`resource(data, { incremental })`), as the REST config's zod
 * schema checks `endpoint.incremental`: a wrong value names the key, what is expected and what was given
 * (DESIGN.md contract 4), where it would otherwise silently change what is loaded — an unknown
 * `on_cursor_value_missing` excluded rows, a misspelled `row_order` read every page, a string `lag`
 * concatenated onto numbers.
 */
import { invalidJsonPath } from '../common/json-path-syntax.js';
import { ConfigError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { IncrementalSpec } from './incremental-spec.js';

type Check = (v: unknown) => string | undefined;

const oneOf =
  (a: string, b: string): Check =>
  (v) =>
    v === a || v === b ? undefined : `expected '${a}' or '${b}', got ${JSON.stringify(v)}${typeof v === 'string' ? didYouMean(v, [a, b]) : ''}`;

const fn =
  (what: string): Check =>
  (v) =>
    typeof v === 'function' ? undefined : `expected ${what}, got ${JSON.stringify(v) ?? typeof v}`;

const str: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : `expected a param name, got ${JSON.stringify(v)}`);
const any: Check = () => undefined;

/** Every key of `IncrementalSpec` and its check; a key missing here fails to compile. */
const CHECKS: Record<keyof IncrementalSpec, Check> = {
  cursor_path: (v) => {
    if (typeof v !== 'string' || v === '') return `expected a field name or JSONPath, got ${JSON.stringify(v)}`;
    return invalidJsonPath(v);
  },
  initial_value: any,
  end_value: any,
  last_value_func: (v) =>
    typeof v === 'function' || v === 'max' || v === 'min'
      ? undefined
      : `expected 'max', 'min' or a function, got ${JSON.stringify(v)}${typeof v === 'string' ? didYouMean(v, ['max', 'min']) : ''}`,
  row_order: oneOf('asc', 'desc'),
  lag: (v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : `expected a number >= 0 (seconds, days or units), got ${JSON.stringify(v)}`),
  on_cursor_value_missing: (v) =>
    v === 'raise' || v === 'include' || v === 'exclude'
      ? undefined
      : `expected 'raise', 'include' or 'exclude', got ${JSON.stringify(v)}${typeof v === 'string' ? didYouMean(v, ['raise', 'include', 'exclude']) : ''}`,
  primary_key: (v) =>
    typeof v === 'string' || (Array.isArray(v) && v.every((k) => typeof k === 'string')) ? undefined : `expected a field name or a list of them, got ${JSON.stringify(v)}`,
  range_start: oneOf('open', 'closed'),
  range_end: oneOf('open', 'closed'),
  start_param: str,
  end_param: str,
  convert: fn('a function'),
};

/** Throws a `ConfigError` listing every problem of `spec`; `resourceName` prefixes each line. */
export function validateIncrementalSpec(spec: unknown, resourceName: string): asserts spec is IncrementalSpec {
  const at = `resource ${resourceName}: incremental`;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new ConfigError(`${at}: expected an object with at least cursor_path, got ${JSON.stringify(spec)}`);
  }
  const s = spec as Record<string, unknown>;
  const problems: string[] = [];
  if (s.cursor_path === undefined) problems.push(`${at}.cursor_path: ${CHECKS.cursor_path(undefined)}`);
  for (const [k, v] of Object.entries(s)) {
    const check = (CHECKS as Record<string, Check | undefined>)[k];
    if (!check) problems.push(`${at}.${k}: unknown key${didYouMean(k, Object.keys(CHECKS))}`);
    else if (v !== undefined) {
      const p = check(v);
      if (p) problems.push(`${at}.${k}: ${p}`);
    }
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));
}
