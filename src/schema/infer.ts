/** Type inference for raw values (dlt's py_type_to_sc_type + the default iso_timestamp detection). */
import type { DataType } from './types.js';

// ISO 8601 date-time: date, 'T' or ' ', time, optional fraction and zone. Date-only strings stay text (dlt default).
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Two ASCII digits at `i` as a number (the caller has checked they are digits). */
const num2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48;

/**
 * True when a string is an ISO-8601 timestamp that names a real instant: the shape by regex, then the
 * field ranges (month, day of that month, hour, minute, second, zone offset up to ±15:59) checked
 * directly. Stricter than `Date.parse`, which rolls Feb 30 over to March, and several times faster on
 * this per-value path.
 */
export function isIsoTimestamp(s: string): boolean {
  if (s.length < 16 || s.length > 40 || !ISO_TIMESTAMP.test(s)) return false;
  if (!isRealDate(num2(s, 0) * 100 + num2(s, 2), num2(s, 5), num2(s, 8))) return false;
  if (num2(s, 11) > 23 || num2(s, 14) > 59) return false;
  let i = 16;
  if (s[i] === ':') {
    if (num2(s, 17) > 59) return false;
    i = 19;
    if (s[i] === '.') while (++i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57);
  }
  if (i < s.length && s[i] !== 'Z') {
    // zone offset ±HH[:]MM or ±HH
    if (num2(s, i + 1) > 15) return false; // PostgreSQL accepts offsets up to ±15:59
    const m = s[i + 3] === ':' ? i + 4 : i + 3;
    if (m < s.length && num2(s, m) > 59) return false;
  }
  return true;
}
/** Whether year, month (1-12) and day name a day of the Gregorian calendar (no Feb 30, Feb 29 in leap years only). */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]!) return false;
  return !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
}

/** True for `YYYY-MM-DD` naming a real day (`Date.parse` would roll 2024-02-30 over to March 1). */
export function isIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && isRealDate(num2(s, 0) * 100 + num2(s, 2), num2(s, 5), num2(s, 8));
}

/** Whether a value is a plain JSON object (to be flattened), as opposed to Date, Buffer, arrays, etc. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** 10^29: the integers below it fit dlt's default decimal(38,9). */
const DECIMAL_LIMIT = 10n ** 29n;

/** Whether an integer (a number already known to be whole, or a BigInt) lies in the signed 64-bit range. */
export function isInt64(v: number | bigint): boolean {
  return typeof v === 'number' ? v >= -9223372036854775808 && v < 9223372036854775808 : v >= -(2n ** 63n) && v < 2n ** 63n;
}

/**
 * The type of the value itself, without detection (dlt's `py_type_to_sc_type`): a string is `text` even
 * when it reads as a timestamp. Variant columns are named for it (`price__v_text`), while their type is
 * {@link inferType}'s, so an ISO timestamp string in a bigint column goes to `n__v_text` typed timestamp.
 */
export function valueType(v: unknown): DataType | null {
  return typeof v === 'string' ? 'text' : inferType(v);
}

/** The type a value would get in a new column; null for null/undefined. */
export function inferType(v: unknown): DataType | null {
  switch (typeof v) {
    case 'string':
      return isIsoTimestamp(v) ? 'timestamp' : 'text';
    case 'number':
      // An integer beyond the signed 64-bit range (2**63, 1e21) cannot load as bigint: it is a double.
      return Number.isInteger(v) && isInt64(v) ? 'bigint' : 'double';
    case 'boolean':
      return 'bool';
    case 'bigint':
      // Beyond int64: decimal(38,9) holds 29 integer digits; a longer one is kept exact as text.
      return isInt64(v) ? 'bigint' : v > -DECIMAL_LIMIT && v < DECIMAL_LIMIT ? 'decimal' : 'text';
    case 'undefined':
      return null;
    case 'object':
      if (v === null) return null;
      if (v instanceof Date) return 'timestamp';
      if (v instanceof Uint8Array) return 'binary';
      return 'json';
    default:
      return 'text';
  }
}
