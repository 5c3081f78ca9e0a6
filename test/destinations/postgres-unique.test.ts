/**
 * dlt's `create_indexes` (default true) on PostgreSQL: a column with the `unique` hint — `_dlt_id` of
 * every table, and any column hinted `unique: true` — is created `UNIQUE`; `create_indexes: false`
 * creates no constraint. Staging tables of a replace carry them too (staging-optimized swaps them in);
 * those of a merge do not (an upsert's key-hash ids are checked unique by the loader with a clearer error).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pipeline } from '../../src/index.js';
import { uniquePgDataset, PG_DSN, pgAdmin, postgresSelected } from './targets.js';
import { tempDir } from '../helpers.js';

const skip = !postgresSelected() && 'DESTINATIONS does not select postgres';
const uniqueDataset = uniquePgDataset;

/** `table.column` of every UNIQUE constraint in `schema`. */
async function uniqueColumns(schema: string): Promise<string[]> {
  const rows = await pgAdmin<{ t: string; c: string }>(
    `SELECT tc.table_name AS t, kcu.column_name AS c FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     WHERE tc.table_schema = '${schema}' AND tc.constraint_type = 'UNIQUE'`,
  );
  return rows.map((r) => `${r.t}.${r.c}`).sort();
}

describe('postgres create_indexes', { skip }, () => {
  test('unique-hinted columns (_dlt_id, unique: true) are UNIQUE by default, as in dlt', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'uniq_p', destination: { type: 'postgres', credentials: PG_DSN }, datasetName: ds, pipelinesDir: tempDir() });
    await p.run([{ id: 1, code: 'a', tags: ['x'] }], { table_name: 'items', columns: { code: { unique: true } } });
    assert.deepEqual(await uniqueColumns(ds), ['_dlt_pipeline_state._dlt_id', 'items._dlt_id', 'items.code', 'items__tags._dlt_id']);
    await p.run([{ id: 2, code: 'b', more: 1 }], { table_name: 'items', columns: { code: { unique: true } } });
    const dup = await p.run([{ id: 3, code: 'a' }], { table_name: 'items', columns: { code: { unique: true } } }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(String(dup?.message), /duplicate key value violates unique constraint.*23505/);
    assert.deepEqual(await pgAdmin(`SELECT code FROM "${ds}".items ORDER BY code`), [{ code: 'a' }, { code: 'b' }]);
  });

  test('a merge that breaks a UNIQUE column fails its job at once: the package is aborted, not left pending to fail again', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'uniq_merge', destination: { type: 'postgres', credentials: PG_DSN }, datasetName: ds, pipelinesDir: tempDir() });
    const hints = { table_name: 'm', write_disposition: 'merge' as const, primary_key: 'id', columns: { code: { unique: true } } };
    await p.run([{ id: 1, code: 'a' }], hints);
    await assert.rejects(p.run([{ id: 2, code: 'a' }], hints), (e: Error) => {
      assert.match(e.message, /job m\.[0-9a-f]+\.csv failed: .*duplicate key value violates unique constraint "m_code_key".*23505.*was aborted/s);
      return true;
    });
    assert.equal(p.pendingPackages().length, 0);
    assert.deepEqual(await pgAdmin(`SELECT id, code FROM "${ds}".m`), [{ id: '1', code: 'a' }]);
  });

  test('staging-optimized replace keeps the constraints of the table it swaps in', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'uniq_so', destination: { type: 'postgres', credentials: PG_DSN, replace_strategy: 'staging-optimized' }, datasetName: ds, pipelinesDir: tempDir() });
    for (let i = 0; i < 2; i++) await p.run([{ id: i, tags: ['x'] }], { table_name: 'r', write_disposition: 'replace' });
    assert.deepEqual(await uniqueColumns(ds), ['_dlt_pipeline_state._dlt_id', 'r._dlt_id', 'r__tags._dlt_id']);
  });

  test('a table switched to scd2 loses the UNIQUE on its _dlt_id (a row version that repeats); its children keep theirs', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'uniq_scd2', destination: { type: 'postgres', credentials: PG_DSN }, datasetName: ds, pipelinesDir: tempDir() });
    await p.run([{ id: 1, code: 'a', tags: ['x'] }], { table_name: 'users' });
    assert.deepEqual(await uniqueColumns(ds), ['_dlt_pipeline_state._dlt_id', 'users._dlt_id', 'users__tags._dlt_id']);
    const scd2 = (rows: unknown[], boundary: string) =>
      p.run(rows, { table_name: 'users', write_disposition: { disposition: 'merge', strategy: 'scd2', boundary_timestamp: boundary } });
    await scd2([{ id: 2, code: 'b', tags: ['y'] }], '2024-01-01');
    await scd2([{ id: 3, code: 'c' }], '2024-02-01');
    // The record of the second load comes back as it was: its row hash repeats as a new active version.
    await scd2([{ id: 2, code: 'b', tags: ['y'] }], '2024-03-01');
    const active = await pgAdmin(`SELECT id FROM "${ds}".users WHERE _dlt_valid_to IS NULL`);
    assert.deepEqual(active, [{ id: '2' }]);
    assert.equal((await pgAdmin(`SELECT count(*) AS n FROM "${ds}".users WHERE id = 2`))[0]!.n, '2');
    assert.deepEqual(await uniqueColumns(ds), ['_dlt_pipeline_state._dlt_id', 'users__tags._dlt_id']);
  });

  test('create_indexes: false creates no constraint', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'uniq_off', destination: { type: 'postgres', credentials: PG_DSN, create_indexes: false }, datasetName: ds, pipelinesDir: tempDir() });
    await p.run([{ id: 1, code: 'a' }], { table_name: 'items', columns: { code: { unique: true } } });
    assert.deepEqual(await uniqueColumns(ds), []);
  });
});
