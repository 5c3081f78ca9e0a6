/**
 * A process that ends right after its last run (the CLI, a script, a cron job) leaves a DuckDB file
 * that holds its rows by itself: the database is checkpointed at exit, so copying or uploading the
 * `.duckdb` file alone (without its `.wal`) loses nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { tempDir } from '../helpers.js';

const child = join(import.meta.dirname, '..', 'fixtures', 'exit-after-run.ts');

function runChild(dir: string, mode: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', child, dir, mode], { encoding: 'utf8', timeout: 60_000 });
}

/** The ids in `exit_data.items` of the database; `alone`: of a copy of the `.duckdb` file without its WAL. */
async function ids(dir: string, alone: boolean): Promise<number[]> {
  let file = join(dir, 'exit.duckdb');
  if (alone) {
    mkdirSync(join(dir, 'copy'));
    copyFileSync(file, join(dir, 'copy', 'exit.duckdb'));
    file = join(dir, 'copy', 'exit.duckdb');
  }
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll('SELECT id FROM exit_data.items ORDER BY id');
    return r.getRows().map((row) => Number(row[0]));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

test('a process that ends right after run(): the .duckdb file alone holds the rows (checkpointed at exit)', async () => {
  const dir = tempDir();
  const r = runChild(dir, 'end');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(join(dir, 'exit.duckdb.wal')), false, 'no WAL left beside the file');
  const loaded = await ids(dir, true);
  assert.equal(loaded.length, 500);
  assert.equal(loaded[499], 499);
});

test('process.exit() while a run is loading: exits with its code; the committed run is there, the other whole or not at all', async () => {
  const dir = tempDir();
  const r = runChild(dir, 'exit-mid-load');
  assert.equal(r.status, 3, r.stderr);
  const loaded = await ids(dir, false);
  assert.ok(loaded.length === 500 || loaded.length === 50_500, `${loaded.length} rows`);
});
