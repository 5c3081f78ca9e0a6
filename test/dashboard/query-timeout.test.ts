/**
 * A runaway query in the SQL editor: the dashboard stops it after its time limit (DuckDB: interrupted,
 * so it stops using the CPU) and says so, instead of running it until the process ends.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb } from '../../src/index.js';
import { loadFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let dash: DashboardHandle;

before(async () => {
  fx = await loadFixture(10);
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath), queryTimeoutMs: 1000 });
});
after(async () => {
  await dash?.close();
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

const post = (sql: string) =>
  fetch(dash.url + 'api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql }), signal: AbortSignal.timeout(15_000) });

test('a query past the time limit is stopped with a clear error; the next query runs', async () => {
  const t0 = Date.now();
  const r = await post('SELECT count(*) FROM range(1000000000000) a');
  assert.equal(r.status, 400);
  const body = (await r.json()) as { error: string; timedOut?: boolean };
  assert.match(body.error, /stopped after 1 s: the dashboard's time limit for a query/);
  assert.equal(body.timedOut, true);
  assert.ok(Date.now() - t0 < 8000, `answered after ${Date.now() - t0} ms`);
  // Interrupted, not left running: the process uses (almost) no CPU afterwards.
  await new Promise((res) => setTimeout(res, 300));
  const cpu0 = process.cpuUsage();
  await new Promise((res) => setTimeout(res, 1500));
  const used = process.cpuUsage(cpu0);
  assert.ok(used.user + used.system < 600_000, `the query still runs: ${(used.user + used.system) / 1000} ms CPU in 1.5 s`);
  const ok = await post('SELECT count(*) AS n FROM users');
  assert.equal(ok.status, 200);
  assert.deepEqual(((await ok.json()) as { rows: unknown[][] }).rows, [[5]]);
});
