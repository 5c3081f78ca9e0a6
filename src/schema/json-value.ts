/**
 * Values JSON cannot represent faithfully. `JSON.stringify` writes a Map, Set, RegExp or Error as `{}`
 * and a typed array as an object of its indices, silently: sluice rejects them instead, at the top of a
 * record (the normalizer) and inside a json value (the json text of a column).
 */

import { randomBytes } from 'node:crypto';

/** Marks a BigInt's digits in JSON text while it is written; the nonce keeps any source text from matching. */
const BIGINT_MARK = `\u{E000}${randomBytes(6).toString('hex')}`;
const MARKED_BIGINT = new RegExp(`"${BIGINT_MARK}(-?\\d+)${BIGINT_MARK}"`, 'g');

/**
 * `JSON.stringify(v)`, but a BigInt inside is written as its digits (JSON numbers have no size limit, and
 * dlt's json writes Python's big ints so); `JSON.stringify` throws on a BigInt. Other errors (a cyclic
 * value) are thrown as they are. Values without a BigInt pay nothing extra.
 */
export function jsonStringify(v: unknown): string | undefined {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError) || !/BigInt/.test(e.message)) throw e;
  }
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${BIGINT_MARK}${x}${BIGINT_MARK}` : x));
  return text === undefined ? undefined : text.replace(MARKED_BIGINT, '$1');
}

/**
 * Object types JSON cannot represent, with what to do instead. Class instances are not here: they are
 * stored as json of their own enumerable fields.
 */
const OPAQUE: [Function, string][] = [
  [Map, 'convert it to an object first (Object.fromEntries)'],
  [Set, 'convert it to an array first'],
  [WeakMap, 'its contents cannot be read'],
  [WeakSet, 'its contents cannot be read'],
  [RegExp, 'convert it to a string first'],
  [Promise, 'await it first'],
  [Error, 'convert it to a string or an object first'],
  [ArrayBuffer, 'wrap it in a Uint8Array (binary) first'],
];

/** A value's kind for an error message: `a text value of 3 characters`, `a number value 7`, `a Map`. */
export function describeValue(v: unknown): string {
  // Never the text itself: source data can be secret (a 1Password field value, a token an API returns).
  if (typeof v === 'string') return `a text value of ${v.length} character${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `a ${typeof v} value ${String(v)}`;
  if (v instanceof Date) return 'a Date';
  if (Array.isArray(v)) return 'a list';
  const name = (v as object)?.constructor?.name;
  return name && name !== 'Object' ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}` : 'an object';
}

/**
 * Why an object that is neither a plain object nor an array cannot be stored as JSON (`a Map is not
 * JSON-representable; convert it to ...`), or undefined when it can (class instances, Date). A
 * `Uint8Array` is allowed only where it is a column's value (`binary`), not inside json.
 */
export function opaqueReason(v: object, insideJson: boolean): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'an invalid Date (its time is NaN); give a valid date or null' : undefined;
  if (v instanceof Uint8Array && !insideJson) return undefined;
  for (const [type, hint] of OPAQUE) if (v instanceof type) return `${describeValue(v)} is not JSON-representable; ${hint}`;
  if (ArrayBuffer.isView(v)) {
    const instead = insideJson ? 'convert it to an array of numbers or base64 text first' : 'use a Uint8Array (binary) or an array of numbers';
    return `${describeValue(v)} is not JSON-representable; ${instead}`;
  }
  return undefined;
}

/**
 * The first value inside `v` that JSON cannot represent, as its path (`tags[0].meta`) and the reason;
 * undefined when there is none. `v` must be acyclic (JSON.stringify has succeeded on it).
 */
export function findNonJson(v: unknown, path = ''): { path: string; reason: string } | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = findNonJson(v[i], `${path}[${i}]`);
      if (r) return r;
    }
    return undefined;
  }
  const p = Object.getPrototypeOf(v);
  if (p !== Object.prototype && p !== null) {
    // A value with its own toJSON (a Buffer, a Decimal class) says how it is written; a Date's is null when invalid.
    if (!(v instanceof Date) && typeof (v as { toJSON?: unknown }).toJSON === 'function') return undefined;
    const reason = opaqueReason(v, true);
    if (reason) return { path: path || '(the value itself)', reason };
  }
  for (const k in v) {
    const r = findNonJson((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (r) return r;
  }
  return undefined;
}

/**
 * Whether JSON text may hide a value JSON could not represent: a Map, Set, RegExp or Error is written as
 * `{}`, a typed array as `{"0":...}`. Two substring searches, so ordinary values pay almost nothing;
 * only a match costs a walk of the value ({@link findNonJson}).
 */
export function mayHideNonJson(text: string): boolean {
  return text.includes('{}') || text.includes('{"0":');
}
