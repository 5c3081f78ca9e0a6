/**
 * Runs a user's query inside a read-only transaction that is always rolled back, when the destination
 * allows it (DuckDB and PostgreSQL accept `BEGIN TRANSACTION READ ONLY`), and stops it after a time
 * limit: PostgreSQL through `statement_timeout`, DuckDB by interrupting its connection. On PostgreSQL a
 * superuser's query runs as `pg_read_all_data` (no file or program rights). Destinations
 * without transactions (plain files) run the query as is; the SQL guard has already refused writes.
 */
import type { DestinationClient } from '../destinations/destination.js';
import { ApiError } from './api/types.js';

/** How long a query of the SQL editor may run by default (ms). */
export const QUERY_TIMEOUT_MS = 60_000;

/** Statements that make the destination itself end a statement after `ms`, run inside the transaction. */
const SERVER_TIMEOUT: Partial<Record<string, (ms: number) => string>> = {
  postgres: (ms) => `SET LOCAL statement_timeout = ${Math.ceil(ms)}`,
};

/**
 * Statements that take rights away from the query, run inside the transaction (so the rollback gives
 * them back). PostgreSQL: a superuser's query could read server files (`pg_read_file`, `lo_import`) or
 * run programs (`COPY … TO PROGRAM`) if it got past the SQL guard, so it runs as the predefined role
 * `pg_read_all_data` (PostgreSQL 14+), which reads every table and has none of those rights. Other roles
 * keep their own rights: what they were granted is theirs to use.
 */
const LOWER_RIGHTS: Partial<Record<string, (client: DestinationClient) => Promise<void>>> = {
  postgres: async (client) => {
    const [me] = await client.query("SELECT rolsuper AS superuser, current_setting('server_version_num')::int >= 140000 AS has_role FROM pg_roles WHERE rolname = current_user");
    if (me?.superuser === true && me.has_role === true) await client.query('SET LOCAL ROLE pg_read_all_data');
  },
};

/** How `sql` runs. */
export interface ReadOnlyRun {
  /** The destination type (`duckdb`, `postgres`, …). */
  type: string;
  /** Whether the destination has transactions. */
  transactional: boolean;
  /** The time limit (ms). */
  timeoutMs: number;
}

function timeoutError(ms: number): ApiError {
  const limit = ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
  return new ApiError(`Query stopped after ${limit}: the dashboard's time limit for a query. Narrow it (a WHERE, a LIMIT), or run it from your code with \`pipeline.dataset().query()\`.`, 400, { timedOut: true });
}

/** Rows of `sql`, run read-only where the destination supports it; an `ApiError` with `timedOut` past the limit. */
export async function queryReadOnly(client: DestinationClient, sql: string, run: ReadOnlyRun): Promise<Record<string, unknown>[]> {
  let inTx = false;
  if (run.transactional) {
    for (const begin of ['BEGIN TRANSACTION READ ONLY', 'BEGIN TRANSACTION']) {
      try {
        await client.query(begin);
        inTx = true;
        break;
      } catch {
        // try the next form; a destination may not know READ ONLY
      }
    }
  }
  const serverTimeout = inTx ? SERVER_TIMEOUT[run.type] : undefined;
  try {
    if (serverTimeout) await client.query(serverTimeout(run.timeoutMs));
    if (inTx) await LOWER_RIGHTS[run.type]?.(client);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      client.interrupt?.();
      reject(timeoutError(run.timeoutMs));
    }, run.timeoutMs + (serverTimeout ? 1000 : 0)); // the server's own limit normally ends it first
  });
  const work = client.query(sql);
  try {
    return await Promise.race([work, limit]);
  } catch (e) {
    if (timedOut || /statement timeout/i.test(e instanceof Error ? e.message : String(e))) throw timeoutError(run.timeoutMs);
    throw e;
  } finally {
    clearTimeout(timer);
    // An interrupted query settles soon; wait for it so the client is idle before it is rolled back and closed.
    if (timedOut) await work.catch(() => undefined);
    if (inTx) await client.query('ROLLBACK').catch(() => undefined);
  }
}
