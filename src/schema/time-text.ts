/**
 * ISO date and time text brought to dlt's UTC convention (dlt `normalize_timezone`, `ensure_pendulum_date`,
 * `ensure_pendulum_time`): a timestamp without a zone means UTC, a date is the UTC day of an instant, a
 * time with an offset is its UTC time of day without the offset. The inputs are already known to be ISO
 * text (see infer.ts); these functions only rewrite them.
 */
import { isRealDate } from './infer.js';

/** Where the zone (`Z`, `+02:00`, `-0500`) of an ISO timestamp starts, or -1 when it has none. */
export function zoneStart(s: string): number {
  // The date and the hour:minute take 16 characters; after them come only digits, ':' and '.' until the zone.
  for (let i = 16; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 90 /* Z */ || c === 43 /* + */ || c === 45 /* - */) return i;
  }
  return -1;
}

/** An ISO timestamp as UTC: one without a zone gets `Z` (naive means UTC, as in dlt), one with a zone is kept. */
export function utcTimestampText(s: string): string {
  return zoneStart(s) < 0 ? s + 'Z' : s;
}

/**
 * An ISO timestamp as the same instant in UTC, with `Z`: `2024-05-01T23:30:00.5-05:00` is
 * `2024-05-02T04:30:00.5Z`. For `timezone: false` columns, whose destination types drop a zone instead
 * of applying it (DuckDB `TIMESTAMP`, PostgreSQL `timestamp without time zone`). Seconds and their
 * fraction are kept as written: offsets are whole minutes.
 */
export function utcInstantText(s: string): string {
  const z = zoneStart(s);
  if (z < 0) return s + 'Z';
  if (s[z] === 'Z') return s;
  const utc = utcMinute(s, z);
  return `${ymd(utc)}T${pad2(utc.getUTCHours())}:${pad2(utc.getUTCMinutes())}${s.slice(16, z)}Z`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Offset minutes of a zone (`Z`, `+02`, `+0200`, `-05:30`). */
function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const hh = Number(zone.slice(1, 3));
  const mm = Number(zone.slice(zone[3] === ':' ? 4 : 3) || 0);
  return sign * (hh * 60 + mm);
}

/** The UTC day (`YYYY-MM-DD`) of an ISO timestamp: `2024-05-01T23:00:00-05:00` is 2024-05-02. */
export function utcDateOf(s: string): string {
  const z = zoneStart(s);
  if (z < 0) return s.slice(0, 10);
  return ymd(utcMinute(s, z));
}

/** The UTC date and minute of an ISO timestamp with a zone starting at `z` (years 0–99 included). */
function utcMinute(s: string, z: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  d.setUTCHours(Number(s.slice(11, 13)), Number(s.slice(14, 16)) - offsetMinutes(s.slice(z)));
  return d;
}

/** `YYYY-MM-DD` of a Date in UTC. */
function ymd(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** `YYYYMMDD` (ISO 8601's basic form) as `YYYY-MM-DD`, or undefined when it is not a real day. */
export function compactDate(s: string): string | undefined {
  const m = COMPACT_DATE.exec(s);
  return m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO time of day (`HH:MM[:SS[.fff]]`, optionally with a zone) as naive UTC text, or undefined when
 * it is not one (an hour past 23, a minute or second past 59). `12:34:56+02:00` is `10:34:56`.
 */
export function utcTimeText(s: string): string | undefined {
  const m = ISO_TIME.exec(s);
  if (!m) return undefined;
  const [, hh, mi, ss, frac, zone] = m;
  if (Number(hh) > 23 || Number(mi) > 59 || (ss !== undefined && Number(ss) > 59)) return undefined;
  if (zone === undefined || zone === 'Z') return zone ? s.slice(0, -1) : s;
  const off = offsetMinutes(zone);
  if (Math.abs(off) > 15 * 60 + 59 || Number(zone.slice(-2)) > 59) return undefined;
  const minutes = (((Number(hh) * 60 + Number(mi) - off) % 1440) + 1440) % 1440;
  const hm = `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
  return ss === undefined ? hm : `${hm}:${ss}${frac ?? ''}`;
}
