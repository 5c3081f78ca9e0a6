/**
 * SqlClient over one `pg` connection. Job files are bulk-loaded with `COPY ... FROM STDIN (FORMAT csv,
 * HEADER true)`, streamed from disk (never row-by-row INSERT). Errors keep their SQLSTATE (`code`) for
 * the data/connection classification and name the DSN with the password masked.
 */
import { createReadStream } from 'node:fs';
import { pipeline as streamPipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { errorMessage, SluiceError } from '../../common/errors.js';
import type { ColumnSchema } from '../../schema/types.js';
import type { SqlClient } from '../sql/sql-client.js';
import type { PostgresCredentials } from './postgres-credentials.js';
import { postgresDialect as d, sqlState } from './postgres-dialect.js';
import { existingColumnsVia } from '../sql/existing-columns.js';

/** A PostgreSQL error with its SQLSTATE, a masked message and a hint. */
export class PostgresError extends SluiceError {
  constructor(
    message: string,
    /** SQLSTATE, e.g. `08001`, `28P01`, `22P02`. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const BIG = { min: BigInt(Number.MIN_SAFE_INTEGER), max: BigInt(Number.MAX_SAFE_INTEGER) };
/** PostgreSQL's `infinity` / `-infinity` as ±Infinity (as `pg` gives a timestamptz), else `parse(s)`. */
const orInfinite = (parse: (s: string) => unknown) => (s: string) => (s === 'infinity' ? Infinity : s === '-infinity' ? -Infinity : parse(s));
/**
 * The value contract of docs/dataset.md (DuckDB's in duckdb-result-values.ts): int8 as number when safe,
 * numeric as number, date as UTC midnight, naive timestamps as UTC. json/jsonb (parsed), time (text),
 * timestamptz (Date) and bytea (Buffer) keep `pg`'s own parsers.
 */
const TYPE_PARSERS: Record<number, (s: string) => unknown> = {
  20: (s) => {
    const b = BigInt(s);
    return b >= BIG.min && b <= BIG.max ? Number(b) : b;
  },
  1700: (s) => Number(s),
  1082: orInfinite((s) => new Date(`${s}T00:00:00Z`)),
  // timestamp without time zone (`timezone: false`) holds UTC wall time: read it as UTC, not the process's zone.
  1114: orInfinite((s) => new Date(s.replace(' ', 'T') + 'Z')),
};
const types = {
  getTypeParser: ((oid: number, format?: string) => TYPE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const NUL_HINT = ' — PostgreSQL text and jsonb cannot hold the NUL character (\\u0000); remove it from the data before it is loaded';

/** What to tell the user for well-known failures (by SQLSTATE or network error code, and the server's message). */
function hintFor(code: string | undefined, dataset?: string, message = ''): string {
  switch (code) {
    case '22021': // invalid byte sequence: COPY of text with a NUL reads it as byte 0x00
      return /0x00/.test(message) ? NUL_HINT : '';
    case '22P05': // untranslatable character: a \u0000 escape in jsonb
      return /\\u0000/.test(message) ? NUL_HINT : '';
    case '28P01':
    case '28000':
      return ' — check the username and password';
    case '3D000':
      return ' — the database does not exist; create it or fix the database name';
    case '42501':
      return dataset ? ` — the role may not use dataset schema "${dataset}" (owned by another role?); grant it USAGE and CREATE, or choose another dataset_name` : ' — permission denied';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return ' — is the server running and reachable?';
    default:
      return '';
  }
}

function networkCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown })?.code;
  if (typeof c === 'string' && /^E[A-Z]+$/.test(c)) return c;
  // AggregateError (several addresses tried) carries the codes on its members.
  const inner = (e as { errors?: unknown[] })?.errors?.[0];
  return inner ? networkCode(inner) : undefined;
}

export class PostgresSqlClient implements SqlClient {
  #dataset?: string;
  private constructor(
    private readonly conn: pg.Client,
    readonly credentials: PostgresCredentials,
  ) {}

  /** Connects; failures name the DSN (password masked), the cause and a hint. */
  static async connect(credentials: PostgresCredentials, dataset?: string): Promise<PostgresSqlClient> {
    const conn = new pg.Client({ application_name: 'sluice', ...credentials.toClientConfig(), types });
    // An idle connection that the server drops must not crash the process: errors surface on the next query.
    conn.on('error', () => undefined);
    const t0 = Date.now();
    try {
      await conn.connect();
    } catch (e) {
      await conn.end().catch(() => undefined);
      const timedOut = credentials.connectTimeout > 0 && Date.now() - t0 >= credentials.connectTimeout * 1000 - 50;
      const code = sqlState(e) ?? networkCode(e) ?? (timedOut ? 'ETIMEDOUT' : undefined);
      const msg = timedOut && !sqlState(e) ? `no answer within connect_timeout (${credentials.connectTimeout} s)` : errorMessage(e) || code || 'connection failed';
      throw new PostgresError(`cannot connect to ${credentials.toDisplayString()}: ${msg}${code ? ` (${code})` : ''}${hintFor(code)}`, code ?? '08001', { cause: e });
    }
    const c = new PostgresSqlClient(conn, credentials);
    c.#dataset = dataset;
    return c;
  }

  #wrap(e: unknown, what: string): PostgresError {
    if (e instanceof PostgresError) return e;
    const code = sqlState(e) ?? networkCode(e);
    const pe = e as { detail?: string; where?: string };
    const detail = pe.detail ? ` (${pe.detail})` : '';
    return new PostgresError(
      `postgres: ${what} failed: ${errorMessage(e)}${detail}${code ? ` [SQLSTATE ${code}]` : ''}${hintFor(code, this.#dataset, errorMessage(e) + detail)}`,
      code,
      { cause: e },
    );
  }

  async execute(sql: string): Promise<void> {
    try {
      await this.conn.query(sql);
    } catch (e) {
      throw this.#wrap(e, shortSql(sql));
    }
  }

  async query(sql: string): Promise<Record<string, unknown>[]> {
    try {
      return (await this.conn.query(sql)).rows as Record<string, unknown>[];
    } catch (e) {
      throw this.#wrap(e, shortSql(sql));
    }
  }

  begin() {
    return this.execute('BEGIN');
  }
  commit() {
    return this.execute('COMMIT');
  }
  rollback() {
    return this.execute('ROLLBACK');
  }

  /** `COPY <t> (cols) FROM STDIN WITH (FORMAT csv, HEADER true)`, streaming `file`. Empty unquoted = NULL. */
  async copyCsv(qualifiedTable: string, file: string, columns: readonly ColumnSchema[]): Promise<number> {
    const sql = `COPY ${qualifiedTable} (${columns.map((c) => d.quoteIdent(c.name)).join(', ')}) FROM STDIN WITH (FORMAT csv, HEADER true)`;
    const stream = this.conn.query(copyFrom(sql));
    try {
      await streamPipeline(createReadStream(file, { highWaterMark: 1 << 20 }), stream);
    } catch (e) {
      throw this.#wrap(e, `COPY into ${qualifiedTable} from ${file.split(/[\\/]/).pop()}`);
    }
    return stream.rowCount;
  }

  existingColumns(schemaName: string): Promise<Map<string, Set<string>>> {
    return existingColumnsVia((sql) => this.query(sql), d, schemaName);
  }

  async close(): Promise<void> {
    await this.conn.end().catch(() => undefined);
  }
}

function shortSql(sql: string): string {
  const one = sql.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? one.slice(0, 117) + '...' : one;
}
