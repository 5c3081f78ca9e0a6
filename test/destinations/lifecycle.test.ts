/**
 * The pipeline lifecycle across runs, over every destination: a destination emptied under a working
 * dir that still holds its state, a working dir deleted under a destination that keeps it, `refresh`
 * after either, and two pipelines sharing one dataset (dlt `tests/load/pipeline/test_restore_state.py`,
 * `test_refresh_modes.py`).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { resource, source, type Pipeline } from '../../src/index.js';
import { IDLE_CLOSE_MS } from '../../src/destinations/duckdb/duckdb-instances.js';
import { pgAdmin, selectedTargets, type TargetContext } from './targets.js';

/** An API whose `events` go up to `n`; the resource loads those after its cursor. */
const events = (n: number) =>
  resource(Array.from({ length: n }, (_, i) => ({ id: i + 1, tags: [`t${i + 1}`] })), { name: 'events', incremental: { cursor_path: 'id' } });

const ids = async (p: Pipeline, table: string) => (await p.dataset().query(`SELECT id FROM ${table}`)).map((r) => Number(r.id)).sort((a, b) => a - b);

/** Empties the destination the way a user starts over: deletes the DuckDB file, drops the PostgreSQL schema, deletes the dataset folder. */
async function wipeDestination(ctx: TargetContext): Promise<void> {
  const { spec, datasetName } = ctx;
  if (spec.type === 'duckdb') {
    // The file is closed once no step uses it; a user deletes it between processes.
    await new Promise((r) => setTimeout(r, IDLE_CLOSE_MS + 100));
    rmSync(String(spec.path), { force: true });
    rmSync(`${String(spec.path)}.wal`, { force: true });
  } else if (spec.type === 'postgres') {
    await pgAdmin(`DROP SCHEMA IF EXISTS "${datasetName}" CASCADE; DROP SCHEMA IF EXISTS "${datasetName}_staging" CASCADE`);
  } else {
    rmSync(join(String(spec.bucket_url), datasetName), { recursive: true, force: true });
  }
}

for (const target of selectedTargets()) {
  describe(`lifecycle on ${target.name}`, () => {
    test('a destination emptied under a working dir that loaded before: the next run starts the pipeline over and loads everything again (dlt resets the working dir)', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('wiped_p');
      await p.run(events(3));
      assert.deepEqual(await ids(p, 'events'), [1, 2, 3]);
      await wipeDestination(ctx);

      const next = ctx.pipeline('wiped_p');
      await next.run(events(5));
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3, 4, 5], 'the cursor of the emptied destination is forgotten: rows 1..3 are back');
      assert.equal(await next.dataset().table('events__tags').count(), 5);
      assert.equal((next.state.sources.wiped_p as any).resources.events.incremental.id.last_value, 5);
      assert.equal(next.firstRun, false);
      // The state went to the new dataset with the rows: a working dir restored from it continues at 5.
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const restored = ctx.pipeline('wiped_p');
      await restored.run(events(6));
      assert.deepEqual(await ids(restored, 'events'), [1, 2, 3, 4, 5, 6]);
    });

    test('a destination emptied under a working dir with a pending package: the package goes with the old state, nothing loads twice', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('wiped_pending_p');
      await p.run(events(2));
      // A second run extracted rows 3..4 and stopped before loading them.
      await p.extract(events(4));
      await wipeDestination(ctx);

      const next = ctx.pipeline('wiped_pending_p');
      await next.run(events(4));
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3, 4]);
      assert.equal(next.extractedLoadIds().length + next.pendingPackages().length, 0);
    });

    test('sync() makes the working dir the destination’s: pending packages go too, so the next run loads what the destination lacks', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('sync_pending_p');
      await p.run(events(2));
      await p.extract(events(4)); // pending: rows 3..4 with the cursor at 4
      await wipeDestination(ctx);
      const synced = ctx.pipeline('sync_pending_p');
      assert.equal(await synced.sync(), false);
      assert.equal(synced.extractedLoadIds().length + synced.pendingPackages().length, 0);
      const next = ctx.pipeline('sync_pending_p');
      await next.run(events(4));
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3, 4], 'the pending package’s cursor did not come back');
    });

    test('a first run whose package was not loaded yet keeps it: no dataset is expected before the first load', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('first_pending_p');
      await p.extract(events(2));
      const next = ctx.pipeline('first_pending_p');
      await next.run(events(3));
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3]);
    });

    test('a working dir deleted under a destination that keeps the state: the next run continues from the destination’s cursor', async () => {
      const ctx = await target.context();
      await ctx.pipeline('kept_p').run(events(3));
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const next = ctx.pipeline('kept_p');
      await next.run(events(5));
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3, 4, 5]);
    });

    test("refresh 'drop_sources' after the destination was emptied loads the whole source into new tables", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('wiped_refresh_p');
      await p.run(events(3));
      await wipeDestination(ctx);
      const next = ctx.pipeline('wiped_refresh_p');
      await next.run(events(4), { refresh: 'drop_sources' });
      assert.deepEqual(await ids(next, 'events'), [1, 2, 3, 4]);
    });

    test("refresh 'drop_sources' drops every table of the source, also those of resources this run does not load, and the whole source state", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('drop_sources_p');
      const users = resource([{ id: 1 }, { id: 2 }], { name: 'users', incremental: { cursor_path: 'id' } });
      await p.run(source('crm', [events(2), users]));
      // The resource `users` was removed from the source since.
      await p.run(source('crm', [events(3)]), { refresh: 'drop_sources' });
      assert.deepEqual(await ids(p, 'events'), [1, 2, 3]);
      assert.equal(p.defaultSchema?.tables.users, undefined, 'users is no longer in the schema');
      assert.equal((p.state.sources.crm as any).resources.users, undefined, 'nor in the state');
      await assert.rejects(p.dataset().query('SELECT id FROM users'), 'the users table was dropped');
    });

    test("refresh 'drop_resources' and 'drop_data' leave the resources a run does not select alone", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('refresh_selected_p');
      const crm = (n: number) => source('crm', [events(n), resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'users', incremental: { cursor_path: 'id' } })]);
      await p.run(crm(2));
      await p.run(crm(3).withResources('events'), { refresh: 'drop_data' });
      assert.deepEqual(await ids(p, 'events'), [1, 2, 3]);
      assert.deepEqual(await ids(p, 'users'), [1, 2], 'users kept its rows');
      assert.equal((p.state.sources.crm as any).resources.users.incremental.id.last_value, 2, 'and its cursor');
      await p.run(crm(4).withResources('events'), { refresh: 'drop_resources' });
      assert.deepEqual(await ids(p, 'users'), [1, 2]);
      assert.ok(p.defaultSchema?.tables.users, 'users stays in the schema');
      await p.run(crm(4));
      assert.deepEqual(await ids(p, 'users'), [1, 2, 3, 4], 'users continues from its cursor');
    });

    test("refresh with separate extract(), normalize() and load() empties or drops the tables as run() does", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('refresh_steps_p');
      await p.run(events(3));
      await p.extract(events(2), { refresh: 'drop_data' });
      await p.normalize();
      await p.load();
      assert.deepEqual(await ids(p, 'events'), [1, 2], 'drop_data emptied the table and restarted the cursor');
      await p.run([{ id: 1, v: 'x' }], { table_name: 'other' });
      await p.extract(source('refresh_steps_p', [resource([{ id: 1, v: 2 }], { name: 'other' })]), { refresh: 'drop_resources' });
      await p.normalize();
      await p.load();
      assert.equal(p.defaultSchema?.tables.other?.columns.v?.data_type, 'bigint', 'drop_resources forgot the old column type');
      assert.deepEqual((await p.dataset().query('SELECT id, v FROM other')).map((r) => [Number(r.id), Number(r.v)]), [[1, 2]]);
    });

    test("refresh 'drop_data' on a merge table: only the new run's rows remain, the cursor restarts, later merges update them", async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('merge_refresh_p');
      const people = (rows: { id: number; name: string; at: number }[]) =>
        resource(rows, { name: 'people', write_disposition: 'merge', primary_key: 'id', incremental: { cursor_path: 'at' } });
      await p.run(people([{ id: 1, name: 'Ann', at: 1 }, { id: 2, name: 'Bob', at: 2 }]));
      await p.run(people([{ id: 1, name: 'Ann', at: 1 }, { id: 3, name: 'Cid', at: 3 }]), { refresh: 'drop_data' });
      const rows = await p.dataset().query('SELECT id, name FROM people');
      assert.deepEqual(rows.map((r) => [Number(r.id), r.name]).sort(), [[1, 'Ann'], [3, 'Cid']], 'Bob went with the old rows; Ann came back as the cursor restarted');
      await p.run(people([{ id: 3, name: 'Cyd', at: 4 }]));
      const after = (await p.dataset().query('SELECT id, name FROM people')).map((r) => [Number(r.id), r.name]).sort();
      assert.deepEqual(after, ctx.capabilities.mergeFallsBackToAppend ? [[1, 'Ann'], [3, 'Cid'], [3, 'Cyd']] : [[1, 'Ann'], [3, 'Cyd']]);
    });

    test('two pipelines loading into one dataset keep their own state rows and cursors', async () => {
      const ctx = await target.context();
      const a = ctx.pipeline('pipe_a');
      const b = ctx.pipeline('pipe_b');
      await a.run(source('shared_src', [events(3)]));
      await b.run(source('shared_src', [events(5)]));
      assert.deepEqual(await ids(a, 'events'), [1, 1, 2, 2, 3, 3, 4, 5], 'b starts from its own (empty) state, not a’s cursor');
      // Both working dirs gone: each pipeline takes its own state back.
      rmSync(ctx.pipelinesDir, { recursive: true, force: true });
      const a2 = ctx.pipeline('pipe_a');
      const b2 = ctx.pipeline('pipe_b');
      await a2.run(source('shared_src', [events(6)]));
      await b2.run(source('shared_src', [events(6)]));
      assert.equal((a2.state.sources.shared_src as any).resources.events.incremental.id.last_value, 6);
      assert.equal(a2.state.pipeline_name, 'pipe_a');
      assert.equal(b2.state.pipeline_name, 'pipe_b');
      assert.deepEqual(await ids(a2, 'events'), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    });
  });
}
