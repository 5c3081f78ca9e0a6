/**
 * DuckDB query results as the plain JS values every destination returns (the contract in
 * docs/dataset.md, which PostgreSQL's `pg` type parsers meet too):
 *
 * | data type | JS value |
 * |---|---|
 * | text | string |
 * | bigint | number when within ±(2^53 − 1), else bigint |
 * | double | number |
 * | bool | boolean |
 * | timestamp (zoned or naive) | Date (milliseconds; a finer fraction is cut towards the past); ±Infinity for ±infinity |
 * | date | Date at UTC midnight; ±Infinity for ±infinity |
 * | time | `'HH:MM:SS[.ffffff]'` text, the fraction without trailing zeros (PostgreSQL's output) |
 * | decimal | number (the double nearest to the exact decimal) |
 * | json | the parsed value (object, array, string, number, boolean, null) |
 * | binary | Buffer |
 *
 * `@duckdb/node-api`'s own JS converter gives a JSON column as its text, a TIME as a bigint of
 * microseconds, every BIGINT as a bigint, cuts a timestamp's fraction towards zero (a pre-1970 timestamp
 * moves forward) and throws on an infinite date or timestamp; other types keep its values.
 */
import { DuckDBTypeId, JSDuckDBValueConverter, type DuckDBResultReader, type DuckDBValueConverter, type JS } from '@duckdb/node-api';

const SAFE = { min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) };
/** DuckDB's ±infinity timestamps (±(2^63 − 1) in the type's unit). */
const INFINITE = 2n ** 63n - 1n;
/** DuckDB's ±infinity dates (±(2^31 − 1) days). */
const INFINITE_DAYS = 2 ** 31 - 1;

/** A bigint as a number when no precision is lost, else as is. */
function plainInteger(v: bigint): number | bigint {
  return v >= SAFE.min && v <= SAFE.max ? Number(v) : v;
}

/** `HH:MM:SS[.ffffff]` for microseconds since midnight, as PostgreSQL prints a `time`. */
function timeText(micros: bigint): string {
  const us = Number(micros);
  const s = Math.floor(us / 1e6);
  const pad = (n: number) => String(n).padStart(2, '0');
  const frac = String(us % 1e6)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}${frac ? '.' + frac : ''}`;
}

/**
 * A timestamp of `count` units since the epoch (`perMilli` units a millisecond, or `millisPer`
 * milliseconds a unit) as a Date cut towards the past, or ±Infinity.
 */
function instant(count: bigint, perMilli: bigint, millisPer = 1n): Date | number {
  if (count === INFINITE) return Infinity;
  if (count === -INFINITE) return -Infinity;
  const q = count / perMilli;
  return new Date(Number((count % perMilli < 0n ? q - 1n : q) * millisPer));
}

/** The value of the named field of a DuckDB value class (`micros`, `nanos`, ...). */
const field = (v: unknown, name: string): bigint => (v as Record<string, bigint>)[name]!;

/** The converter for a DuckDB result; nested values (lists, structs) go through it too. */
const plain: DuckDBValueConverter<JS> = (value, type, self) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return type.alias === 'JSON' ? JSON.parse(value as string) : value;
    case DuckDBTypeId.DATE: {
      const days = (value as unknown as { days: number }).days;
      return Math.abs(days) === INFINITE_DAYS ? Math.sign(days) * Infinity : new Date(days * 86_400_000);
    }
    case DuckDBTypeId.TIME:
      return timeText(field(value, 'micros'));
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return instant(field(value, 'micros'), 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return instant(field(value, 'nanos'), 1_000_000n);
    case DuckDBTypeId.TIMESTAMP_S:
      return instant(field(value, 'seconds'), 1n, 1000n);
    case DuckDBTypeId.TIMESTAMP_MS:
      return instant(field(value, 'millis'), 1n);
    case DuckDBTypeId.BLOB: {
      const bytes = JSDuckDBValueConverter(value, type, self) as Uint8Array;
      return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
  }
  const v = JSDuckDBValueConverter(value, type, self);
  return typeof v === 'bigint' ? plainInteger(v) : v;
};

/**
 * The rows of a DuckDB result as plain JS values (see the table above). Values are converted by the
 * result's column types, not the data chunks' vector types: only the former carry the `JSON` alias.
 * A repeated column name gets a suffix (`id`, `id:1`), as in `getRowObjectsJS`.
 */
export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
  const names = reader.deduplicatedColumnNames();
  const types = reader.columnTypes();
  return reader.getRows().map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) out[names[i]!] = plain(row[i]!, types[i]!, plain);
    return out;
  });
}
