/**
 * Runs a user's query inside a read-only transaction that is always rolled back, when the destination
 * allows it (DuckDB and PostgreSQL accept `BEGIN TRANSACTION READ ONLY`). Destinations without
 * transactions (plain files) run the query as is; the SQL guard has already refused writes.
 */
import type { DestinationClient } from '../destinations/destination.js';

/** Rows of `sql`, run read-only where the destination supports it. */
export async function queryReadOnly(client: DestinationClient, sql: string, transactional: boolean): Promise<Record<string, unknown>[]> {
  let inTx = false;
  if (transactional) {
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
  try {
    return await client.query(sql);
  } finally {
    if (inTx) await client.query('ROLLBACK').catch(() => undefined);
  }
}
