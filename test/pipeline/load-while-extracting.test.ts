import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resource, source } from '../../src/index.js';
import { captureLogs } from '../sources/rest-api/client/helpers.js';
import { tempDir, tempPipeline } from '../helpers.js';
import { feed, streamPipeline } from '../fixtures/stream-child.js';

/** Pages of users whose schema keeps growing: a new column at page 3, a type change (variant) at page 5, a new child list at page 7. */
function growing(pages: number, size = 400) {
  return resource(
    async function* () {
      for (let p = 0; p < pages; p++) {
        yield Array.from({ length: size }, (_, k) => {
          const id = p * size + k;
          const row: Record<string, unknown> = { id, name: `user ${id} ${'x'.repeat(60)}`, tags: [`t${id % 3}`, `t${id % 7}`] };
          if (p >= 3) row.email = `u${id}@example.com`;
          if (p >= 5) row.score = id % 2 ? id : `s${id}`;
          if (p >= 7) row.orders = [{ n: id, items: [id, id + 1] }];
          return row;
        });
        await new Promise((r) => setTimeout(r, 25)); // the API's latency: the copies keep up with the pages
      }
    },
    { name: 'users', primary_key: 'id', write_disposition: 'merge' },
  );
}

async function snapshot(p: ReturnType<typeof tempPipeline>['p']) {
  const out: Record<string, unknown> = {};
  for (const t of ['users', 'users__tags', 'users__orders', 'users__orders__items']) {
    const cols = (await p.dataset().query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '${p.datasetName}' AND table_name = '${t}' ORDER BY column_name`)) as { column_name: string }[];
    const names = cols.map((c) => c.column_name).filter((c) => !c.startsWith('_dlt_'));
    const rows = await p.dataset().query(`SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM ${t} ORDER BY ${names.map((n) => `"${n}"`).join(', ')}`);
    out[t] = { cols, rows };
  }
  return out;
}

describe('run() loads job files while extracting (DuckDB default)', () => {
  test('same tables, columns, variants and rows as the whole-package load, while the schema grows mid-run', async () => {
    const streamed = tempPipeline('streamed', { fileMaxBytes: 16 * 1024 });
    const whole = tempPipeline('whole', { loadWhileExtracting: false });
    const logs = await captureLogs(() => streamed.p.run(growing(10)), 'DEBUG');
    await whole.p.run(growing(10));
    assert.ok(logs.lines.some((l) => /starting the transaction over/.test(l)), 'a loaded table gained a column: the transaction started over');
    assert.ok(!logs.lines.some((l) => /loading while extracting stopped/.test(l)), logs.lines.join('\n'));
    const a = await snapshot(streamed.p);
    assert.deepEqual(a, await snapshot(whole.p));
    assert.equal(((a.users as { rows: unknown[] }).rows).length, 4000);
    // a second run merges on the primary key with both paths alike
    await streamed.p.run(growing(4));
    await whole.p.run(growing(4));
    assert.deepEqual(await snapshot(streamed.p), await snapshot(whole.p));
    assert.equal(await streamed.p.dataset().table('users').count(), 4000);
    assert.equal((await streamed.p.dataset().loads()).length, 2);
  });

  test('replace empties the old rows in the same transaction; a source failing mid-run leaves the destination and state as they were', async () => {
    const { p } = tempPipeline('streamed_replace', { fileMaxBytes: 8 * 1024 });
    const rows = (n: number, failAt?: number) =>
      resource(
        async function* (ctx) {
          for (let i = 0; i < n; i += 200) {
            if (failAt !== undefined && i >= failAt) throw new Error('API went away');
            ctx.resourceState.seen = i + 200;
            yield Array.from({ length: 200 }, (_, k) => ({ id: i + k, body: 'y'.repeat(80), parts: [1, 2] }));
            await new Promise((r) => setTimeout(r, 1));
          }
        },
        { name: 'docs', write_disposition: 'replace' },
      );
    await p.run(source('docs_source', [rows(2000)]));
    assert.equal(await p.dataset().table('docs').count(), 2000);
    await assert.rejects(p.run(source('docs_source', [rows(4000, 3000)])), /API went away/);
    // Files were copied into the open transaction before the failure: none of it is visible.
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

  test('a schema that keeps growing past the restart limit falls back to the whole-package load, with the same result', async () => {
    const { p } = tempPipeline('streamed_wide', { fileMaxBytes: 4 * 1024 });
    const wide = resource(
      async function* () {
        for (let page = 0; page < 8; page++) {
          yield Array.from({ length: 100 }, (_, k) => ({ id: page * 100 + k, [`col_${page}`]: page, pad: 'z'.repeat(50) }));
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      { name: 'wide' },
    );
    const logs = await captureLogs(() => p.run(wide), 'INFO');
    assert.ok(logs.lines.some((l) => /loading while extracting stopped .*needs a new column/.test(l)), logs.lines.join('\n'));
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(col_0) AS c0, count(col_7) AS c7 FROM wide');
    assert.deepEqual(r, { n: 800, c0: 100, c7: 100 });
  });

  test('a replace whose child table gains a column mid-run restarts the transaction instead of failing its commit', async () => {
    const { p } = tempPipeline('streamed_replace_child', { fileMaxBytes: 4 * 1024 });
    const docs = (pages: number) =>
      resource(
        async function* () {
          for (let page = 0; page < pages; page++) {
            const pad = 'p'.repeat(200); // ~20 KB per table per page: each page finishes a file of each table
            yield Array.from({ length: 100 }, (_, k) => ({ id: page * 100 + k, pad, parts: [page >= 3 ? { n: k, pad, note: `late ${k}` } : { n: k, pad }] }));
            await new Promise((r) => setTimeout(r, 25));
          }
        },
        { name: 'docs', write_disposition: 'replace' },
      );
    await p.run(docs(2));
    const logs = await captureLogs(() => p.run(docs(6)), 'DEBUG');
    assert.ok(!logs.lines.some((l) => /loading while extracting stopped/.test(l)), logs.lines.join('\n'));
    assert.ok(logs.lines.some((l) => /docs__parts needs a new column after its rows changed/.test(l)), logs.lines.join('\n'));
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(note) AS notes FROM docs__parts');
    assert.deepEqual(r, { n: 600, notes: 300 });
    assert.equal(await p.dataset().table('docs').count(), 600);
  });

  for (const loadWhileExtracting of [true, false]) {
    test(`refresh 'drop_data' with a new column in the new data (${loadWhileExtracting ? 'streaming' : 'whole-package'} load)`, async () => {
      const { p } = tempPipeline(`drop_data_${loadWhileExtracting}`, { loadWhileExtracting, fileMaxBytes: 4 * 1024 });
      const users = (withEmail: boolean) =>
        resource(
          async function* () {
            for (let page = 0; page < 4; page++) {
              yield Array.from({ length: 100 }, (_, k) => ({ id: page * 100 + k, ...(withEmail && page >= 2 ? { email: `u${k}@example.com` } : {}), tags: ['a'] }));
              await new Promise((r) => setTimeout(r, 10));
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
  }

  test('a run killed at any moment, then rerun, ends with exactly the rows the source served', { timeout: 180_000 }, async () => {
    const N = 12_000;
    for (const delay of [0, 150, 400, 900]) {
      const dir = tempDir();
      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'stream-child.ts'), dir, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
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
      const p = streamPipeline(dir);
      await p.run(feed(N));
      const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
      assert.deepEqual(r, { n: N, d: N }, `killed ${delay} ms after page 2000 (${out.includes('LOADED') ? 'after' : 'before'} the load finished)`);
      assert.equal(await p.dataset().table('users__tags').count(), 2 * N);
      assert.equal(p.pendingPackages().length, 0);
    }
  });
});
