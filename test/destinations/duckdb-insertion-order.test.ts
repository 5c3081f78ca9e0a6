import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const pages = (n: number) =>
  function* () {
    for (let i = 0; i < n; i += 10_000) yield Array.from({ length: 10_000 }, (_, k) => ({ id: i + k, name: `user ${i + k}`, tags: ['a', 'b'] }));
  };

const setting = async (p: ReturnType<typeof pipeline>) => (await p.dataset().query(`SELECT current_setting('preserve_insertion_order') AS v`))[0]!.v;

test('loads run without insertion order, every row arrives, and queries afterwards keep DuckDB order preservation', async () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'unordered', destination: { type: 'duckdb', path: join(dir, 'u.duckdb') }, datasetName: 'u_data', pipelinesDir: join(dir, 'pipelines') });
  await p.run(resource(pages(200_000), { name: 'users' }));
  assert.equal(await setting(p), true);
  const [r] = await p.dataset().query(`SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS lo, max(id) AS hi FROM users`);
  assert.deepEqual(r, { n: 200_000, ids: 200_000, lo: 0, hi: 199_999 });
  const [c] = await p.dataset().query(`SELECT count(*) AS n FROM users__tags t JOIN users u ON t._dlt_parent_id = u._dlt_id`);
  assert.equal(c!.n, 400_000);
});

test('a load that fails and rolls back also restores the setting', async () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'rolled', destination: { type: 'duckdb', path: join(dir, 'r.duckdb') }, datasetName: 'r_data', pipelinesDir: join(dir, 'pipelines') });
  await p.run(resource([{ id: 1 }], { name: 'items' }));
  await p.extract(resource([{ id: 2 }], { name: 'items' }));
  await p.normalize();
  // A job file DuckDB cannot read (here: a directory) is not a data error: the load rolls back and the
  // package stays pending.
  const { mkdirSync, readdirSync, rmSync } = await import('node:fs');
  const pkgDir = join(p.workingDir.normalizedDir, readdirSync(p.workingDir.normalizedDir)[0]!, 'new_jobs');
  const job = join(pkgDir, readdirSync(pkgDir).find((f) => f.startsWith('items.'))!);
  rmSync(job);
  mkdirSync(job);
  await assert.rejects(p.load());
  assert.equal(p.pendingPackages().length, 1);
  assert.equal(await setting(p), true);
});

test('preserveInsertionOrder: true keeps the rows of a job file in file order', async () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'ordered', destination: { type: 'duckdb', path: join(dir, 'o.duckdb'), preserveInsertionOrder: true }, datasetName: 'o_data', pipelinesDir: join(dir, 'pipelines') });
  await p.run(resource(pages(200_000), { name: 'users' }));
  const [r] = await p.dataset().query(`SELECT count(*) AS n FROM (SELECT id, row_number() OVER () - 1 AS pos FROM users) WHERE id <> pos`);
  assert.equal(r!.n, 0);
});
