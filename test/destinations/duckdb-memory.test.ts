import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import { tempDir } from '../helpers.js';
import { captureLogs } from '../sources/rest-api/client/helpers.js';

/** A pipeline into `<name>.duckdb` in a temp dir, dataset `<name>_data`. */
function duckPipeline(name: string, memoryLimit?: string) {
  const dir = tempDir();
  return pipeline({ pipelineName: name, destination: { type: 'duckdb', path: join(dir, `${name}.duckdb`), memoryLimit }, datasetName: `${name}_data`, pipelinesDir: join(dir, 'pipelines') });
}

test('a package wider than DuckDB memory_limit still loads: the limit is raised and the package retried', async () => {
  const p = duckPipeline('wide', '4MB');
  // 30 child tables of 30 columns each: DuckDB needs a buffer block per column being written.
  const records = Array.from({ length: 50 }, (_, i) =>
    Object.fromEntries(Array.from({ length: 30 }, (_, t) => [`list${t}`, [Object.fromEntries(Array.from({ length: 30 }, (_, c) => [`c${c}`, `${i}-${t}-${c}`]))]])),
  );
  const { result: info, lines: logs } = await captureLogs(() => p.run(resource(records, { name: 'wide' })), 'INFO');
  assert.equal(info.hasFailedJobs, false);
  assert.ok(logs.some((l) => /out of memory while loading; memory_limit raised to \d+ MiB, retrying the package/.test(l)), logs.join('\n'));
  const counts = await p.dataset().rowCounts();
  assert.equal(counts.wide__list29, 50);
  assert.equal(Object.keys(counts).length, 31);
});

test('rows of several MB load (a 3 MB JSON value), and a 64MB memory_limit loads a package without raising it', async () => {
  const p = duckPipeline('big', '64MB');
  const blob = { text: 'b'.repeat(3_000_000), list: [1, 2, 3] };
  const rows = function* () {
    yield [{ id: 0, payload: blob }];
    for (let i = 1; i < 40_000; i += 5000) yield Array.from({ length: 5000 }, (_, k) => ({ id: i + k, name: `row ${i + k}`, tags: ['x', 'y'] }));
  };
  const { lines: logs } = await captureLogs(() => p.run(resource(rows, { name: 'items', columns: { payload: { data_type: 'json' } } })), 'INFO');
  assert.ok(!logs.some((l) => /memory_limit raised/.test(l)), logs.join('\n'));
  const [r] = await p.dataset().query(`SELECT length(CAST(payload AS VARCHAR)) AS n FROM items WHERE id = 0`);
  assert.ok((r!.n as number) > 3_000_000);
  assert.equal(await p.dataset().table('items').count(), 40_001);
  assert.equal(await p.dataset().table('items__tags').count(), 80_000);
});

test('without a memoryLimit the budget is sized from the widest table: 150 columns load without an out-of-memory retry', async () => {
  const p = duckPipeline('sized');
  const limit = async () => String((await p.dataset().query(`SELECT current_setting('memory_limit') AS v`))[0]!.v);
  await p.run(resource([{ id: 1, name: 'narrow' }], { name: 'narrow' }));
  assert.equal(await limit(), '256.0 MiB'); // queries get the query default; the load had its own budget
  const pages = function* () {
    for (let i = 0; i < 30_000; i += 5000) yield Array.from({ length: 5000 }, (_, k) => Object.fromEntries(Array.from({ length: 150 }, (_, c) => [`col${c}`, `v${i + k}_${c}`])));
  };
  const { lines: logs } = await captureLogs(() => p.run(resource(pages, { name: 'wide' })), 'INFO');
  assert.ok(!logs.some((l) => /memory_limit raised/.test(l)), logs.join('\n'));
  assert.equal(await p.dataset().table('wide').count(), 30_000);
  assert.equal(await limit(), '256.0 MiB');
  // A query that needs more than a load's 48 MiB floor runs (it would run out of memory there).
  await p.dataset().query(`CREATE TABLE sized_data.big AS SELECT range % 1000 AS g, md5(range::VARCHAR) AS h FROM range(2000000)`);
  const [r] = await p.dataset().query(`SELECT count(*) AS n FROM (SELECT g, len(list(h)) AS k FROM sized_data.big GROUP BY g)`);
  assert.equal(r!.n, 1000);
});

test('a memoryLimit the user sets stays as given after loads', async () => {
  const p = duckPipeline('given', '1GB');
  await p.run(resource([{ id: 1 }], { name: 'one' }));
  const [r] = await p.dataset().query(`SELECT current_setting('memory_limit') AS v`);
  assert.match(String(r!.v), /^(953\.6 MiB|1000\.0 MiB|1\.0 GiB)$/);
});
