/**
 * `p.dataset()`: counts over limited relations, `where` operators and values, clear errors for a table or
 * column the dataset does not have and for bad arguments, and the destination's schema in a new working dir.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource, SluiceError } from '../../src/index.js';
import { tempPipeline } from '../helpers.js';

test('count() of a limited relation counts the rows the relation returns', async () => {
  const { p } = tempPipeline('relation_count');
  await p.run(resource(Array.from({ length: 25 }, (_, i) => ({ id: i })), { name: 'users' }));
  const users = p.dataset().table('users');
  assert.equal(await users.count(), 25);
  assert.equal(await users.limit(10).count(), 10);
  assert.equal(await users.limit(10, 20).count(), 5);
  assert.equal(await users.where('id', '<', 5).limit(3).count(), 3);
  assert.equal((await users.limit(10).rows()).length, 10);
});

test('a table the dataset does not have: the error names it and lists the tables', async () => {
  const { p } = tempPipeline('relation_unknown');
  await p.run(resource([{ id: 1, tags: ['a'] }], { name: 'users' }));
  for (const q of [() => p.dataset().table('user').rows(), () => p.dataset().table('user').count()]) {
    await assert.rejects(q(), (e: unknown) => {
      assert.ok(e instanceof SluiceError);
      assert.match(e.message, /^table user is not in dataset relation_unknown_data: its tables are users, users__tags; did you mean 'users'\? \(Catalog Error/);
      return true;
    });
  }
});

test('in a new working dir, before any run, rowCounts() and table errors use the schema the destination stores', async () => {
  const { p, dir, dbPath } = tempPipeline('relation_fresh');
  await p.run(resource([{ id: 1, tags: ['a', 'b'] }], { name: 'users' }));
  const fresh = pipeline({ pipelineName: 'relation_fresh', destination: { type: 'duckdb', path: dbPath }, datasetName: 'relation_fresh_data', pipelinesDir: join(dir, 'elsewhere') });
  assert.deepEqual(await fresh.dataset().rowCounts(), { users: 1, users__tags: 2 });
  await assert.rejects(fresh.dataset().table('user').rows(), /its tables are users, users__tags/);
  const page = fresh.dataset().table('users__tags').limit(1, 1);
  assert.equal((await page.rows()).length, 1);
  assert.match(page.toSql(), /ORDER BY "_dlt_id" ASC LIMIT 1 OFFSET 1$/, 'the stored schema gives the stable key');
  assert.equal(fresh.pendingPackages().length, 0);
});

test("where: = null is IS NULL, != null IS NOT NULL, dlt's operator names, in / not in (empty too), quotes in values and column names", async () => {
  const { p } = tempPipeline('relation_where');
  const rows = [
    { id: 1, name: "O'Brien", note: 'a', score: 1.5 },
    { id: 2, name: 'Bob', note: null, score: null },
    { id: 3, name: null, note: 'c', score: 3 },
  ];
  await p.run(resource(rows, { name: 'people' }));
  const t = p.dataset().table('people');
  const ids = async (r: ReturnType<typeof t.where>) => (await r.select('id').orderBy('id').rows()).map((x) => x.id);
  assert.deepEqual(await ids(t.where('name', '=', null)), [3]);
  assert.deepEqual(await ids(t.where('name', '!=', null)), [1, 2]);
  assert.deepEqual(await ids(t.where('name', '=', "O'Brien")), [1]);
  assert.deepEqual(await ids(t.where('note', 'is null')), [2]);
  assert.deepEqual(await ids(t.where('id', 'gte', 2).where('id', 'ne', 3)), [2]);
  assert.deepEqual(await ids(t.where('id', 'in', [1, 3])), [1, 3]);
  assert.deepEqual(await ids(t.where('id', 'not_in', [1])), [2, 3]);
  assert.deepEqual(await ids(t.where('id', 'in', [])), []);
  assert.deepEqual(await ids(t.where('id', 'not in', [])), [1, 2, 3]);
  assert.deepEqual(await ids(t.where('name', 'like', 'B%')), [2]);
  assert.equal(await t.where('score', '=', null).count(), 1);
  // Identifiers are quoted, a quote in them doubled (names from a `direct` naming convention can hold one).
  assert.equal(t.where('a"b', '=', "it's").toSql(), `SELECT * FROM "relation_where_data"."people" WHERE "a""b" = 'it''s'`);
});

test('where / orderBy / limit: a bad operator or value fails before any query, naming the column, operator and what was given', () => {
  const { p } = tempPipeline('relation_args');
  const t = p.dataset().table('people');
  const bad: [() => unknown, RegExp][] = [
    [() => t.where('id', '==' as never, 1), /^where\('id', '=='\): unknown operator; did you mean '='\?; use one of =, eq, /],
    [() => t.where('id', '= 1 OR 1=1 --' as never, 1), /^where\('id', '= 1 OR 1=1 --'\): unknown operator/],
    [() => t.where('id', '<', null), /^where\('id', '<'\): null matches no row here; use '=' null \(IS NULL\)/],
    [() => t.where('id', '='), /^where\('id', '='\): needs a value/],
    [() => t.where('id', 'in', 1), /^where\('id', 'in'\): expected an array of values, got 1/],
    [() => t.where('id', 'in', [1, null as never]), /null matches no row here/],
    [() => t.where('id', '>', NaN), /expected a string, finite number, bigint, boolean or Date, got NaN/],
    [() => t.where('meta', '=', { a: 1 } as never), /got a Object/],
    [() => t.where('name', 'like', 5), /^where\('name', 'like'\): expected a pattern string, got 5/],
    [() => t.orderBy('id', 'up' as never), /^orderBy\('id'\): direction must be 'asc' or 'desc', got 'up'/],
    [() => t.limit(-1), /^limit\(-1\): limit must be a non-negative integer, got -1/],
    [() => t.limit(10, 2.5), /^limit\(10, 2.5\): offset must be a non-negative integer, got 2.5/],
  ];
  for (const [f, re] of bad) assert.throws(f, (e: unknown) => e instanceof SluiceError && re.test(e.message));
});

test('a column the table does not have: the error names it, lists the columns and suggests the nearest', async () => {
  const { p } = tempPipeline('relation_column');
  await p.run(resource([{ id: 1, name: 'Ann', score: 2 }], { name: 'users' }));
  const users = p.dataset().table('users');
  for (const q of [() => users.select('id', 'nmae').rows(), () => users.where('nmae', '=', 'Ann').count(), () => users.orderBy('nmae').rows()]) {
    await assert.rejects(q(), (e: unknown) => {
      assert.ok(e instanceof SluiceError);
      assert.match(e.message, /^column nmae is not in table users: its columns are id, name, score, _dlt_load_id, _dlt_id; did you mean 'name'\? \(Binder Error/);
      return true;
    });
  }
});

test('query(): a repeated column name keeps every value on DuckDB (id, id:1), as its driver names them', async () => {
  const { p } = tempPipeline('relation_dup');
  await p.run(resource([{ id: 1, tags: ['a'] }], { name: 'users' }));
  const rows = await p.dataset().query('SELECT u._dlt_id, t._dlt_id, t.value FROM users u JOIN users__tags t ON t._dlt_parent_id = u._dlt_id');
  assert.deepEqual(Object.keys(rows[0]!), ['_dlt_id', '_dlt_id:1', 'value']);
  assert.equal(rows[0]!.value, 'a');
});

test('seek: the rows after or before a cursor in the full order (NULLs where orderBy put them); a cursor that does not fit is an error', async () => {
  const { p } = tempPipeline('relation_seek');
  const data = [{ id: 1, score: 5 }, { id: 2, score: null }, { id: 3, score: 5 }, { id: 4, score: 1 }, { id: 5, score: null }];
  await p.run(resource(data, { name: 'scores', primary_key: 'id' }));
  const rel = p.dataset().table('scores').orderBy('score', 'desc', 'last');
  assert.deepEqual(await rel.order(), [{ column: 'score', dir: 'DESC', nulls: 'LAST' }, { column: 'id', dir: 'ASC', nulls: 'LAST' }]);
  const ids = async (r: typeof rel) => (await r.rows()).map((x) => Number(x.id));
  assert.deepEqual(await ids(rel.limit(10)), [1, 3, 4, 2, 5]);
  assert.deepEqual(await ids(rel.seek('after', [5, 1]).limit(2)), [3, 4]);
  assert.deepEqual(await ids(rel.seek('after', [1, 4]).limit(10)), [2, 5], 'the NULLs come after the last value');
  assert.deepEqual(await ids(rel.seek('after', [null, 2]).limit(10)), [5]);
  assert.deepEqual(await ids(rel.seek('before', [null, 2]).limit(2)), [3, 4], 'before: nearest rows, in the relation order');
  assert.deepEqual(await ids(rel.seek('before', [5, 3]).limit(2)), [1]);
  assert.equal(await rel.seek('after', [5, 1]).count(), 4);
  // A column named NOT NULL needs no `OR … IS NULL` (PostgreSQL can then walk its index); the rows are the same.
  assert.match(rel.seek('after', [5, 1]).limit(2).toSql(), /"id" IS NULL/);
  assert.doesNotMatch(rel.seek('after', [5, 1], ['id']).limit(2).toSql(), /"id" IS NULL/);
  assert.deepEqual(await ids(rel.seek('after', [5, 1], ['id']).limit(2)), [3, 4]);
  await assert.rejects(rel.seek('after', [5]).limit(2).rows(), /seek: the cursor has 1 value\(s\), the order has 2 column\(s\) \(score, id\)/);
  await assert.rejects(p.dataset().table('scores').orderBy('score').seek('after', [5, 1]).rows(), /orderBy\('score'\) places no NULLs/);
  assert.throws(() => rel.orderBy('id', 'asc', 'middle' as 'last'), /nulls must be 'first' or 'last'/);
});
