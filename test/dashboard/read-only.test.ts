import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openBrowser } from '../../src/dashboard/index.js';
import { queryReadOnly } from '../../src/dashboard/read-only.js';
import { DuckDbDestination } from '../../src/destinations/duckdb/duckdb-destination.js';

test('queries run in a read-only transaction that is rolled back (second line of defence behind the guard)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-ro-'));
  const dest = new DuckDbDestination(join(dir, 'ro.duckdb'));
  const setup = await dest.client('main');
  await setup.query('CREATE TABLE t AS SELECT 1 AS a');
  await setup.close();
  const c = await dest.client('main');
  const ro = { type: 'duckdb', transactional: true, timeoutMs: 10_000 };
  try {
    assert.deepEqual(await queryReadOnly(c, 'SELECT a FROM t', ro), [{ a: 1 }]);
    await assert.rejects(queryReadOnly(c, 'DELETE FROM t', ro), /read-only|read only/i);
    await assert.rejects(queryReadOnly(c, 'DROP TABLE t', ro), /read-only|read only/i);
    assert.deepEqual(await c.query('SELECT count(*)::INT AS n FROM t'), [{ n: 1 }], 'table and rows still there; no transaction left open');
  } finally {
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('openBrowser is best effort and never throws', async () => {
  assert.equal(await openBrowser('javascript:alert(1)'), false);
});
