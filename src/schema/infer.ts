/** Type inference for raw values (dlt's py_type_to_sc_type + the default iso_timestamp detection). */
import type { DataType } from './types.js';

// ISO 8601 date-time: date, 'T' or ' ', time, optional fraction and zone. Date-only strings stay text (dlt default).
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;

/** True when a string is an ISO-8601 timestamp that parses to a real instant. */
export function isIsoTimestamp(s: string): boolean {
  return s.length >= 16 && s.length <= 40 && ISO_TIMESTAMP.test(s) && !Number.isNaN(Date.parse(s.includes('T') ? s : s.replace(' ', 'T')));
}
export function isIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(s));
}
export function isIsoTime(s: string): boolean {
  return ISO_TIME.test(s);
}

/** Whether a value is a plain JSON object (to be flattened), as opposed to Date, Buffer, arrays, etc. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** The type a value would get in a new column; null for null/undefined. */
export function inferType(v: unknown): DataType | null {
  switch (typeof v) {
    case 'string':
      return isIsoTimestamp(v) ? 'timestamp' : 'text';
    case 'number':
      return Number.isInteger(v) ? 'bigint' : 'double';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return v >= -(2n ** 63n) && v < 2n ** 63n ? 'bigint' : 'decimal';
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
