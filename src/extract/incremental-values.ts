/**
 * Cursor values for incremental loading: lookup by field name or JSONPath, ordering of numbers, ISO
 * timestamps / dates and `Date`s (mixed freely), lag arithmetic and the row hash used for boundary dedup.
 */
import { createHash } from 'node:crypto';
import { JSONPath } from 'jsonpath-plus';

const SIMPLE_PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/**
 * All values at `path` in `item`. A plain field name or dotted path (`a.b.c`) is walked directly; anything
 * else (`$.a[0].b`, filters) goes through JSONPath.
 */
export function findValues(item: unknown, path: string): unknown[] {
  if (SIMPLE_PATH.test(path) && !path.startsWith('$')) {
    let cur: unknown = item;
    for (const key of path.split('.')) {
      if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) return [];
      cur = (cur as Record<string, unknown>)[key];
    }
    return [cur];
  }
  const p = path.startsWith('$') ? path : `$.${path}`;
  return JSONPath({ path: p, json: item as object, wrap: true }) as unknown[];
}

/** The first value at `path`, or undefined. */
export function findValue(item: unknown, path: string): unknown {
  return findValues(item, path)[0];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TS = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A comparable key: `[epoch ms, sub-ms nanoseconds]` for times; the value itself otherwise. */
type Key = { t: number; ns: number } | number | string | boolean;

/** Parses an ISO timestamp or date string into epoch ms plus sub-millisecond ns. Naive times are read as UTC. */
export function parseIsoTime(s: string): { t: number; ns: number; dateOnly: boolean } | undefined {
  if (ISO_DATE.test(s)) {
    const t = Date.parse(`${s}T00:00:00Z`);
    return Number.isNaN(t) ? undefined : { t, ns: 0, dateOnly: true };
  }
  const m = ISO_TS.exec(s);
  if (!m) return undefined;
  const frac = m[5] ?? '';
  const ms = frac.slice(0, 3).padEnd(3, '0');
  const ns = Number(frac.slice(3, 9).padEnd(6, '0'));
  let tz = m[6] ?? 'Z';
  if (/^[+-]\d{4}$/.test(tz)) tz = `${tz.slice(0, 3)}:${tz.slice(3)}`;
  const t = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}.${ms}${tz.toUpperCase()}`);
  return Number.isNaN(t) ? undefined : { t, ns, dateOnly: false };
}

function key(v: unknown): Key {
  if (v instanceof Date) return { t: v.getTime(), ns: 0 };
  if (typeof v === 'string') {
    const p = parseIsoTime(v);
    if (p) return { t: p.t, ns: p.ns };
    return v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v) ?? '';
}

/** Raised when two cursor values are of kinds that have no order between them (dlt raises on such a compare too). */
export class CursorKindMismatch extends Error {
  constructor(
    readonly a: unknown,
    readonly b: unknown,
  ) {
    super(`${describeCursor(a)} cannot be compared with ${describeCursor(b)}`);
  }
}

/** A cursor value and its kind for messages: `"abc" (text)`, `42 (number)`. */
export function describeCursor(v: unknown): string {
  const shown = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
  return `${shown} (${cursorKind(v)})`;
}

function cursorKind(v: unknown): string {
  if (v instanceof Date) return 'timestamp';
  if (typeof v === 'string') {
    const p = parseIsoTime(v);
    return p ? (p.dateOnly ? 'date text' : 'timestamp text') : 'text';
  }
  if (typeof v === 'bigint') return 'number';
  return typeof v;
}

const isNumericText = (s: string) => s.trim() !== '' && !Number.isNaN(Number(s));

/**
 * Orders two cursor values: negative when a < b. Numbers (and booleans, as in Python) compare
 * numerically, ISO strings and `Date`s by instant (an ISO string and a Date compare fine), other strings
 * lexically — an ISO string against other text too, as two Python strings would. Numeric strings compare
 * as numbers against numbers. Kinds with no order between them — a number against non-numeric text, a
 * boolean against text, a `Date` against text that is no ISO time — throw `CursorKindMismatch` rather than
 * being compared as text, which would silently filter rows by a meaningless order.
 */
export function compareCursor(a: unknown, b: unknown): number {
  const ka = key(a);
  const kb = key(b);
  if (typeof ka === 'object' && typeof kb === 'object') return ka.t - kb.t || ka.ns - kb.ns;
  const na = typeof ka === 'number' || typeof ka === 'boolean';
  const nb = typeof kb === 'number' || typeof kb === 'boolean';
  if (na && nb) return Number(ka) - Number(kb);
  if (na && typeof b === 'string' && isNumericText(b)) return Number(ka) - Number(b);
  if (nb && typeof a === 'string' && isNumericText(a)) return Number(a) - Number(kb);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof ka === 'string' && typeof kb === 'string') return ka < kb ? -1 : ka > kb ? 1 : 0;
  throw new CursorKindMismatch(a, b);
}

/** An ISO timestamp split into the parts its format is rebuilt from. */
const ISO_TS_PARTS = /^(\d{4})-(\d{2})-(\d{2})([T ])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Moves an ISO timestamp string by `seconds` and writes it back in its own format, as dlt's lag does:
 * the same zone notation and offset (`Z`, `+02:00`, `+0200`, or none for a naive time, moved as UTC),
 * the same date/time separator, and as many fraction digits (a format without seconds or fraction drops
 * what does not fit). Undefined when `s` is no ISO timestamp.
 */
function shiftIsoTimestamp(s: string, seconds: number): string | undefined {
  const m = ISO_TS_PARTS.exec(s);
  const p = parseIsoTime(s);
  if (!m || !p || p.dateOnly) return undefined;
  const zone = m[9];
  let offsetMin = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMin = (digits[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  // whole ms move the instant; the sub-ms digits of the input are kept
  const wall = new Date(p.t + Math.round(seconds * 1000) + offsetMin * 60_000);
  let out = `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}${m[4]}${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
  if (m[7] !== undefined) out += `:${pad(wall.getUTCSeconds())}`;
  if (m[8] !== undefined) out += `.${(pad(wall.getUTCMilliseconds(), 3) + pad(p.ns, 6)).padEnd(m[8].length, '0').slice(0, m[8].length)}`;
  return out + (zone ?? '');
}

/**
 * Moves a cursor value by `lag` in direction `sign` (-1 = back). Timestamps move by seconds, date strings
 * by days, numbers by units (an integer stays an integer, truncated like dlt's `int()`). The result keeps
 * the input's kind and format: an ISO string is written back in its own zone and precision, a Date stays
 * a Date.
 */
export function shiftCursor(v: unknown, lag: number, sign: 1 | -1): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? Math.trunc(v + sign * lag) : v + sign * lag;
  if (typeof v === 'bigint') return v + BigInt(sign * Math.trunc(lag));
  if (v instanceof Date) return new Date(v.getTime() + sign * lag * 1000);
  if (typeof v === 'string') {
    const p = parseIsoTime(v);
    if (p?.dateOnly) return new Date(p.t + sign * lag * 86_400_000).toISOString().slice(0, 10);
    if (p) return shiftIsoTimestamp(v, sign * lag) ?? v;
    if (v.trim() !== '' && !Number.isNaN(Number(v))) return String(Number(v) + sign * lag);
  }
  return v;
}

/** JSON with sorted keys and Python's separators (what dlt hashes with `json.dumps(..., sort_keys=True)`). */
export function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stableJson).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}: ${stableJson(o[k])}`)
      .join(', ')}}`;
  }
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? 'null';
}

/** dlt's `digest128`: shake_128, 15 bytes, base64. */
export function digest128(text: string): string {
  return createHash('shake128', { outputLength: 15 }).update(text).digest('base64');
}
