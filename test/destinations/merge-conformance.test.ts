/**
 * Merge semantics over every destination selected by `DESTINATIONS` (reference/dlt-model.md §8): which
 * staging rows a merge key, `hard_delete`, `dedup_sort` and `deduplicated` keep, and upsert's unique-key
 * check. Plain files fall back to append (read from the capabilities), so these tests skip there.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { resource, type Pipeline, type WriteDisposition } from '../../src/index.js';
import { selectedTargets, type Target, type TargetContext } from './targets.js';

const strategies = ['delete-insert', 'upsert'] as const;

/** `id:v` per root row, sorted. */
async function rootRows(p: Pipeline, table: string, cols = 'id, v'): Promise<string[]> {
  const rows = await p.dataset().query(`SELECT ${cols} FROM ${table}`);
  return rows.map((r) => Object.values(r).map(String).join(':')).sort();
}

/** `root v:child value` per child row (through `_dlt_parent_id`), sorted. */
async function childRows(p: Pipeline, table: string): Promise<string[]> {
  const rows = await p.dataset().query(`SELECT r.v AS v, c.value AS c FROM ${table} r JOIN ${table}__tags c ON c._dlt_parent_id = r._dlt_id`);
  return rows.map((r) => `${r.v}:${r.c}`).sort();
}

/** A fresh context, or undefined (and the test skipped) where merge appends. */
async function mergingContext(target: Target, t: TestContext): Promise<TargetContext | undefined> {
  const ctx = await target.context();
  if (ctx.capabilities.mergeFallsBackToAppend) {
    t.skip('merge appends on this destination');
    return undefined;
  }
  return ctx;
}

for (const target of selectedTargets()) {
  describe(`destination ${target.name}: merge`, () => {
    test('delete-insert with only a merge_key inserts every staging row (no dedup) and replaces the matching ones', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('mk_only_p');
      const events = (rows: unknown[]) => resource(rows, { name: 'events', write_disposition: 'merge', merge_key: 'day' });
      await p.run(events([{ day: 1, v: 'a', tags: ['a1'] }, { day: 1, v: 'b', tags: ['b1'] }, { day: 2, v: 'c', tags: ['c1'] }]));
      assert.deepEqual(await rootRows(p, 'events', 'day, v'), ['1:a', '1:b', '2:c']);
      await p.run(events([{ day: 1, v: 'x', tags: ['x1'] }, { day: 1, v: 'y', tags: ['y1', 'y2'] }]));
      assert.deepEqual(await rootRows(p, 'events', 'day, v'), ['1:x', '1:y', '2:c']);
      assert.deepEqual(await childRows(p, 'events'), ['c:c1', 'x:x1', 'y:y1', 'y:y2']);
    });

    test('upsert fails the load when a primary key occurs twice in one load, naming table, key, value and count', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('upsert_dup_p');
      const things = (rows: unknown[]) => resource(rows, { name: 'things', primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } });
      await p.run(things([{ id: 2, v: 'kept', tags: ['k'] }]));
      await assert.rejects(
        p.run(things([{ id: 1, v: 'old', tags: ['a', 'b'] }, { id: 1, v: 'new', tags: ['c'] }, { id: 2, v: 'changed', tags: [] }])),
        /table things: primary key id = 1 occurs 2 times in one load; upsert needs a unique primary_key within one load; use the delete-insert strategy/,
      );
      // Nothing of the failed load reached the tables: no mixed versions, no duplicate child ids.
      assert.deepEqual(await rootRows(p, 'things'), ['2:kept']);
      assert.deepEqual(await childRows(p, 'things'), ['kept:k']);
    });

    test('upsert names every column of a compound primary key and quotes text values', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('upsert_dup2_p', { raiseOnFailedJobs: false });
      const wd: WriteDisposition = { disposition: 'merge', strategy: 'upsert' };
      const info = await p.run(resource([{ a: 'x', b: 1, v: 1 }, { a: 'x', b: 2, v: 2 }, { a: 'x', b: 1, v: 3 }], { name: 'pairs', primary_key: ['a', 'b'], write_disposition: wd }));
      assert.equal(info.hasFailedJobs, true);
      assert.match(info.toString(), /table pairs: primary key \(a, b\) = \('x', 1\) occurs 2 times in one load/);
      assert.equal(await p.dataset().table('pairs').count(), 0);
    });

    for (const strategy of strategies) {
      test(`merge ${strategy}: hard_delete on a bool column deletes rows flagged true (children too) and never inserts them`, async (t) => {
        const ctx = await mergingContext(target, t);
        if (!ctx) return;
        const p = ctx.pipeline(`hd_bool_${strategy.replace('-', '_')}`);
        const users = (rows: unknown[]) =>
          resource(rows, { name: 'users', primary_key: 'id', write_disposition: { disposition: 'merge', strategy }, columns: { deleted: { hard_delete: true, data_type: 'bool' } } });
        await p.run(users([{ id: 1, v: 'a', tags: ['a1'] }, { id: 2, v: 'b', deleted: false, tags: ['b1'] }, { id: 3, v: 'c', tags: ['c1'] }]));
        assert.equal(p.defaultSchema!.tables.users!.columns.deleted!.hard_delete, true);
        await p.run(
          users([
            { id: 1, v: 'a', deleted: true, tags: ['gone'] },
            { id: 3, v: 'c2', deleted: false, tags: ['c2'] },
            { id: 4, v: 'd', deleted: true, tags: ['never'] },
            { id: 5, v: 'e', deleted: null, tags: ['e1'] },
          ]),
        );
        assert.deepEqual(await rootRows(p, 'users'), ['2:b', '3:c2', '5:e']);
        assert.deepEqual(await childRows(p, 'users'), ['b:b1', 'c2:c2', 'e:e1']);
      });
    }

    test('hard_delete on a non-bool column: any non-NULL value deletes', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('hd_text_p');
      const users = (rows: unknown[]) => resource(rows, { name: 'users', primary_key: 'id', write_disposition: 'merge', columns: { deleted_at: { hard_delete: true } } });
      await p.run(users([{ id: 1, v: 'a', deleted_at: null }, { id: 2, v: 'b' }, { id: 3, v: 'c' }]));
      await p.run(users([{ id: 1, v: 'a', deleted_at: 'by admin' }, { id: 2, v: 'b2', deleted_at: null }, { id: 9, v: 'z', deleted_at: 'yes' }]));
      assert.deepEqual(await rootRows(p, 'users'), ['2:b2', '3:c']);
    });

    test('hard_delete with only a merge_key deletes the matching rows and inserts the rest', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('hd_mk_p');
      const events = (rows: unknown[]) => resource(rows, { name: 'events', write_disposition: 'merge', merge_key: 'day', columns: { gone: { hard_delete: true, data_type: 'bool' } } });
      await p.run(events([{ day: 1, v: 'a' }, { day: 2, v: 'b' }, { day: 2, v: 'c' }]));
      await p.run(events([{ day: 2, v: 'x', gone: true }, { day: 3, v: 'y', gone: false }]));
      assert.deepEqual(await rootRows(p, 'events', 'day, v'), ['1:a', '3:y']);
    });

    test('merge without primary_key or merge_key appends, but leaves out rows flagged hard_delete and their children', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('hd_nokey_p');
      const users = (rows: unknown[]) => resource(rows, { name: 'users', write_disposition: 'merge', columns: { deleted: { hard_delete: true, data_type: 'bool' } } });
      await p.run(users([{ id: 1, v: 'a', deleted: false, tags: ['a1'] }, { id: 2, v: 'b', deleted: false, tags: ['b1'] }]));
      // Nothing to match a delete on: the existing rows stay, and the flagged row is not added.
      await p.run(users([{ id: 1, v: 'a', deleted: true, tags: ['gone'] }]));
      assert.deepEqual(await rootRows(p, 'users'), ['1:a', '2:b']);
      await p.run(users([{ id: 2, v: 'c', deleted: null, tags: ['c1'] }, { id: 3, v: 'd', tags: ['d1'] }]));
      assert.deepEqual(await rootRows(p, 'users'), ['1:a', '2:b', '2:c', '3:d']);
      assert.deepEqual(await childRows(p, 'users'), ['a:a1', 'b:b1', 'c:c1', 'd:d1']);
    });

    test("dedup_sort picks the surviving duplicate: 'desc' the highest, 'asc' the lowest, NULLs never win", async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      for (const order of ['desc', 'asc'] as const) {
        const p = ctx.pipeline(`dedup_sort_${order}`);
        const table = `versions_${order}`;
        await p.run(
          resource(
            [
              { id: 1, v: 'three', seq: 3, tags: ['t3'] },
              { id: 1, v: 'none', seq: null, tags: ['tn'] },
              { id: 1, v: 'five', seq: 5, tags: ['t5'] },
              { id: 1, v: 'four', seq: 4, tags: ['t4'] },
              { id: 2, v: 'only', seq: null, tags: [] },
            ],
            { name: table, primary_key: 'id', write_disposition: 'merge', columns: { seq: { dedup_sort: order, data_type: 'bigint' } } },
          ),
        );
        const want = order === 'desc' ? 'five' : 'three';
        assert.deepEqual(await rootRows(p, table), [`1:${want}`, '2:only']);
        assert.deepEqual(await childRows(p, table), [`${want}:t${order === 'desc' ? 5 : 3}`]);
      }
    });

    test('dedup_sort with hard_delete: a delete as the surviving version deletes the row', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('dedup_hd_p');
      const users = (rows: unknown[]) =>
        resource(rows, { name: 'users', primary_key: 'id', write_disposition: 'merge', columns: { seq: { dedup_sort: 'desc', data_type: 'bigint' }, deleted: { hard_delete: true, data_type: 'bool' } } });
      await p.run(users([{ id: 1, v: 'a', seq: 1 }, { id: 2, v: 'b', seq: 1 }]));
      await p.run(users([{ id: 1, v: 'a2', seq: 2 }, { id: 1, v: 'a', seq: 3, deleted: true }, { id: 2, v: 'b', seq: 3, deleted: true }, { id: 2, v: 'b2', seq: 4 }]));
      assert.deepEqual(await rootRows(p, 'users'), ['2:b2']);
    });

    test('delete-insert with deduplicated: true skips the dedup (every staging row is inserted)', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('deduplicated_p');
      const wd: WriteDisposition = { disposition: 'merge', strategy: 'delete-insert', deduplicated: true };
      const rows = (vs: string[]) => resource(vs.map((v) => ({ id: 1, v, tags: [v] })), { name: 'items', primary_key: 'id', write_disposition: wd });
      await p.run(rows(['a', 'b']));
      assert.equal(p.defaultSchema!.tables.items!['x-stage-data-deduplicated'], true);
      assert.deepEqual(await rootRows(p, 'items'), ['1:a', '1:b']);
      assert.deepEqual(await childRows(p, 'items'), ['a:a', 'b:b']);
      // The next load still deletes every matching row first.
      await p.run(rows(['c']));
      assert.deepEqual(await rootRows(p, 'items'), ['1:c']);
      assert.deepEqual(await childRows(p, 'items'), ['c:c']);
      // Back to a plain merge: the flag goes, and duplicates are deduplicated again.
      await p.run(resource([{ id: 1, v: 'd' }, { id: 1, v: 'd' }], { name: 'items', primary_key: 'id', write_disposition: 'merge' }));
      assert.equal(p.defaultSchema!.tables.items!['x-stage-data-deduplicated'], undefined);
      assert.deepEqual(await rootRows(p, 'items'), ['1:d']);
    });
  });
}
