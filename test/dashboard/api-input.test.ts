/** Bad input on the table endpoints gets a 400 that says what was wrong, never a 500 from deep inside. */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb } from '../../src/index.js';
import { loadFixture, type Fixture } from './fixture.js';

let fx: Fixture;
let dash: DashboardHandle;

before(async () => {
  fx = await loadFixture(100);
  dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir, destination: duckdb(fx.dbPath) });
});
after(async () => {
  await dash?.close();
  if (fx) rmSync(fx.root, { recursive: true, force: true });
});

async function get(query: string): Promise<{ status: number; body: { error?: string; rows?: unknown[] } }> {
  const r = await fetch(`${dash.url}api/table?${query}`);
  return { status: r.status, body: (await r.json()) as { error?: string; rows?: unknown[] } };
}
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

test('offset and limit must be non-negative integers', async () => {
  for (const [q, re] of [
    ['offset=Infinity', /offset: expected a whole number ≥ 0, got 'Infinity'/],
    ['offset=1e300', /offset: expected a whole number ≥ 0/],
    ['offset=-5', /offset: expected a whole number ≥ 0, got '-5'/],
    ['offset=abc', /offset: expected a whole number ≥ 0, got 'abc'/],
    ['limit=2.5', /limit: expected a whole number ≥ 1, got '2.5'/],
    ['limit=0', /limit: expected a whole number ≥ 1/],
  ] as const) {
    const r = await get(`table=events&${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.body.error ?? '', re, q);
  }
  const big = await get('table=events&limit=99999999&offset=150');
  assert.equal(big.status, 200);
  assert.equal(big.body.rows?.length, 50, 'a huge limit is capped at 1000; 200 rows, 150 skipped');
});

test('filters must be a JSON object of column → text', async () => {
  for (const f of ['null', '[1]', '"x"', '{"kind":{"a":1}}']) {
    const r = await get(`table=events&filters=${encodeURIComponent(f)}`);
    assert.equal(r.status, 400, f);
    assert.match(r.body.error ?? '', /filters: expected a JSON object/, f);
  }
  const n = await get(`table=events&filters=${enc({ event_id: 5 })}`);
  assert.equal(n.status, 200);
  assert.equal(n.body.rows?.length, 1);
});

test('__proto__ and other names that are not columns are refused by name', async () => {
  for (const q of [`filters=${encodeURIComponent('{"__proto__":"x"}')}`, `filters=${enc({ constructor: 'x' })}`, 'sort=__proto__', 'sort=toString']) {
    const r = await get(`table=events&${q}`);
    assert.equal(r.status, 400, q);
    assert.match(r.body.error ?? '', /table events has no column/, q);
  }
});

test('a timestamp filter that is not a timestamp is a 400 naming the forms, not a database error', async () => {
  for (const f of ['>notadate', '2024', '=2024-13-01x']) {
    const r = await get(`table=users&filters=${enc({ updated_at: f })}`);
    assert.equal(r.status, 400, f);
    assert.match(r.body.error ?? '', /is not a timestamp \(expected 2024-03-01/, f);
  }
  const ok = await get(`table=users&filters=${enc({ updated_at: '>=2024-03-04' })}`);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.rows?.length, 2);
  const exact = await get(`table=users&filters=${enc({ updated_at: '2024-03-05T12:30:00Z' })}`);
  assert.equal(exact.status, 200);
  assert.equal(exact.body.rows?.length, 1);
});
