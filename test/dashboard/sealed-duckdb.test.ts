/**
 * The dashboard reads DuckDB through a sealed instance: read-only, `enable_external_access = false`,
 * `lock_configuration = true`. These tests go below the SQL guard (straight to the read-only query
 * path) to show that DuckDB itself refuses what a hole in the guard's lists would let through.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DashboardContext } from '../../src/dashboard/context.js';
import { queryReadOnly } from '../../src/dashboard/read-only.js';
import { DuckDbDestination } from '../../src/destinations/duckdb/duckdb-destination.js';
import { leaseInstance } from '../../src/destinations/duckdb/duckdb-instances.js';
import { loadFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let ctx: DashboardContext;
const run = { type: 'duckdb', transactional: true, timeoutMs: 10_000 };
/** Runs `sql` as the SQL editor does after its guard, on the dashboard's client. */
const editor = (sql: string) => ctx.withClient((client) => queryReadOnly(client, sql, run));

before(async () => {
  fx = await loadFixture(100);
  ctx = new DashboardContext({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: { type: 'duckdb', path: fx.dbPath } });
});
after(() => rmSync(fx.root, { recursive: true, force: true }));

test('below the guard, DuckDB itself refuses files, other databases, extensions and settings; the dataset still reads', async () => {
  assert.deepEqual(await editor(`SELECT count(*)::INT AS n FROM ${fx.datasetName}.users`), [{ n: 5 }]);
  for (const sql of [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "SELECT * FROM parquet_metadata('/etc/hostname')",
  ]) {
    await assert.rejects(editor(sql), /Permission Error: Cannot access (file|directory) .* disabled by configuration/, sql);
  }
  await assert.rejects(editor(`ATTACH '${fx.root}/other.duckdb' AS other`), /disabled by configuration/);
  await assert.rejects(editor(`COPY (SELECT 1) TO '${fx.root}/out.csv'`), /disabled by configuration|read-only/);
  await assert.rejects(editor('INSTALL httpfs'), /disabled by configuration/);
  // The settings cannot be turned back on, not even outside the dashboard's transaction.
  await ctx.withClient(async (client) => {
    await assert.rejects(client.query('SET enable_external_access = true'), /configuration has been locked/);
    await assert.rejects(client.query("SET memory_limit = '8GB'"), /configuration has been locked/);
    await assert.rejects(client.query(`CREATE TABLE ${fx.datasetName}.x (i INT)`), /read-only mode/);
  });
  assert.deepEqual(await editor(`SELECT name FROM ${fx.datasetName}.users WHERE id = 1`), [{ name: 'Ada Lovelace' }]);
});

test('a pipeline of the same process still loads into the file: its writer waits for the sealed reads, then the dashboard sees its rows', async () => {
  let releaseRead!: () => void;
  let reading!: () => void;
  const started = new Promise<void>((r) => (reading = r));
  const read = ctx.withClient(async (client) => {
    reading();
    await new Promise<void>((r) => (releaseRead = r));
    return client.query(`SELECT count(*)::INT AS n FROM ${fx.datasetName}.users`);
  });
  await started;
  const dest = new DuckDbDestination(fx.dbPath);
  let writerOpen = false;
  const writer = dest.client(fx.datasetName).then((c) => ((writerOpen = true), c));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(writerOpen, false, 'the writer waits: one instance per file in a process');
  releaseRead();
  assert.deepEqual(await read, [{ n: 5 }]);
  const w = await writer;
  try {
    await w.query(`INSERT INTO ${fx.datasetName}.users (id, name, _dlt_load_id, _dlt_id) VALUES (99, 'Late Row', '1', 'late')`);
    // While the writer is in use, the dashboard shares its instance (unsealed) instead of waiting for it.
    const shared = await leaseInstance(fx.dbPath, { sealed: true });
    assert.equal(shared.sealed, false);
    shared.release();
  } finally {
    await w.close();
  }
  // The idle writer gives way to a sealed instance again, which sees the new row.
  const sealed = await leaseInstance(fx.dbPath, { sealed: true });
  assert.equal(sealed.sealed, true);
  sealed.release();
  assert.deepEqual(await editor(`SELECT name FROM ${fx.datasetName}.users WHERE id = 99`), [{ name: 'Late Row' }]);
  await assert.rejects(editor("SELECT * FROM read_csv('/etc/passwd')"), /disabled by configuration/);
});
