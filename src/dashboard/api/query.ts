/** The SQL editor: one read-only statement, at most `MAX_QUERY_ROWS` rows back, run in a rolled-back read-only transaction with a time limit. */
import { checkReadOnlySql } from '../sql-guard.js';
import { QUERY_TIMEOUT_MS, queryReadOnly } from '../read-only.js';
import { toGrid } from '../serialize.js';
import { ApiError, type Handler } from './types.js';

/** Rows the grid shows for a query (dlt's dashboard shows 1000 too). */
export const MAX_QUERY_ROWS = 1000;

/** Statements that can be wrapped in `SELECT * FROM (...) LIMIT n` so the destination stops early. */
const WRAPPABLE = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE']);

/** What the dashboard puts before a query to add its row limit (on the user's first line, so line numbers stay theirs). */
const WRAPPER = 'SELECT * FROM (';

/** DuckDB quotes the line of an error: on line 1 that starts with the wrapper; drop it and move the `^` back. */
function unwrapFirstLine(message: string, offset: number): string {
  if (offset !== WRAPPER.length) return message;
  return message.replace(/(LINE 1: )SELECT \* FROM \((.*)\n( *)\^/, (all, label: string, rest: string, pad: string) =>
    pad.length >= label.length + offset ? `${label}${rest}\n${pad.slice(offset)}^` : all);
}

/**
 * The database's own message for a failed query. A database that reports the character where the
 * error is (PostgreSQL's `position`, 1-based in the SQL sent) gets its message with that place marked
 * in the user's text, as DuckDB's `LINE n: … ^` does, instead of the client's message, which quotes the
 * SQL the dashboard wrapped the query in.
 */
function databaseMessage(e: unknown, userSql: string, offset: number): string {
  const message = e instanceof Error ? e.message : String(e);
  const cause = (e as { cause?: { message?: unknown; position?: unknown; code?: unknown } } | undefined)?.cause;
  const at = Number(cause?.position) - 1 - offset;
  if (typeof cause?.message !== 'string' || !Number.isInteger(at) || at < 0 || at > userSql.length) return unwrapFirstLine(message, offset);
  const before = userSql.slice(0, at).split('\n');
  const lineNo = before.length;
  const line = userSql.split('\n')[lineNo - 1] ?? '';
  const prefix = `LINE ${lineNo}: `;
  const code = typeof cause.code === 'string' ? ` [SQLSTATE ${cause.code}]` : '';
  return `${cause.message}${code}\n\n${prefix}${line}\n${' '.repeat(prefix.length + before[lineNo - 1]!.length)}^`;
}

export const query: Handler = async (ctx, _url, body) => {
  const sql = typeof (body as { sql?: unknown })?.sql === 'string' ? (body as { sql: string }).sql : '';
  const check = checkReadOnlySql(sql);
  if (!check.ok) throw new ApiError(check.reason, 400, { refused: true });
  // The user's first line stays line 1, so the line numbers in the database's errors are the user's.
  const wrap = WRAPPABLE.has(check.kind) ? WRAPPER : '';
  const run = wrap ? `${wrap}${check.sql}\n) AS sluice_query LIMIT ${MAX_QUERY_ROWS + 1}` : check.sql;
  const t0 = performance.now();
  let rows: Record<string, unknown>[];
  try {
    const timeoutMs = ctx.target.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    rows = await ctx.withClient((client, dest) => queryReadOnly(client, run, { type: dest.type, transactional: dest.capabilities.transactional, timeoutMs }));
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(databaseMessage(e, check.sql, wrap.length));
  }
  const elapsedMs = Math.round(performance.now() - t0);
  const truncated = rows.length > MAX_QUERY_ROWS;
  return { ...toGrid(rows.slice(0, MAX_QUERY_ROWS)), truncated, elapsedMs, limit: MAX_QUERY_ROWS };
};
