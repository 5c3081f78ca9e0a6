/**
 * run() as one call — extract, normalize and load — under failure: a source that fails mid-run, a
 * SIGKILL at any moment followed by a rerun, `refresh: 'drop_data'` with a schema change, and job files
 * rotated at `fileMaxBytes`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resource, source } from '../../src/index.js';
import { loadedPackages } from '../../src/storage/load-package.js';
import { tempDir, tempPipeline } from '../helpers.js';
import { feed, runPipeline } from '../fixtures/run-child.js';

describe('run() under failure', () => {
  test('a source failing mid-run after job files were written leaves the destination, the state and the working dir as they were', async () => {
    const { p } = tempPipeline('failing_replace', { fileMaxBytes: 8 * 1024 });
    const rows = (n: number, failAt?: number) =>
      resource(
        async function* (ctx) {
          for (let i = 0; i < n; i += 200) {
            if (failAt !== undefined && i >= failAt) throw new Error('API went away');
            ctx.resourceState.seen = i + 200;
            yield Array.from({ length: 200 }, (_, k) => ({ id: i + k, body: 'y'.repeat(80), parts: [1, 2] }));
          }
        },
        { name: 'docs', write_disposition: 'replace' },
      );
    await p.run(source('docs_source', [rows(2000)]));
    assert.equal(await p.dataset().table('docs').count(), 2000);
    await assert.rejects(p.run(source('docs_source', [rows(4000, 3000)])), /API went away/);
    assert.equal(await p.dataset().table('docs').count(), 2000);
    assert.equal(await p.dataset().table('docs__parts').count(), 4000);
    assert.equal((await p.dataset().loads()).length, 1);
    assert.equal(p.pendingPackages().length, 0);
    assert.equal((p.state.sources.docs_source as any).resources.docs.seen, 2000);
    assert.deepEqual(readdirSync(p.workingDir.tmpDir), []);
    await p.run(source('docs_source', [rows(600)]));
    assert.equal(await p.dataset().table('docs').count(), 600);
    assert.equal(await p.dataset().table('docs__parts').count(), 1200);
  });

  test("refresh 'drop_data' with a new column in the new data empties the tables and loads the new rows (DDL before the truncation)", async () => {
    const { p } = tempPipeline('drop_data_new_column');
    const users = (withEmail: boolean) =>
      resource(
        function* () {
          for (let page = 0; page < 4; page++) {
            yield Array.from({ length: 100 }, (_, k) => ({ id: page * 100 + k, ...(withEmail && page >= 2 ? { email: `u${k}@example.com` } : {}), tags: ['a'] }));
          }
        },
        { name: 'users' },
      );
    await p.run(users(false));
    await p.run(users(true), { refresh: 'drop_data' });
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(email) AS e FROM users');
    assert.deepEqual(r, { n: 400, e: 200 });
    assert.equal(await p.dataset().table('users__tags').count(), 400);
    assert.equal(p.pendingPackages().length, 0);
  });

  test('fileMaxBytes rotates job files: several files per table, every row loaded once', async () => {
    const { p } = tempPipeline('rotated', { fileMaxBytes: 16 * 1024 });
    await p.run(resource(function* () {
      for (let i = 0; i < 3000; i += 500) yield Array.from({ length: 500 }, (_, k) => ({ id: i + k, text: 'r'.repeat(40), tags: ['a', 'b'] }));
    }, { name: 'items' }));
    const pkg = loadedPackages(p.workingDir).at(-1)!;
    const files = readdirSync(join(pkg.dir, 'completed_jobs'));
    assert.ok(files.filter((f) => f.startsWith('items.')).length >= 5, files.join(', '));
    assert.ok(files.filter((f) => f.startsWith('items__tags.')).length >= 2, files.join(', '));
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM items');
    assert.deepEqual(r, { n: 3000, d: 3000 });
    assert.equal(await p.dataset().table('items__tags').count(), 6000);
  });

  test('the unfinished package of a run killed during extraction is removed by the next pipeline in the working dir', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'run-child.ts'), dir, '100000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('PAGE 2000')) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child was not killed: ${out}`))));
    });
    const tmp = join(dir, 'pipelines', 'run_kill', 'tmp');
    assert.equal(readdirSync(tmp).length, 1, 'the killed run left its package being written');
    const p = runPipeline(dir);
    assert.deepEqual(readdirSync(tmp), []);
    await p.run(feed(3000));
    assert.equal(await p.dataset().table('users').count(), 3000);
  });

  test('a run killed at any moment, then rerun, ends with exactly the rows the source served', { timeout: 180_000 }, async () => {
    const N = 12_000;
    for (const delay of [0, 60, 200, 600]) {
      const dir = tempDir();
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'run-child.ts'), dir, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        let armed = false;
        child.stderr.on('data', (d) => (err += d));
        child.stdout.on('data', (d) => {
          out += d;
          if (!armed && out.includes('PAGE 2000')) {
            armed = true;
            setTimeout(() => child.kill('SIGKILL'), delay);
          }
        });
        child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(out) : reject(new Error(`child failed (${code}): ${err}`))));
      });
      const p = runPipeline(dir);
      await p.run(feed(N));
      const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
      assert.deepEqual(r, { n: N, d: N }, `killed ${delay} ms after page 2000 (${out.includes('LOADED') ? 'after' : 'before'} the run finished)`);
      assert.equal(await p.dataset().table('users__tags').count(), 2 * N);
      assert.equal(p.pendingPackages().length, 0);
    }
  });
});
