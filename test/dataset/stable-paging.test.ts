/**
 * `limit(n, offset)` pages over every destination: a relation without `orderBy` is ordered by the table's
 * stable key (primary key, else `_dlt_id`, else all columns) and a sort on a column with repeated values
 * gets that key as tiebreaker, so reading page by page returns every row exactly once — even when rows
 * move in the destination between the pages (deleted and inserted again: they go to the end of a
 * PostgreSQL heap or a DuckDB row group, which changes the order an unordered scan returns).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Relation } from '../../src/dataset/relation.js';
import { resource, type Pipeline } from '../../src/index.js';
import { selectedTargets } from '../destinations/targets.js';

const N = 300;
const PAGE = 25;

/** Deletes the rows `ids` of `table` and inserts them again, so they come last in the physical order. */
async function moveToEnd(p: Pipeline, table: string, column: string, ids: unknown[]): Promise<void> {
  const ds = p.dataset();
  const lit = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const rows = await ds.query(`SELECT * FROM ${table} WHERE ${column} IN (${ids.map(lit).join(', ')})`);
  const cols = Object.keys(rows[0]!);
  await ds.query(`DELETE FROM ${table} WHERE ${column} IN (${ids.map(lit).join(', ')})`);
  await ds.query(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${rows.map((r) => `(${cols.map((c) => lit(r[c])).join(', ')})`).join(', ')}`);
}

/** Reads `rel` page by page; after each page (where the destination can rewrite rows) moves that page's rows to the end. */
async function readPages(rel: Relation, move?: (page: Record<string, unknown>[]) => Promise<void>): Promise<Record<string, unknown>[]> {
  const all: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await rel.limit(PAGE, offset).rows();
    all.push(...page);
    if (page.length < PAGE) return all;
    await move?.(page);
  }
}

function assertEachOnce(rows: Record<string, unknown>[], key: string, expected: number): void {
  const seen = rows.map((r) => String(r[key]));
  const dupes = seen.filter((v, i) => seen.indexOf(v) !== i);
  assert.deepEqual(dupes, [], 'rows read twice');
  assert.equal(new Set(seen).size, expected, 'rows skipped');
}

for (const target of selectedTargets()) {
  describe(`paging on ${target.name}`, () => {
    test('unsorted and tie-sorted pages return every row once while rows move; child, primary-key and system tables too', async () => {
      const ctx = await target.context();
      const p = ctx.pipeline('paging_p');
      const events = Array.from({ length: N }, (_, i) => ({ n: i, grp: i % 3, tags: [i, i + 1] }));
      const users = Array.from({ length: N }, (_, i) => ({ id: N - i, name: `u${i}` }));
      await p.run([resource(events, { name: 'events' }), resource(users, { name: 'users', primary_key: 'id' })]);
      // Plain files cannot be rewritten in place (merge falls back to append), so their rows do not move.
      const movable = !ctx.capabilities.mergeFallsBackToAppend;
      const mover = (table: string, column: string) => (movable ? (page: Record<string, unknown>[]) => moveToEnd(p, table, column, page.map((r) => r[column])) : undefined);
      const ds = p.dataset();

      assertEachOnce(await readPages(ds.table('events'), mover('events', '_dlt_id')), 'n', N);
      assertEachOnce(await readPages(ds.table('events').orderBy('grp', 'desc'), mover('events', '_dlt_id')), 'n', N);
      const sorted = await readPages(ds.table('events').orderBy('grp'));
      assert.deepEqual(sorted.map((r) => Number(r.grp)), [...sorted.map((r) => Number(r.grp))].sort((a, b) => a - b));

      assertEachOnce(await readPages(ds.table('users'), mover('users', 'id')), 'id', N);
      assertEachOnce(await readPages(ds.table('events__tags'), mover('events__tags', '_dlt_id')), '_dlt_id', 2 * N);
      assert.equal((await readPages(ds.table('_dlt_loads'))).length, 1);

      assert.match(ds.table('events').limit(5).toSql(), /ORDER BY "_dlt_id" ASC LIMIT 5$/);
      assert.match(ds.table('events').orderBy('grp', 'desc').limit(5, 10).toSql(), /ORDER BY "grp" DESC, "_dlt_id" ASC LIMIT 5 OFFSET 10$/);
      assert.match(ds.table('events').orderBy('_dlt_id', 'desc').limit(5).toSql(), /ORDER BY "_dlt_id" DESC LIMIT 5$/);
      assert.match(ds.table('users').limit(5).toSql(), /ORDER BY "id" ASC LIMIT 5$/);
      assert.match(ds.table('_dlt_loads').limit(5).toSql(), /ORDER BY "load_id" ASC, "schema_name" ASC, "status" ASC, "inserted_at" ASC, "schema_version_hash" ASC LIMIT 5$/);
      assert.doesNotMatch(ds.table('events').toSql(), /ORDER BY/, 'a whole-table read is not sorted');
    });
  });
}
