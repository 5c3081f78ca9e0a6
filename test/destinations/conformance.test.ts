/**
 * One body of destination tests, run over every destination selected by `DESTINATIONS` (default
 * `duckdb,postgres,filesystem`). Where destinations differ, the tests read the difference from the
 * destination's capabilities (merge falls back to append on plain files; replace strategies; identifier
 * length), never from its name.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resource, source, type Pipeline, type WriteDisposition } from '../../src/index.js';
import { selectedTargets, type TargetContext } from './targets.js';

const sorted = <T extends Record<string, unknown>>(rows: T[], key = 'id') => [...rows].sort((a, b) => Number(a[key]) - Number(b[key]));

async function count(p: Pipeline, table: string): Promise<number> {
  return p.dataset().table(table).count();
}

/** Parent id → sorted child values, through `_dlt_parent_id`. */
async function childrenOf(p: Pipeline, parent: string, child: string, col: string): Promise<Record<string, unknown[]>> {
  const rows = await p.dataset().query(`SELECT u.id AS id, c.${col} AS v FROM ${parent} u JOIN ${child} c ON c._dlt_parent_id = u._dlt_id`);
  const out: Record<string, unknown[]> = {};
  for (const r of rows) (out[String(r.id)] ??= []).push(r.v);
  for (const k in out) out[k]!.sort();
  return out;
}

const orders = (rows: { id: number; status: string; items: { sku: string; parts: number[] }[] }[]) => rows;

for (const target of selectedTargets()) {
  describe(`destination ${target.name}`, () => {
    test('append: every run adds rows; child tables follow', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('append_p');
      const data = [
        { id: 1, name: 'Ann', tags: ['a', 'b'] },
        { id: 2, name: 'Bob', tags: [] },
      ];
      await p.run(data, { table_name: 'people' });
      const info = await p.run(data, { table_name: 'people' });
      assert.equal(info.hasFailedJobs, false);
      assert.equal(await count(p, 'people'), 4);
      assert.equal(await count(p, 'people__tags'), 4);
      const loads = await p.dataset().loads();
      assert.equal(loads.length, 2);
      assert.ok(loads.every((l) => Number(l.status) === 0 && l.schema_name === 'append_p'));
    });

    describe('replace', () => {
      const strategies = async () => (await target.context()).capabilities.replaceStrategies;
      for (const strategy of ['truncate-and-insert', 'insert-from-staging', 'staging-optimized'] as const) {
        test(`replace (${strategy} where supported): only the last run's rows remain, children included`, async (t) => {
          if (!(await strategies()).includes(strategy)) return t.skip(`${target.name} does not offer ${strategy}`);
          const ctx = await target.context();
          const p = ctx.pipeline('replace_p');
          const wd: WriteDisposition = { disposition: 'replace', strategy };
          await p.run(
            [
              { id: 1, tags: ['a', 'b'] },
              { id: 2, tags: ['c'] },
              { id: 3, tags: [] },
            ],
            { table_name: 'snap', write_disposition: wd },
          );
          await p.run([{ id: 4, tags: ['z'] }], { table_name: 'snap', write_disposition: wd });
          assert.deepEqual(sorted(await p.dataset().query('SELECT id FROM snap')), [{ id: 4 }]);
          assert.deepEqual(await childrenOf(p, 'snap', 'snap__tags', 'value'), { 4: ['z'] });
          // A run without child rows empties the child table too.
          await p.run([{ id: 5, tags: [] }, { id: 6 }], { table_name: 'snap', write_disposition: wd });
          assert.deepEqual(sorted(await p.dataset().query('SELECT id FROM snap')), [{ id: 5 }, { id: 6 }]);
          assert.equal(await count(p, 'snap__tags'), 0);
          // And a later run can fill it again.
          await p.run([{ id: 7, tags: ['q', 'r'] }], { table_name: 'snap', write_disposition: wd });
          assert.deepEqual(await childrenOf(p, 'snap', 'snap__tags', 'value'), { 7: ['q', 'r'] });
        });
      }

      test('replace: a resource that dispatches rows to tables by item and yields nothing empties every table it filled before; other resources keep theirs', async () => {
        const ctx = await target.context();
        const p = ctx.pipeline('replace_dispatch_p');
        const events = (rows: { kind: string; id: number; tags: string[] }[]) =>
          resource(rows, { name: 'events', write_disposition: 'replace', table_name: (row) => `${row.kind}_events` });
        const kept = resource([{ id: 9, tags: ['k'] }], { name: 'kept', write_disposition: 'replace' });
        await p.run([events([{ kind: 'push', id: 1, tags: ['a'] }, { kind: 'star', id: 2, tags: ['b', 'c'] }]), kept]);
        assert.deepEqual(await p.dataset().rowCounts(), { push_events: 1, push_events__tags: 1, star_events: 1, star_events__tags: 2, kept: 1, kept__tags: 1 });
        await p.run(events([]));
        assert.deepEqual(await p.dataset().rowCounts(), { push_events: 0, push_events__tags: 0, star_events: 0, star_events__tags: 0, kept: 1, kept__tags: 1 });
        // A run with rows for one of the tables replaces that one only (dlt leaves the tables the run did not reach).
        await p.run(events([{ kind: 'push', id: 1, tags: ['a'] }, { kind: 'star', id: 2, tags: [] }]));
        await p.run(events([{ kind: 'push', id: 3, tags: [] }]));
        assert.deepEqual(await p.dataset().rowCounts(), { push_events: 1, push_events__tags: 0, star_events: 1, star_events__tags: 0, kept: 1, kept__tags: 1 });
      });
    });

    for (const strategy of ['delete-insert', 'upsert'] as const) {
      test(`merge ${strategy}: an updated parent replaces its children and grandchildren, no duplicates`, async () => {
        const ctx = await target.context();
        const p = ctx.pipeline(`merge_${strategy.replace('-', '_')}`);
        const hints = { table_name: 'orders', primary_key: 'id', write_disposition: { disposition: 'merge', strategy } as WriteDisposition };
        await p.run(
          orders([
            { id: 1, status: 'new', items: [{ sku: 'a', parts: [1, 2] }, { sku: 'b', parts: [3] }] },
            { id: 2, status: 'new', items: [{ sku: 'c', parts: [4] }] },
          ]),
          hints,
        );
        await p.run(orders([{ id: 1, status: 'paid', items: [{ sku: 'd', parts: [9] }] }]), hints);
        if (ctx.capabilities.mergeFallsBackToAppend) {
          // Plain files cannot merge: dlt appends (with a warning).
          assert.equal(await count(p, 'orders'), 3);
          assert.equal(await count(p, 'orders__items'), 4);
          return;
        }
        assert.deepEqual(sorted(await p.dataset().query('SELECT id, status FROM orders')), [
          { id: 1, status: 'paid' },
          { id: 2, status: 'new' },
        ]);
        assert.deepEqual(await childrenOf(p, 'orders', 'orders__items', 'sku'), { 1: ['d'], 2: ['c'] });
        const parts = await p.dataset().query('SELECT i.sku AS sku, x.value AS v FROM orders__items i JOIN orders__items__parts x ON x._dlt_parent_id = i._dlt_id');
        assert.deepEqual(parts.map((r) => `${r.sku}:${r.v}`).sort(), ['c:4', 'd:9']);
        // The same update again changes nothing.
        await p.run(orders([{ id: 1, status: 'paid', items: [{ sku: 'd', parts: [9] }] }]), hints);
        assert.equal(await count(p, 'orders'), 2);
        assert.equal(await count(p, 'orders__items'), 2);
        assert.equal(await count(p, 'orders__items__parts'), 2);
      });
    }

    test('merge deduplicates rows with the same primary key within one load', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('dedup_p');
      await p.run(
        [
          { id: 1, v: 'first', kids: [1] },
          { id: 1, v: 'second', kids: [2] },
          { id: 2, v: 'only', kids: [] },
        ],
        { table_name: 'dups', primary_key: 'id', write_disposition: 'merge' },
      );
      if (ctx.capabilities.mergeFallsBackToAppend) {
        assert.equal(await count(p, 'dups'), 3);
        return;
      }
      const rows = sorted(await p.dataset().query('SELECT id, v FROM dups'));
      assert.equal(rows.length, 2);
      assert.deepEqual(rows.map((r) => r.id), [1, 2]);
      assert.ok(['first', 'second'].includes(String(rows[0]!.v)));
      // The surviving parent keeps exactly its own children.
      const kids = await childrenOf(p, 'dups', 'dups__kids', 'value');
      assert.equal(kids['1']?.length, 1);
      assert.equal(kids['2'], undefined);
    });

    test('merge: a root job the destination rejects leaves the earlier rows and their children as they were', async (t) => {
      const ctx = await target.context();
      if (ctx.capabilities.mergeFallsBackToAppend) return t.skip('merge appends on this destination');
      const p = ctx.pipeline('merge_reject_p', { raiseOnFailedJobs: false });
      const items = (v: string) => resource(Array.from({ length: 50 }, (_, i) => ({ id: i + 1, v, tags: ['a', 'b'] })), { name: 'items', primary_key: 'id', write_disposition: 'merge' });
      await p.run(items('first'));
      await p.run(items('second')); // leaves its rows in the staging tables, as every merge does
      await p.extract(items('third'));
      await p.normalize();
      const [pkg] = p.pendingPackages();
      const job = pkg!.jobs().find((j) => j.table === 'items')!;
      const path = pkg!.jobPath(job);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/\n1,/, '\nnot-a-number,'));
      const info = await p.load();
      assert.equal(info.hasFailedJobs, true);
      assert.equal(await count(p, 'items'), 50);
      assert.deepEqual([...new Set((await p.dataset().query('SELECT v FROM items')).map((r) => r.v))], ['second']);
      // Before the fix, the second run's rows left in staging were merged in again and took every child with them.
      assert.equal(await count(p, 'items__tags'), 100);
      const kids = await childrenOf(p, 'items', 'items__tags', 'value');
      assert.deepEqual(kids['1'], ['a', 'b']);
    });

    test('a job the destination rejects aborts the whole package: no rows, no state, kept on disk; the next run loads the data once', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('abort_p');
      const events = (ids: number[]) =>
        resource(
          ids.map((id) => ({ id, tags: ['x'] })),
          { name: 'events', incremental: { cursor_path: 'id', initial_value: 0 } },
        );
      await p.run([{ id: 1 }], { table_name: 'other' });
      await p.run(events([1, 2]));
      const stateBefore = structuredClone(p.state.sources);
      await p.extract(events([1, 2, 3, 4]));
      await p.normalize();
      const [pkg] = p.pendingPackages();
      const job = pkg!.jobs().find((j) => j.table === 'events')!;
      writeFileSync(pkg!.jobPath(job), readFileSync(pkg!.jobPath(job), 'utf8').replace(/\n3,/, '\nnot-a-number,'));
      await assert.rejects(p.load(), (e: Error) => {
        assert.match(e.message, new RegExp(`job ${job.jobId} failed: [\\s\\S]*Load package ${pkg!.loadId} was aborted: none of its rows were loaded`));
        return true;
      });
      assert.equal(await count(p, 'events'), 2);
      assert.equal(await count(p, 'events__tags'), 2);
      assert.equal((await p.dataset().loads()).length, 2);
      assert.deepEqual(p.state.sources, stateBefore);
      assert.deepEqual(p.pendingPackages(), []);
      const aborted = join(p.workingDir.abortedDir, pkg!.loadId);
      assert.deepEqual(readdirSync(join(aborted, 'failed_jobs')).filter((f) => !f.endsWith('.exception')), [job.file]);
      // The API serves the same data again; nothing was skipped and nothing is loaded twice.
      await p.run(events([1, 2, 3, 4]));
      assert.deepEqual((await p.dataset().query('SELECT id FROM events ORDER BY id')).map((r) => Number(r.id)), [1, 2, 3, 4]);
      assert.equal(await count(p, 'events__tags'), 4);
    });

    test('two pipelines loading into one new dataset at the same time: both load (a transaction conflict is retried)', async () => {
      const ctx = await target.context();
      const rows = (table: string) => resource(Array.from({ length: 500 }, (_, i) => ({ id: i + 1, tags: ['a'] })), { name: table });
      await Promise.all([ctx.pipeline('together_a').run(rows('a_rows')), ctx.pipeline('together_b').run(rows('b_rows'))]);
      const p = ctx.pipeline('together_a');
      assert.equal(await count(p, 'a_rows'), 500);
      assert.equal(await p.dataset().query('SELECT * FROM b_rows').then((r) => r.length), 500);
      assert.equal((await p.dataset().loads()).length, 2);
    });

    test('schema evolution over several runs: new column, new child table, variant column', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('evolve_p');
      await p.run([{ id: 1, a: 10 }], { table_name: 'events' });
      await p.run([{ id: 2, a: 20, b: 'x' }], { table_name: 'events' });
      await p.run([{ id: 3, a: 30, kids: [{ k: 1 }, { k: 2 }] }], { table_name: 'events' });
      await p.run([{ id: 4, a: 'forty' }], { table_name: 'events' });
      const rows = sorted(await p.dataset().query('SELECT id, a, b, a__v_text FROM events'));
      assert.deepEqual(rows, [
        { id: 1, a: 10, b: null, a__v_text: null },
        { id: 2, a: 20, b: 'x', a__v_text: null },
        { id: 3, a: 30, b: null, a__v_text: null },
        { id: 4, a: null, b: null, a__v_text: 'forty' },
      ]);
      assert.deepEqual(await childrenOf(p, 'events', 'events__kids', 'k'), { 3: [1, 2] });
      const cols = p.defaultSchema!.tables.events!.columns;
      assert.equal(cols.a!.data_type, 'bigint');
      assert.equal(cols.a__v_text!.data_type, 'text');
      assert.equal(cols.a__v_text!.variant, true);
    });

    test('state sync: a new working dir restores state and schema from the destination', async () => {
      const ctx = await target.context();
      const ticks = () =>
        resource(
          (c) => {
            const n = ((c.resourceState.n as number | undefined) ?? 0) + 1;
            c.resourceState.n = n;
            return [{ id: n, at: `2024-01-0${n}T00:00:00Z` }];
          },
          { name: 'ticks' },
        );
      const p1 = ctx.pipeline('sync_p');
      await p1.run(ticks());
      await p1.run(ticks());
      assert.equal((p1.state.sources.sync_p?.resources as Record<string, { n: number }>).ticks.n, 2);
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });

      const p2 = ctx.pipeline('sync_p');
      assert.equal(p2.schemas.size, 0);
      assert.equal(await p2.sync(), true);
      assert.equal((p2.state.sources.sync_p?.resources as Record<string, { n: number }>).ticks.n, 2);
      assert.equal(p2.defaultSchema?.tables.ticks?.columns.at?.data_type, 'timestamp');
      assert.equal(p2.firstRun, false);

      // A fresh working dir restores on the first run by itself and continues from the restored state.
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const p3 = ctx.pipeline('sync_p');
      await p3.run(ticks());
      assert.equal((p3.state.sources.sync_p?.resources as Record<string, { n: number }>).ticks.n, 3);
      assert.deepEqual(sorted(await p3.dataset().query('SELECT id FROM ticks')), [{ id: 1 }, { id: 2 }, { id: 3 }]);
    });

    test('state sync: a schema version that comes back after a drop is the one restored', async () => {
      const ctx = await target.context();
      const src = () => source('back_s', [resource([{ id: 1 }], { name: 'keep' }), resource([{ id: 2 }], { name: 'back' })]);
      const p1 = ctx.pipeline('back_p');
      await p1.run(src());
      await p1.dropResources(['back']);
      // The same tables again: the schema has the content (and hash) of the first version stored.
      await p1.run(src());
      assert.ok(p1.schemas.get('back_s')?.tables.back);
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });

      const p2 = ctx.pipeline('back_p');
      assert.equal(await p2.sync(), true);
      assert.deepEqual(Object.keys(p2.schemas.get('back_s')?.tables ?? {}).filter((t) => !t.startsWith('_dlt')).sort(), ['back', 'keep']);
    });

    test('resume: a pending package with a job in started_jobs is loaded exactly once', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('resume_p');
      await p.extract(resource([{ id: 1, tags: ['a'] }, { id: 2, tags: ['b', 'c'] }], { name: 'things' }));
      await p.normalize();
      const [pkg] = p.pendingPackages();
      assert.ok(pkg);
      const job = pkg.jobs().find((j) => j.table === 'things')!;
      pkg.move(job, 'started_jobs'); // as if the process died while loading it
      const p2 = ctx.pipeline('resume_p');
      await p2.load();
      assert.equal(p2.pendingPackages().length, 0);
      assert.equal(await count(p2, 'things'), 2);
      assert.equal(await count(p2, 'things__tags'), 3);
    });

    test('resume: a package loaded before a crash (not yet marked loaded locally) is not loaded twice', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('crash_p');
      const info = await p.run([{ id: 1 }, { id: 2 }], { table_name: 'things' });
      const loadId = info.loadsIds[0]!;
      // Put the package back to pending, its jobs back to started: the state right before markLoaded.
      const loaded = join(p.workingDir.loadedDir, loadId);
      renameSync(loaded, join(p.workingDir.normalizedDir, loadId));
      const [pkg] = p.pendingPackages();
      for (const j of pkg!.jobs()) pkg!.move(j, 'started_jobs');
      await ctx.pipeline('crash_p').load();
      assert.equal(await count(p, 'things'), 2);
      assert.equal((await p.dataset().loads()).length, 1);
    });

    test('resume after SIGKILL mid-load: the next run loads exactly the rows, no duplicates', { timeout: 180_000 }, async () => {
      const N = 60_000;
      for (const delay of [0, 60]) {
        const ctx = await target.context();
        const name = 'kill_p';
        const child = (...args: string[]) =>
          spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'load-child.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        const common = [name, ctx.pipelinesDir, ctx.datasetName, JSON.stringify(ctx.spec)];
        // Prepare in a child too: the parent must not hold the destination open (DuckDB locks its file).
        await new Promise<void>((resolve, reject) => {
          const c = child('prepare', ...common, String(N));
          let stderr = '';
          c.stderr.on('data', (d) => (stderr += d));
          c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prepare failed (${code}): ${stderr}`))));
        });
        const [pkg] = ctx.pipeline(name).pendingPackages();
        const started = join(pkg!.dir, 'started_jobs');
        const out = await new Promise<string>((resolve, reject) => {
          const c = child('load', ...common);
          let stdout = '';
          let stderr = '';
          c.stdout.on('data', (d) => (stdout += d));
          c.stderr.on('data', (d) => (stderr += d));
          const poll = setInterval(() => {
            if (existsSync(started) && readdirSync(started).length) {
              clearInterval(poll);
              setTimeout(() => c.kill('SIGKILL'), delay);
            }
          }, 2);
          c.on('exit', (code, signal) => {
            clearInterval(poll);
            if (signal === 'SIGKILL' || code === 0) resolve(stdout);
            else reject(new Error(`child failed (${code}): ${stderr}`));
          });
        });
        if (process.env.SLUICE_TEST_DEBUG) console.log(`${target.name} delay ${delay}: child ${out.includes('LOADED') ? 'finished' : 'killed'}`);
        const p2 = ctx.pipeline(name);
        if (!out.includes('LOADED')) assert.equal(p2.pendingPackages().length, 1, 'the killed load left its package pending');
        await p2.load();
        assert.equal(p2.pendingPackages().length, 0);
        const [r] = await p2.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
        assert.deepEqual({ n: Number(r!.n), d: Number(r!.d) }, { n: N, d: N });
        assert.equal(await count(p2, 'users__tags'), 2 * N);
        assert.equal((await p2.dataset().loads()).length, 1);
      }
    });

    test('p.dataset(): relations, SQL with unqualified names, row counts, loads', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('dataset_p');
      await p.run(
        [
          { id: 1, name: 'Ann', score: 1.5, ok: true, born: '1990-05-01', seen: '2024-03-01T12:00:00Z' },
          { id: 2, name: 'Bob', score: 2.5, ok: false, born: '1991-06-02', seen: '2024-03-02T12:00:00Z', nick: 'b' },
          { id: 3, name: "O'Hara", score: null, ok: null, born: null, seen: null },
        ],
        { table_name: 'members' },
      );
      const ds = p.dataset();
      assert.equal(await ds.table('members').count(), 3);
      assert.equal(await ds.table('members').where('id', '>', 1).count(), 2);
      const bob = await ds.table('members').select('id', 'name', 'score', 'ok', 'nick').where('name', '=', 'Bob').rows();
      assert.deepEqual(bob, [{ id: 2, name: 'Bob', score: 2.5, ok: false, nick: 'b' }]);
      const [ann] = await ds.table('members').where('id', '=', 1).rows();
      assert.ok(ann!.seen instanceof Date && ann!.seen.toISOString() === '2024-03-01T12:00:00.000Z');
      assert.equal(ann!.born, '1990-05-01'); // ISO dates stay text: only iso_timestamp is detected (dlt's default)
      const names = await ds.table('members').orderBy('id', 'desc').limit(2).rows();
      assert.deepEqual(names.map((r) => r.name), ["O'Hara", 'Bob']);
      assert.deepEqual(await ds.query('SELECT count(*) AS n FROM members WHERE score IS NULL').then((r) => Number(r[0]!.n)), 1);
      assert.deepEqual(await ds.rowCounts(), { members: 3 });
      const loads = await ds.loads();
      assert.equal(loads.length, 1);
      assert.equal(loads[0]!.schema_name, 'dataset_p');
      assert.equal(loads[0]!.schema_version_hash, p.defaultSchema!.versionHash);
    });

    test('timezone: false timestamps hold the UTC wall time of each instant; zoned ones the instant', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('naive_p');
      const columns = { naive: { data_type: 'timestamp', timezone: false }, zoned: { data_type: 'timestamp' } } as const;
      await p.run(
        [
          { id: 1, naive: '2024-05-01T23:30:00.5-05:00', zoned: '2024-05-01T23:30:00.5-05:00' },
          { id: 2, naive: '2024-05-02T04:30:00', zoned: new Date('2024-05-02T04:30:00Z') },
        ],
        { table_name: 'stamps', columns },
      );
      const rows = sorted(await p.dataset().query('SELECT id, CAST(naive AS VARCHAR) AS naive, zoned FROM stamps'));
      assert.deepEqual(rows.map((r) => r.naive), ['2024-05-02 04:30:00.5', '2024-05-02 04:30:00']);
      assert.deepEqual(rows.map((r) => new Date(r.zoned as string).getTime()), [Date.parse('2024-05-02T04:30:00.5Z'), Date.parse('2024-05-02T04:30:00Z')]);
    });

    test('identifiers longer than the destination limit are shortened with a tag and load', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('ident_p');
      const longKey = 'this_is_a_very_long_property_name_that_goes_on_and_on_past_the_postgres_limit_of_sixty_three_characters';
      const longTable = 'a_resource_with_a_name_long_enough_to_break_the_identifier_limit_of_postgres_for_sure';
      await p.run([{ id: 1, [longKey]: 'v', [`${longKey}_list`]: [1, 2] }], { table_name: longTable });
      const max = ctx.capabilities.maxIdentifierLength ?? Infinity;
      const tables = p.defaultSchema!.dataTables.map((t) => t.name);
      assert.equal(tables.length, 2);
      for (const t of tables) assert.ok(t.length <= max, `${t} (${t.length}) exceeds ${max}`);
      if (max < longTable.length) assert.ok(!tables.includes(longTable));
      const root = p.defaultSchema!.dataTables.find((t) => !t.parent)!;
      const col = Object.keys(root.columns).find((c) => c.startsWith('this_is_a_very'))!;
      assert.ok(col.length <= max);
      if (max < longKey.length) assert.notEqual(col, longKey);
      const rows = await p.dataset().query(`SELECT "${col}" AS v FROM "${root.name}"`);
      assert.deepEqual(rows, [{ v: 'v' }]);
      const child = tables.find((t) => t !== root.name)!;
      assert.equal(await count(p, child), 2);
    });

    test("refresh 'drop_resources': the tables go with the new load; a failed extract drops nothing; a restored working dir starts over too", async () => {
      const ctx = await target.context();
      const events = (n: number, value: (i: number) => unknown, fail = false) =>
        resource(
          async function* () {
            yield Array.from({ length: n }, (_, i) => ({ id: i + 1, v: value(i), tags: ['t'] }));
            if (fail) throw new Error('API went away');
          },
          { name: 'events', incremental: { cursor_path: 'id' } },
        );
      const p = ctx.pipeline('refresh_drop_p');
      await p.run(events(3, (i) => i));
      await assert.rejects(p.run(events(2, (i) => `x${i}`, true), { refresh: 'drop_resources' }), /API went away/);
      assert.equal(await count(p, 'events'), 3, 'the failed run dropped nothing');
      assert.equal(await count(p, 'events__tags'), 3);
      // A new working dir: the state comes from the destination, which must not hold cursors of dropped tables.
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const fresh = ctx.pipeline('refresh_drop_p');
      await fresh.run(events(2, (i) => `x${i}`), { refresh: 'drop_resources' });
      assert.deepEqual(sorted(await fresh.dataset().query('SELECT id, v FROM events')).map((r) => [Number(r.id), r.v]), [[1, 'x0'], [2, 'x1']]);
      assert.equal(await count(fresh, 'events__tags'), 2);
      assert.equal(fresh.defaultSchema?.tables.events?.columns.v?.data_type, 'text', 'the schema forgot the old column type');
    });

    test("refresh 'drop_data': old rows go with the new load, resource state restarts; a failed extract keeps the old rows", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('refresh_p');
      // A resource that numbers its runs in its own state.
      const people = (names: string[], fail = false) =>
        resource(
          function* (c: { resourceState: Record<string, unknown> }) {
            const run = ((c.resourceState.runs as number | undefined) ?? 0) + 1;
            c.resourceState.runs = run;
            yield names.map((name, i) => ({ id: i + 1, name, run, tags: [name.toLowerCase()] }));
            if (fail) throw new Error('API went away');
          },
          { name: 'people' },
        );
      await p.run(people(['Ann', 'Bob']));
      await p.run(people(['Ann', 'Bob']));
      assert.equal(await count(p, 'people'), 4);

      await assert.rejects(p.run(people(['Cid']), { refresh: 'drop_data' }).then(() => p.run(people(['Dan'], true), { refresh: 'drop_data' })), /API went away/);
      const rows = await p.dataset().query('SELECT name, run FROM people');
      assert.deepEqual(rows.map((r) => [r.name, Number(r.run)]), [['Cid', 1]], 'drop_data replaced the rows and restarted the state; the failed run deleted nothing');
      assert.deepEqual((await p.dataset().query('SELECT value FROM people__tags')).map((r) => r.value), ['cid']);
      // the failed drop_data run did not reset the state either: the next plain run continues from it
      await p.run(people(['Eve']));
      const after = await p.dataset().query('SELECT name, run FROM people');
      assert.deepEqual(after.map((r) => [r.name, Number(r.run)]).sort(), [['Cid', 1], ['Eve', 2]]);
    });
  });
}
