/**
 * A DuckDB file deleted or replaced while this process still has it open (a run a moment ago, a
 * notebook, a scheduler loop): the next step opens the file now at the path, not the deleted one,
 * whose rows would vanish when it closes.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline } from '../../src/index.js';
import { tempDir } from '../helpers.js';

function at(dir: string, file = 'lc.duckdb') {
  return pipeline({ pipelineName: 'lc', destination: { type: 'duckdb', path: join(dir, file) }, datasetName: 'lc_data', pipelinesDir: join(dir, 'pipelines') });
}

test('a DuckDB file deleted right after a run: the next run creates a new file and its rows are in it', async () => {
  const dir = tempDir();
  await at(dir).run([{ id: 1 }, { id: 2 }], { table_name: 't' });
  rmSync(join(dir, 'lc.duckdb'));
  const p = at(dir);
  await p.run([{ id: 3 }], { table_name: 't' });
  assert.ok(existsSync(join(dir, 'lc.duckdb')), 'the run wrote a file at the path');
  assert.deepEqual((await p.dataset().query('SELECT id FROM t ORDER BY id')).map((r) => Number(r.id)), [3], 'the deleted file’s rows are not in the new one');
});

test('a DuckDB file replaced by another (moved over it) while open: queries read the file now at the path', async () => {
  const dir = tempDir();
  await at(dir, 'other.duckdb').run([{ id: 7 }], { table_name: 't' });
  await new Promise((r) => setTimeout(r, 400)); // other.duckdb closed, so it can be copied whole
  const p = at(dir);
  await p.run([{ id: 1 }], { table_name: 't' });
  copyFileSync(join(dir, 'other.duckdb'), join(dir, 'copy.duckdb'));
  renameSync(join(dir, 'copy.duckdb'), join(dir, 'lc.duckdb')); // as `mv other.duckdb lc.duckdb`
  assert.deepEqual((await p.dataset().query('SELECT id FROM t')).map((r) => Number(r.id)), [7]);
});

test('a DuckDB path in folders that do not exist yet: the first run makes them; the local state records the file', async () => {
  const dir = tempDir();
  const p = at(dir, 'data/2024/lc.duckdb');
  await p.run([{ id: 1 }], { table_name: 't' });
  assert.ok(existsSync(join(dir, 'data/2024/lc.duckdb')));
  assert.equal(await p.dataset().table('t').count(), 1);
  const state = JSON.parse(readFileSync(join(dir, 'pipelines/lc/state.json'), 'utf8'));
  assert.equal(state._local.database_file, join(dir, 'data/2024/lc.duckdb'));
});
