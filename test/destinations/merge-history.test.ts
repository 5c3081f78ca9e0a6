/**
 * The merge strategies that keep what is loaded, over every destination selected by `DESTINATIONS`
 * (reference/dlt-model.md §8): `insert-only` adds records whose primary key is new; `scd2` keeps every
 * version of a record with its validity interval. Plain files fall back to append, so these skip there.
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { resource, type Pipeline, type WriteDisposition } from '../../src/index.js';
import { selectedTargets, type Target, type TargetContext } from './targets.js';

/** A fresh context, or undefined (and the test skipped) where merge appends. */
async function mergingContext(target: Target, t: TestContext): Promise<TargetContext | undefined> {
  const ctx = await target.context();
  if (ctx.capabilities.mergeFallsBackToAppend) {
    t.skip('merge appends on this destination');
    return undefined;
  }
  return ctx;
}

/** A timestamp column's value as its UTC date, `-` for NULL (epoch seconds work the same on every destination). */
function day(epoch: unknown): string {
  return epoch === null || epoch === undefined ? '-' : new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
}

/** `id:v:from:to` per row of an scd2 table, sorted. */
async function versions(p: Pipeline, table: string, [from, to] = ['_dlt_valid_from', '_dlt_valid_to'], key = 'id'): Promise<string[]> {
  const rows = await p.dataset().query(`SELECT ${key} AS k, v, EXTRACT(EPOCH FROM ${from}) AS f, EXTRACT(EPOCH FROM ${to}) AS t FROM ${table}`);
  return rows.map((r) => `${r.k}:${r.v}:${day(r.f)}:${day(r.t)}`).sort();
}

/** `parent v:child value` per child row of `table__tags`, sorted. */
async function tagsOf(p: Pipeline, table: string): Promise<string[]> {
  const rows = await p.dataset().query(`SELECT r.v AS v, c.value AS c FROM ${table} r JOIN ${table}__tags c ON c._dlt_parent_id = r._dlt_id`);
  return rows.map((r) => `${r.v}:${r.c}`).sort();
}

const scd2 = (extra: Partial<Extract<WriteDisposition, { disposition: 'merge' }>> = {}): WriteDisposition => ({ disposition: 'merge', strategy: 'scd2', ...extra });

for (const target of selectedTargets()) {
  describe(`destination ${target.name}: insert-only and scd2`, () => {
    test('insert-only adds records with a new primary key and leaves existing ones (and their children) as they were', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('insert_only_p');
      const users = (rows: unknown[]) => resource(rows, { name: 'users', primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'insert-only' } });
      await p.run(users([{ id: 1, v: 'a', tags: ['a1'] }, { id: 2, v: 'b', tags: ['b1', 'b2'] }]));
      await p.run(users([{ id: 1, v: 'changed', tags: ['x'] }, { id: 3, v: 'c', tags: ['c1'] }]));
      const rows = await p.dataset().query('SELECT id, v FROM users ORDER BY id');
      assert.deepEqual(rows.map((r) => `${r.id}:${r.v}`), ['1:a', '2:b', '3:c']);
      assert.deepEqual(await tagsOf(p, 'users'), ['a:a1', 'b:b1', 'b:b2', 'c:c1']);
      // A key twice in one load is refused, as for upsert: which version to insert would be arbitrary.
      const info = await ctx.pipeline('insert_only_p', { raiseOnFailedJobs: false }).run(users([{ id: 4, v: 'x' }, { id: 4, v: 'y' }]));
      assert.match(info.toString(), /table users: primary key id = 4 occurs 2 times in one load; insert-only needs a unique primary_key/);
      assert.equal(await p.dataset().table('users').count(), 3);
    });

    test('scd2 retires a changed or missing record at the boundary, inserts the new version, and leaves unchanged ones', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_p');
      const users = (rows: unknown[], boundary: string) => resource(rows, { name: 'users', write_disposition: scd2({ boundary_timestamp: boundary }) });
      await p.run(users([{ id: 1, v: 'a', tags: ['t1'] }, { id: 2, v: 'b', tags: ['t2'] }, { id: 3, v: 'c' }], '2024-01-01'));
      assert.deepEqual(await versions(p, 'users'), ['1:a:2024-01-01:-', '2:b:2024-01-01:-', '3:c:2024-01-01:-']);
      // 1 changes, 2 stays, 3 is gone from the (full) load.
      await p.run(users([{ id: 1, v: 'a2', tags: ['t1', 'new'] }, { id: 2, v: 'b', tags: ['t2'] }], '2024-02-01T00:00:00Z'));
      assert.deepEqual(await versions(p, 'users'), ['1:a2:2024-02-01:-', '1:a:2024-01-01:2024-02-01', '2:b:2024-01-01:-', '3:c:2024-01-01:2024-02-01']);
      // Each version keeps its own children; the unchanged record's children are not repeated.
      assert.deepEqual(await tagsOf(p, 'users'), ['a2:new', 'a2:t1', 'a:t1', 'b:t2']);
      // A record that comes back as it was is active again (its row hash repeats: no unique constraint on it).
      await p.run(users([{ id: 2, v: 'b', tags: ['t2'] }, { id: 3, v: 'c' }, { id: 3, v: 'c' }], '2024-03-01'));
      assert.deepEqual(await versions(p, 'users'), [
        '1:a2:2024-02-01:2024-03-01',
        '1:a:2024-01-01:2024-02-01',
        '2:b:2024-01-01:-',
        '3:c:2024-01-01:2024-02-01',
        '3:c:2024-03-01:-',
      ]);
      const cols = p.defaultSchema!.tables.users!.columns;
      assert.equal(cols._dlt_valid_from!.data_type, 'timestamp');
      assert.equal(cols._dlt_id!['x-row-version'], true);
      assert.equal(cols._dlt_id!.unique, false);
      assert.equal(p.defaultSchema!.tables.users__tags!.columns._dlt_root_id, undefined);
    });

    test('scd2: a change only inside a nested list makes no new version (the row hash covers the root row, as in dlt)', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_nested_p');
      const users = (rows: unknown[], boundary: string) => resource(rows, { name: 'users', write_disposition: scd2({ boundary_timestamp: boundary }) });
      await p.run(users([{ id: 1, v: 'a', tags: ['x'] }], '2024-01-01'));
      await p.run(users([{ id: 1, v: 'a', tags: ['y'] }], '2024-02-01'));
      assert.deepEqual(await versions(p, 'users'), ['1:a:2024-01-01:-']);
      assert.deepEqual(await tagsOf(p, 'users'), ['a:x']);
    });

    test('scd2 without a boundary_timestamp starts and retires versions at the load package creation time', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_default_p');
      const users = (rows: unknown[]) => resource(rows, { name: 'users', write_disposition: scd2() });
      const info = await p.run(users([{ id: 1, v: 'a' }]));
      await p.run(users([{ id: 1, v: 'b' }]));
      const loadIds = (await p.dataset().loads()).map((l) => Number(l.load_id)).sort();
      const rows = await p.dataset().query('SELECT v, EXTRACT(EPOCH FROM _dlt_valid_from) AS f, EXTRACT(EPOCH FROM _dlt_valid_to) AS t FROM users ORDER BY v');
      assert.equal(info.loadPackages.length, 1);
      assert.ok(Math.abs(Number(rows[0]!.f) - loadIds[0]!) < 0.001, `valid_from ${rows[0]!.f} is the first load id ${loadIds[0]}`);
      assert.ok(Math.abs(Number(rows[0]!.t) - loadIds[1]!) < 0.001, `valid_to ${rows[0]!.t} is the second load id ${loadIds[1]}`);
      assert.ok(Math.abs(Number(rows[1]!.f) - loadIds[1]!) < 0.001);
      assert.equal(rows[1]!.t, null);
    });

    test('scd2 with row_version_column_name: the version column decides what is a new version, not the whole row', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_rv_p');
      const users = (rows: unknown[], boundary: string) => resource(rows, { name: 'users', write_disposition: scd2({ boundary_timestamp: boundary, row_version_column_name: 'rowHash' }) });
      // fetched_at changes on every load; the source's own hash covers v only.
      await p.run(users([{ id: 1, v: 'a', rowHash: 'h1', fetched_at: 'mon', tags: ['t1'] }, { id: 2, v: 'b', rowHash: 'h2', fetched_at: 'mon' }], '2024-01-01'));
      await p.run(users([{ id: 1, v: 'a', rowHash: 'h1', fetched_at: 'tue', tags: ['t1'] }, { id: 2, v: 'b2', rowHash: 'h2b', fetched_at: 'tue' }], '2024-02-01'));
      assert.deepEqual(await versions(p, 'users'), ['1:a:2024-01-01:-', '2:b2:2024-02-01:-', '2:b:2024-01-01:2024-02-01']);
      // The unchanged record keeps its first row (and its children, not repeated).
      assert.deepEqual((await p.dataset().query("SELECT fetched_at FROM users WHERE id = 1")).map((r) => r.fetched_at), ['mon']);
      assert.deepEqual(await tagsOf(p, 'users'), ['a:t1']);
      const cols = p.defaultSchema!.tables.users!.columns;
      assert.equal(cols.row_hash!['x-row-version'], true);
      // A row without a version fails the normalize step naming the column, and nothing is loaded.
      await assert.rejects(p.run(users([{ id: 3, v: 'c', fetched_at: 'wed' }], '2024-03-01')), /table users: row version column row_hash is null or missing in a row \(scd2 compares versions by its value\)/);
      assert.equal(await p.dataset().table('users').count(), 3);
      // Without the option again, the column is data like any other: a row may leave it out.
      await p.run(resource([{ id: 1, v: 'a', rowHash: 'h1', fetched_at: 'wed', tags: ['t1'] }, { id: 3, v: 'c' }], { name: 'users', write_disposition: scd2({ boundary_timestamp: '2024-03-01' }) }));
      assert.equal(p.defaultSchema!.tables.users!.columns.row_hash!['x-row-version'], undefined);
      assert.ok((await versions(p, 'users')).includes('3:c:2024-03-01:-'));
    });

    test('scd2 with row_version_column_name and a primary key: each record is versioned on its own; the stored value is compared', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_rv_key_p');
      const users = (rows: unknown[], boundary: string) => resource(rows, { name: 'users', primary_key: 'id', columns: { version: { data_type: 'bigint' } }, write_disposition: scd2({ boundary_timestamp: boundary, row_version_column_name: 'version' }) });
      // Two records at version 1: both are kept (a per-record counter repeats across records).
      await p.run(users([{ id: 1, v: 'a', version: 1, tags: ['x'] }, { id: 2, v: 'b', version: 1, tags: ['y'] }], '2024-01-01'));
      assert.deepEqual(await versions(p, 'users'), ['1:a:2024-01-01:-', '2:b:2024-01-01:-']);
      assert.deepEqual(await tagsOf(p, 'users'), ['a:x', 'b:y']);
      // 1 moves to version 2; 2 stays at version 1, sent as the text '1' (stored as the same bigint: no new version).
      await p.run(users([{ id: 1, v: 'a2', version: 2 }, { id: 2, v: 'b', version: '1', tags: ['y'] }], '2024-02-01'));
      assert.deepEqual(await versions(p, 'users'), ['1:a2:2024-02-01:-', '1:a:2024-01-01:2024-02-01', '2:b:2024-01-01:-']);
    });

    test('scd2: a row_version_column_name that normalizes to a _dlt or validity column is refused naming the resource', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_rv_bad_p');
      const run = (rv: string, extra = {}) => p.run(resource([{ id: 1, v: 'a' }], { name: 'users', write_disposition: scd2({ row_version_column_name: rv, ...extra }) }));
      await assert.rejects(run('_DLT_ID'), /^.*resource users: row_version_column_name "_DLT_ID" is column _dlt_id, a _dlt column; it must name a column of the data/);
      await assert.rejects(run('validTo', { validity_column_names: ['valid_from', 'valid_to'] }), /row_version_column_name "validTo" is column valid_to, a validity column/);
      assert.equal(await p.dataset().table('users').count().catch(() => 0), 0);
      // A version column the table's contract keeps out is named as such.
      await p.run(resource([{ id: 1, v: 'a' }], { name: 'users', write_disposition: scd2() }));
      await assert.rejects(
        p.run(resource([{ id: 1, v: 'a', etag: 'e1' }], { name: 'users', schema_contract: { columns: 'discard_value' }, write_disposition: scd2({ row_version_column_name: 'etag' }) })),
        /row version column etag got a text value .*, which the table's schema contract left out/,
      );
    });

    test('scd2 with a merge_key retires only records whose key is in the load (incremental); named validity columns and an active record timestamp', async (t) => {
      const ctx = await mergingContext(target, t);
      if (!ctx) return;
      const p = ctx.pipeline('scd2_mk_p');
      const wd = (boundary: string) => scd2({ boundary_timestamp: boundary, validity_column_names: ['valid_from', 'valid_to'], active_record_timestamp: '9999-12-31' });
      const days = (rows: unknown[], boundary: string) => resource(rows, { name: 'days', merge_key: 'day', write_disposition: wd(boundary) });
      await p.run(days([{ day: 1, v: 'a' }, { day: 2, v: 'b' }], '2024-01-01'));
      await p.run(days([{ day: 1, v: 'a2' }], '2024-02-01'));
      assert.deepEqual(await versions(p, 'days', ['valid_from', 'valid_to'], 'day'), ['1:a2:2024-02-01:9999-12-31', '1:a:2024-01-01:2024-02-01', '2:b:2024-01-01:9999-12-31']);
      const cols = Object.keys(p.defaultSchema!.tables.days!.columns);
      assert.ok(cols.includes('valid_from') && !cols.includes('_dlt_valid_from'), cols.join(', '));
    });
  });
}
