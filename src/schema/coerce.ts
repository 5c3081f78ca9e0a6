/**
 * Coercion of a value into an existing column's type (dlt's _COERCE_DISPATCH, simplified to the JSON
 * value space). Returns the coerced value, or `NO` when the value does not fit — the caller then puts it
 * in a variant column `<col>__v_<type>`.
 */
import { isInt64, isIsoDate, isIsoTimestamp } from './infer.js';
import { findNonJson, jsonStringify, mayHideNonJson } from './json-value.js';
import { compactDate, utcDateOf, utcTimestampText, utcTimeText } from './time-text.js';
import type { DataType } from './types.js';

/** Marker: the value cannot be coerced. */
export const NO: unique symbol = Symbol('no-coercion');
type Result = unknown | typeof NO;

/** Digits, optionally in groups joined by single underscores (`1_000`), as Python's int() and float() read them. */
const DIGITS = String.raw`\d+(?:_\d+)*`;
const NUMERIC = new RegExp(String.raw`^[+-]?(${DIGITS}\.?(${DIGITS})?|\.${DIGITS})([eE][+-]?${DIGITS})?$`);
const INTEGER = new RegExp(String.raw`^[+-]?${DIGITS}$`);
/** Python float()'s words for the non-finite doubles, in any case: `nan`, `inf`, `infinity`, signed. */
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;
const HEX = /^0x[0-9a-fA-F]+$/;
/** dlt's `str2bool`, case-insensitive. */
const TRUE_TEXT = new Set(['true', 'yes', 't', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'f', 'n', '0']);

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A scalar as dlt writes it into a text column (Python's `str`): `True`/`False`, `1e-05`, isoformat for a Date. */
function toText(v: unknown): Result {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyFloatText(v);
  if (v instanceof Date) return pyIsoformat(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (typeof v === 'object') {
    // A Map or Set inside would be written as {}: the value goes to a json variant, whose writer names it.
    const text = jsonStringify(v)!;
    return mayHideNonJson(text) && findNonJson(v) ? NO : text;
  }
  return String(v);
}

/**
 * A number as Python's `str` writes it where it differs from JavaScript's: a fraction below 1e-4 in
 * exponent form with two exponent digits (`1e-05`, JavaScript `0.00001` / `1e-7`), `inf`, `nan`.
 * Integers are written in full, as Python writes an int.
 */
function pyFloatText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) || Math.abs(v) >= 1e-4) return String(v);
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  return `${mantissa}e${exp[0]}${exp.slice(1).padStart(2, '0')}`;
}

/** A Date as Python's `datetime.isoformat()` of a UTC datetime: `2024-05-01T10:00:00.123000+00:00` (no fraction when 0). */
function pyIsoformat(d: Date): Result {
  if (Number.isNaN(d.getTime())) return NO;
  const iso = d.toISOString();
  const ms = d.getUTCMilliseconds();
  return `${iso.slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}000` : ''}+00:00`;
}

/** One coercion function per target type. Adding a DataType fails to compile until it is handled here. */
export const COERCE: Record<DataType, (v: unknown) => Result> = {
  text: toText,
  // Integers outside the signed 64-bit range do not fit (they go to a variant column).
  bigint: (v) => {
    if (typeof v === 'number') return Number.isInteger(v) && isInt64(v) ? v : NO;
    if (typeof v === 'bigint') return isInt64(v) ? v : NO;
    if (typeof v !== 'string') return NO;
    // dlt: surrounding whitespace is ignored, and `0x...` is hexadecimal.
    const t = v.trim();
    if (!INTEGER.test(t) && !HEX.test(t)) return NO;
    const digits = t.replaceAll('_', '');
    const n = Number(digits);
    if (Number.isSafeInteger(n)) return n;
    const b = BigInt(digits);
    return isInt64(b) ? b : NO;
  },
  double: (v) => {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v !== 'string') return NO;
    const t = v.trim();
    if (NUMERIC.test(t)) return numberOf(t);
    if (HEX.test(t)) return Number(t);
    // dlt parses with Python's float(): `nan`, `inf`, `-Infinity` are doubles (JavaScript's Number() reads only `Infinity`)
    return NON_FINITE.test(t) ? (/nan$/i.test(t) ? NaN : t.startsWith('-') ? -Infinity : Infinity) : NO;
  },
  decimal: (v) => {
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v !== 'string') return NO;
    const t = v.trim();
    return NUMERIC.test(t) ? t.replaceAll('_', '') : HEX.test(t) ? BigInt(t).toString() : NO;
  },
  bool: (v) => {
    if (typeof v === 'boolean') return v;
    // dlt: a number is false when 0, true otherwise (Python's bool()).
    if (typeof v === 'number') return Number.isNaN(v) ? NO : v !== 0;
    if (typeof v === 'bigint') return v !== 0n;
    if (typeof v !== 'string') return NO;
    const lower = v.toLowerCase();
    return TRUE_TEXT.has(lower) ? true : FALSE_TEXT.has(lower) ? false : NO;
  },
  timestamp: (v) => {
    if (typeof v === 'string') {
      if (isIsoTimestamp(v)) return utcTimestampText(v);
      if (isIsoDate(v)) return v + 'T00:00:00Z';
      // dlt: text that is no ISO timestamp but a number is a unix timestamp
      const t = v.trim();
      return NUMERIC.test(t) ? unixTimestamp(numberOf(t)) : NO;
    }
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? NO : v.toISOString();
    if (typeof v === 'number') return unixTimestamp(v);
    return NO;
  },
  date: (v) => {
    if (typeof v === 'string') {
      if (isIsoDate(v)) return v;
      if (isIsoTimestamp(v)) return utcDateOf(v);
      const compact = compactDate(v);
      if (compact !== undefined) return compact;
      const t = v.trim();
      return NUMERIC.test(t) ? unixDate(numberOf(t)) : NO;
    }
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    // dlt: a number is a unix timestamp, its UTC date.
    if (typeof v === 'number' && Number.isFinite(v)) return unixDate(v);
    return NO;
  },
  time: (v) => (typeof v === 'string' ? (utcTimeText(v) ?? NO) : NO),
  // dlt: a text value is parsed as JSON; other scalars (and text that is not JSON) go to a variant column.
  json: (v) => (typeof v === 'object' && !(v instanceof Date) && !(v instanceof Uint8Array) ? v : typeof v === 'string' ? parseJson(v) : NO),
  binary: (v) => {
    if (v instanceof Uint8Array) return v;
    if (typeof v === 'string') {
      if (/^0x([0-9a-fA-F]{2})*$/.test(v)) return Buffer.from(v.slice(2), 'hex');
      // dlt: otherwise strictly validated base64
      return BASE64.test(v) ? Buffer.from(v, 'base64') : NO;
    }
    // dlt: a non-negative integer is its little-endian bytes, as few as hold it (0 is none)
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return littleEndian(BigInt(v));
    if (typeof v === 'bigint' && v >= 0n) return littleEndian(v);
    return NO;
  },
};

/** The number of a text that matched NUMERIC (its digit-group underscores dropped: Number() rejects them). */
function numberOf(t: string): number {
  return Number(t.includes('_') ? t.replaceAll('_', '') : t);
}

/** The little-endian bytes of a non-negative integer, as few as hold it. */
function littleEndian(n: bigint): Uint8Array {
  const out: number[] = [];
  for (; n > 0n; n >>= 8n) out.push(Number(n & 0xffn));
  return Buffer.from(out);
}

/** A unix timestamp in seconds as ISO text, or NO when it is outside Date's range (±275,000 years). */
function unixTimestamp(seconds: number): Result {
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? NO : d.toISOString();
}

/** The UTC date of a unix timestamp in seconds, or NO when it is outside Date's range. */
function unixDate(seconds: number): Result {
  const t = unixTimestamp(seconds);
  return t === NO ? NO : (t as string).slice(0, 10);
}

/** JSON text as its value (dlt's `json.loads` into a json column), or NO when it is not JSON. */
function parseJson(s: string): Result {
  try {
    return JSON.parse(s);
  } catch {
    return NO;
  }
}

/** A variant column's suffix, `v_<type>` (dlt's `v_%s` of the value's own type, see `valueType`). */
export function variantSuffix(t: DataType): string {
  return `v_${t}`;
}
