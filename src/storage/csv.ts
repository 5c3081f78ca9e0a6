/**
 * The normalized job file format: RFC 4180 CSV with a header line, one file per table (rotated when the
 * table gains columns). Both DuckDB (`read_csv`) and PostgreSQL (`COPY ... CSV HEADER`) bulk-load it
 * natively, and the filesystem destination converts it to jsonl/parquet. Encoding rules: NULL is an
 * empty unquoted field, every text-like value is quoted (so an empty string stays distinct from NULL),
 * json is serialized JSON, binary is `\x<hex>` (PostgreSQL's bytea text form), bool is true/false.
 */
import { DataValidationError } from '../common/errors.js';
import { isInt64 } from '../schema/infer.js';
import { findNonJson, jsonStringify, mayHideNonJson } from '../schema/json-value.js';
import type { ColumnSchema, DataType } from '../schema/types.js';

/**
 * Where a row is encoded: a byte buffer and the write position. Encoders write into `buf` directly, so
 * a row makes no intermediate strings (per-value strings and concatenations were ~40% of the cost of
 * writing a package, most of it garbage collection). `room(n)` guarantees `n` free bytes after `pos`,
 * writing the buffer out first (possibly mid-row) or growing it.
 */
export interface CsvOut {
  buf: Buffer;
  pos: number;
  room(n: number): void;
}

export type Encoder = (out: CsvOut, v: unknown) => void;

type Utf8Write = (this: Buffer, s: string, offset: number) => number;
/** Buffer's native UTF-8 writer, without `buf.write`'s argument handling (falls back to it). */
const utf8Write: Utf8Write = (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write ?? function (this: Buffer, s, offset) {
  return this.write(s, offset);
};

/** Strings shorter than this are copied byte by byte while ASCII (cheaper than a native call). */
const SHORT = 40;

/** A quoted field: `"` around, inner `"` doubled. */
function putQuoted(out: CsvOut, s: string): void {
  const n = s.length;
  if (n < SHORT) {
    // The common case in one pass: short, ASCII, no quote. Anything else starts over below.
    out.room(n + 2);
    const buf = out.buf;
    let p = out.pos;
    buf[p++] = 34;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127 || c === 34) break;
      buf[p++] = c;
    }
    if (i === n) {
      buf[p++] = 34;
      out.pos = p;
      return;
    }
  }
  if (s.indexOf('"') !== -1) s = s.replace(/"/g, '""');
  out.room(s.length * 3 + 2); // UTF-8 takes at most 3 bytes per UTF-16 code unit
  out.buf[out.pos++] = 34;
  out.pos += utf8Write.call(out.buf, s, out.pos);
  out.buf[out.pos++] = 34;
}

/** An unquoted field that is ASCII (numbers). */
function putPlain(out: CsvOut, s: string): void {
  out.room(s.length);
  const buf = out.buf;
  let p = out.pos;
  for (let i = 0; i < s.length; i++) buf[p++] = s.charCodeAt(i);
  out.pos = p;
}

/**
 * Text of recent non-integer numbers, direct-mapped by a hash of the double's bits: `String(x)` of a
 * double costs ~200–300 ns, and API data often repeats such values (prices, amounts, rates).
 */
const DOUBLE_BITS = 12;
const DOUBLE_SLOTS = 1 << DOUBLE_BITS;
const doubleKeys = new Float64Array(DOUBLE_SLOTS).fill(Number.NaN);
const doubleText: string[] = new Array<string>(DOUBLE_SLOTS).fill('');
const bits = new Float64Array(1);
const bitWords = new Uint32Array(bits.buffer);

function doubleString(v: number): string {
  bits[0] = v;
  const h = Math.imul(bitWords[0]! ^ Math.imul(bitWords[1]!, 0x9e3779b1), 0x85ebca6b) >>> (32 - DOUBLE_BITS);
  if (doubleKeys[h] === v) return doubleText[h]!;
  // From 2^53 on, String() gives the shortest text that reads back as the same double (2**60 →
  // "1152921504606847000"), not its exact value (…976), which a bigint column would store. Integers
  // in the int64 range are written exactly; beyond it they are doubles ("1e+21" is exact there).
  const s = Math.abs(v) >= 2 ** 53 && isInt64(v) ? BigInt(v).toString() : String(v);
  doubleKeys[h] = v;
  doubleText[h] = s;
  return s;
}

/**
 * A number: integers in ±2^31 are written digit by digit (no string); other doubles via
 * {@link doubleString} (integers from 2^53 to 2^63 with their exact digits); negative zero as `-0`
 * (`String(-0)` is `0`); a BigInt as its decimal digits.
 */
function putNumber(out: CsvOut, v: unknown): void {
  if (typeof v !== 'number') return putPlain(out, String(v));
  if ((v | 0) !== v) return putPlain(out, doubleString(v));
  if (v === 0 && 1 / v < 0) return putPlain(out, '-0');
  out.room(11);
  const buf = out.buf;
  let p = out.pos;
  let n = v;
  if (n < 0) {
    buf[p++] = 45;
    n = -n;
  }
  let digits = 1;
  for (let x = n; x >= 10; x = (x / 10) | 0) digits++;
  p += digits;
  out.pos = p;
  do {
    buf[--p] = 48 + (n % 10);
    n = (n / 10) | 0;
  } while (n > 0);
}

const asText: Encoder = (o, v) => putQuoted(o, typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : String(v));

/** ISO timestamps without seconds (`2024-05-01T10:00Z`) get `:00`: DuckDB does not read them otherwise. */
const asTimestamp: Encoder = (o, v) => {
  if (typeof v === 'string' && v.length >= 16 && v.charCodeAt(13) === 58 && v.charCodeAt(16) !== 58) return putQuoted(o, v.slice(0, 16) + ':00' + v.slice(16));
  asText(o, v);
};

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');

const ENCODERS: Record<DataType, Encoder> = {
  text: asText,
  timestamp: asTimestamp,
  date: asText,
  time: asText,
  decimal: asText,
  bigint: putNumber,
  double: putNumber,
  bool: (o, v) => {
    const b = v ? TRUE : FALSE;
    o.room(b.length);
    o.pos += b.copy(o.buf, o.pos);
  },
  json: (o, v) => putQuoted(o, jsonText(v, undefined)),
  binary: (o, v) => putQuoted(o, '\\x' + Buffer.from(v as Uint8Array).toString('hex')),
};

/** The header line for columns. */
export function csvHeader(columns: readonly ColumnSchema[]): string {
  return columns.map((c) => '"' + c.name.replace(/"/g, '""') + '"').join(',') + '\n';
}

/**
 * A json value's text, a BigInt inside written as its digits. `JSON.stringify` throws on a cyclic value,
 * and writes a Map, Set or typed array inside as `{}` or an object of indices: each raises an error
 * naming the column (`where`) and, for the latter, the path inside the value.
 */
function jsonText(v: unknown, where: string | undefined): string {
  let text: string;
  try {
    text = jsonStringify(v)!;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const at = where ?? 'a json column';
    if (/circular/i.test(msg)) throw new DataValidationError(`${at}: the value is cyclic (an object or list that contains itself) and cannot be stored as json`);
    throw new DataValidationError(`${at}: the value cannot be serialized as json: ${msg}`);
  }
  const bad = mayHideNonJson(text) ? findNonJson(v) : undefined;
  if (bad) throw new DataValidationError(`${where ?? 'a json column'}: ${bad.path} in the json value: ${bad.reason}`);
  return text;
}

/** One value encoder per column, for rows of a table in `columns` order (`table` names it in errors). */
export function csvEncoders(columns: readonly ColumnSchema[], table?: string): Encoder[] {
  return columns.map((c) => {
    if (c.data_type !== 'json') return ENCODERS[c.data_type ?? 'text'];
    const where = table === undefined ? `column ${c.name}` : `${table}.${c.name}`;
    return (o, v) => putQuoted(o, jsonText(v, where));
  });
}

/** Encodes one row (values aligned with the encoders' columns; null/undefined = NULL) as a CSV line, newline included. */
export function encodeCsvRow(out: CsvOut, values: readonly unknown[], encoders: readonly Encoder[]): void {
  for (let i = 0; i < encoders.length; i++) {
    const v = values[i];
    if (i) {
      if (out.pos >= out.buf.length) out.room(1);
      out.buf[out.pos++] = 44;
    }
    if (v !== null && v !== undefined) encoders[i]!(out, v);
  }
  if (out.pos >= out.buf.length) out.room(1);
  out.buf[out.pos++] = 10;
}

/** Parses the header line of a job file (column names). */
export function parseCsvHeader(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"]|"")*)"|([^,]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line.replace(/\r?\n$/, '')))) out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!);
  return out;
}
