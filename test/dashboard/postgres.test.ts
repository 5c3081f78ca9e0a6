/**
 * The dashboard's API over a PostgreSQL dataset (the browser tests run on DuckDB): every page's data
 * comes from the dataset API and the destination client, so the same endpoints must work on both.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DashboardContext } from '../../src/dashboard/context.js';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { queryReadOnly } from '../../src/dashboard/read-only.js';
import { dropPgSchemaAfter, pgAdmin, PG_DSN, postgresSelected } from '../destinations/targets.js';
import { loadFixture, SECRET_VALUE, type Fixture } from './fixture.js';

const skip = !postgresSelected() && 'DESTINATIONS does not include postgres';
const dataset = `pgt_${process.pid}_dashboard`;
let fx: Fixture;
let dash: DashboardHandle;
const bodies: string[] = [];

async function get(path: string): Promise<{ status: number; json: any }> {
  const r = await fetch(dash.url + path.replace(/^\//, ''));
  const text = await r.text();
  bodies.push(text);
  return { status: r.status, json: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}
async function post(path: string, body: unknown): Promise<{ status: number; json: any }> {
  const r = await fetch(dash.url + path.replace(/^\//, ''), { method: 'POST', headers: { 'content-type': 'application/json', origin: dash.url.replace(/\/$/, '') }, body: JSON.stringify(body) });
  const text = await r.text();
  bodies.push(text);
  return { status: r.status, json: JSON.parse(text) };
}

before(async () => {
  if (skip) return;
  dropPgSchemaAfter(dataset);
  const destination = { type: 'postgres', credentials: PG_DSN };
  fx = await loadFixture(500, destination, dataset);
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination, port: 0 });
});
after(async () => {
  await dash?.close();
});

test('dashboard API on PostgreSQL: overview, loads, schema, tables with counts, paged sorted filtered rows, state, SQL', { skip }, async () => {
  const ov = await get('/api/overview');
  assert.equal(ov.status, 200, JSON.stringify(ov.json));
  assert.match(JSON.stringify(ov.json), /postgres/);

  const loads = await get('/api/loads');
  assert.equal(loads.status, 200);
  assert.equal(JSON.stringify(loads.json).match(/"status":0/g)?.length ?? 0, 2, JSON.stringify(loads.json).slice(0, 400));

  assert.equal((await get('/api/schema')).status, 200);

  const tables = await get('/api/tables');
  assert.equal(tables.status, 200);
  assert.match(JSON.stringify(tables.json), /"events"/);

  const rows = await get(`/api/table?table=events&sort=event_id&dir=desc&limit=5&offset=0&count=1&filters=${encodeURIComponent(JSON.stringify({ kind: 'purch' }))}`);
  assert.equal(rows.status, 200, JSON.stringify(rows.json));
  const grid = rows.json as { columns: { name: string }[]; rows: unknown[][] };
  const names = grid.columns.map((c) => c.name);
  const id = names.indexOf('event_id');
  const kind = names.indexOf('kind');
  assert.ok(grid.rows.length > 0 && grid.rows.length <= 5, JSON.stringify(rows.json).slice(0, 600));
  assert.ok(grid.rows.every((r) => r[kind] === 'purchase'));
  const ids = grid.rows.map((r) => Number(r[id]));
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'sorted descending');
  assert.equal(ids[0], fx.eventsTotal - 1 - ((fx.eventsTotal - 1 - 2) % 3), 'the largest purchase id first');

  const state = await get('/api/state');
  assert.equal(state.status, 200);
  assert.match(JSON.stringify(state.json), /updated_at|last_value/);

  const q = await post('/api/query', { sql: 'SELECT count(*) AS n FROM events' });
  assert.equal(q.status, 200, JSON.stringify(q.json));
  assert.equal(Number((q.json as { rows: unknown[][] }).rows[0]![0]), fx.eventsTotal);
  const drop = await post('/api/query', { sql: 'DROP TABLE events' });
  assert.equal(drop.status, 400);
  const still = await post('/api/query', { sql: 'SELECT count(*) AS n FROM events' });
  assert.equal(Number((still.json as { rows: unknown[][] }).rows[0]![0]), fx.eventsTotal);

  for (const b of bodies) assert.ok(!b.includes(SECRET_VALUE), 'the secret appears in no response');
});

test('a query past the time limit is stopped by PostgreSQL with a clear error', { skip }, async () => {
  const destination = { type: 'postgres', credentials: PG_DSN };
  const limited = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination, port: 0, queryTimeoutMs: 500 });
  try {
    const send = (sql: string) =>
      fetch(limited.url + 'api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }), signal: AbortSignal.timeout(15_000) });
    const t0 = Date.now();
    const r = await send('SELECT count(*) FROM generate_series(1, 100000000000) g');
    const body = (await r.json()) as { error: string; timedOut?: boolean };
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(body.error, /stopped after 500 ms: the dashboard's time limit/);
    assert.equal(body.timedOut, true);
    assert.ok(Date.now() - t0 < 5000);
    const ok = await send('SELECT count(*) AS n FROM events');
    assert.equal(Number(((await ok.json()) as { rows: unknown[][] }).rows[0]![0]), fx.eventsTotal);
  } finally {
    await limited.close();
  }
});

test('paging a table, unsorted or sorted by a column with repeated values, shows every row once while rows move in the heap', { skip }, async () => {
  for (const sort of ['', '&sort=kind&dir=desc']) {
    const seen: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await get(`/api/table?table=events&limit=100&offset=${offset}${sort}`);
      assert.equal(page.status, 200, JSON.stringify(page.json));
      const grid = page.json as { columns: { name: string }[]; rows: unknown[][] };
      const at = grid.columns.findIndex((c) => c.name === '_dlt_id');
      const ids = grid.rows.map((r) => String(r[at]));
      seen.push(...ids);
      if (ids.length < 100) break;
      // Deleted and inserted again, the page's rows go to the end of the heap: an unordered scan returns them later again.
      await pgAdmin(`WITH m AS (DELETE FROM "${dataset}".events WHERE _dlt_id IN (${ids.map((i) => `'${i}'`).join(', ')}) RETURNING *) INSERT INTO "${dataset}".events SELECT * FROM m`);
    }
    assert.equal(seen.length, fx.eventsTotal, `${sort || 'unsorted'}: rows read`);
    assert.equal(new Set(seen).size, fx.eventsTotal, `${sort || 'unsorted'}: every row once`);
  }
});

test('a query PostgreSQL rejects shows its own message and the line the user wrote, not the SQL the dashboard wrapped it in', { skip }, async () => {
  const r = await post('/api/query', { sql: 'SELECT event_id,\n  nope\nFROM events' });
  assert.equal(r.status, 400);
  const error = (r.json as { error: string }).error;
  assert.doesNotMatch(error, /sluice_query|LIMIT 1001/);
  assert.match(error, /column "nope" does not exist/);
  assert.match(error, /LINE 2:   nope\n {10}\^$/);
});

test('below the guard, a superuser\'s query runs as pg_read_all_data: no server files or programs; the tables read; the role is back after the rollback', { skip }, async () => {
  const ctx = new DashboardContext({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: { type: 'postgres', credentials: PG_DSN } });
  const run = { type: 'postgres', transactional: true, timeoutMs: 10_000 };
  await ctx.withClient(async (client) => {
    const [me] = await client.query('SELECT current_user AS u, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS s');
    assert.equal(me?.s, true, 'the test role is a superuser');
    assert.deepEqual(await queryReadOnly(client, 'SELECT current_user AS u', run), [{ u: 'pg_read_all_data' }]);
    for (const sql of ["SELECT pg_read_file('/etc/hostname')", "SELECT pg_ls_dir('.')", "SELECT lo_import('/etc/hostname')", "COPY (SELECT 1) TO PROGRAM 'true'"]) {
      await assert.rejects(queryReadOnly(client, sql, run), /permission denied|must be superuser|pg_execute_server_program/, sql);
    }
    assert.equal(Number((await queryReadOnly(client, 'SELECT count(*) AS n FROM events', run))[0]!.n), fx.eventsTotal);
    assert.deepEqual(await client.query('SELECT current_user AS u'), [{ u: me!.u }]);
  });
});

test('a dropped dataset: the overview says so and counts nothing (runs last: it drops the schema)', { skip }, async () => {
  await pgAdmin(`DROP SCHEMA "${dataset}" CASCADE`);
  const ov = await get('/api/overview');
  assert.equal(ov.status, 200);
  assert.match(ov.json.destinationProblem, new RegExp(`the dataset ${dataset} is not in the destination postgresql://.*: it was dropped after 2 loads went to it`));
  assert.match(JSON.stringify(ov.json.tables), /"error"/);
});
