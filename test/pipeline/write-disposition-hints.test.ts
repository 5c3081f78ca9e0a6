/**
 * Write-disposition hints that cannot work fail the run before anything is loaded, naming the resource
 * and the hint (dlt raises for these too: tests/load/pipeline/test_merge_disposition.py). Without the
 * checks they loaded as a silent append.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, PipelineStepFailed, resource, type WriteDisposition } from '../../src/index.js';
import { tempPipeline } from '../helpers.js';

/** The run fails with a PipelineStepFailed caused by a ConfigError; its message is the ConfigError's. */
function configError(re: RegExp) {
  return (e: unknown) => {
    let c: unknown = e;
    while (c instanceof Error && !(c instanceof ConfigError)) c = c.cause;
    return e instanceof PipelineStepFailed && c instanceof ConfigError && re.test(c.message) && e.message.endsWith(c.message);
  };
}

test('a misspelled write_disposition or strategy is a ConfigError listing what is accepted', async () => {
  const { p } = tempPipeline('wd_typos');
  const run = (wd: unknown) => p.run(resource([{ id: 1 }], { name: 'items', primary_key: 'id', write_disposition: wd as WriteDisposition }));
  await assert.rejects(run('merg'), configError(/^resource items: write_disposition "merg" is not a write disposition; expected 'append', 'replace' or 'merge'; did you mean 'merge'\?$/));
  await assert.rejects(run({ disposition: 'merge', strategy: 'foo' }), configError(/^resource items: merge strategy "foo" is not a merge strategy; expected 'delete-insert', 'upsert', 'insert-only' or 'scd2'/));
  await assert.rejects(run({ disposition: 'merge', strategy: 'upsret' }), configError(/merge strategy "upsret" is not a merge strategy; expected .*; did you mean 'upsert'\?$/));
  await assert.rejects(run({ disposition: 'replace', strategy: 'truncate' }), configError(/^resource items: replace strategy "truncate" is not a replace strategy; expected 'truncate-and-insert', 'insert-from-staging' or 'staging-optimized'/));
  assert.equal(p.pendingPackages().length, 0);
  assert.equal(p.defaultSchema?.tables.items, undefined);
});

test('scd2 options that cannot work are refused by name before anything is loaded', async () => {
  const { p } = tempPipeline('wd_scd2');
  const run = (wd: Record<string, unknown>) => p.run(resource([{ id: 1 }], { name: 'items', primary_key: 'id', write_disposition: { disposition: 'merge', ...wd } as WriteDisposition }));
  await assert.rejects(run({ strategy: 'upsert', row_version_column_name: 'v' }), configError(/^resource items: row_version_column_name is an option of the merge strategy 'scd2' only; got strategy "upsert"$/));
  for (const bad of ['', '_dlt_id', 42]) {
    await assert.rejects(run({ strategy: 'scd2', row_version_column_name: bad }), configError(/row_version_column_name must name a column of the data \(not a _dlt column or a validity column\)/));
  }
  await assert.rejects(run({ strategy: 'scd2', validity_column_names: ['from', 'to'], row_version_column_name: 'to' }), configError(/row_version_column_name must name a column/));
  await assert.rejects(run({ strategy: 'upsert', validity_column_names: ['a', 'b'] }), configError(/^resource items: validity_column_names is an option of the merge strategy 'scd2' only; got strategy "upsert"$/));
  await assert.rejects(run({ validity_column_names: ['a', 'b'] }), configError(/only; got strategy "delete-insert"$/));
  await assert.rejects(run({ strategy: 'scd2', validity_column_names: ['same', 'same'] }), configError(/validity_column_names must be two different column names, \[from, to\]; got \["same","same"\]/));
  await assert.rejects(run({ strategy: 'scd2', validity_column_names: 'from' }), configError(/validity_column_names must be two different column names/));
  await assert.rejects(run({ strategy: 'scd2', boundary_timestamp: 'yesterday' }), configError(/boundary_timestamp must be an ISO date or timestamp .*; got "yesterday"/));
  await assert.rejects(run({ strategy: 'scd2', active_record_timestamp: 42 }), configError(/active_record_timestamp must be an ISO date or timestamp/));
  await assert.rejects(
    p.run(resource([{ id: 1, gone: false }], { name: 'items', write_disposition: { disposition: 'merge', strategy: 'scd2' }, columns: { gone: { hard_delete: true } } })),
    configError(/table items: merge strategy 'scd2' with a hard_delete column is not supported by sluice/),
  );
  await assert.rejects(
    p.run(resource([{ foo: 'bar' }], { name: 'things', write_disposition: { disposition: 'merge', strategy: 'insert-only' } })),
    configError(/^resource things: table things: merge strategy 'insert-only' needs a primary_key/),
  );
  assert.equal(p.pendingPackages().length, 0);
});

test('upsert without a primary_key fails naming the table (it would have appended)', async () => {
  const { p } = tempPipeline('wd_upsert_nopk');
  await assert.rejects(
    p.run(resource([{ foo: 'bar' }], { name: 'things', write_disposition: { disposition: 'merge', strategy: 'upsert' } })),
    configError(/^resource things: table things: merge strategy 'upsert' needs a primary_key/),
  );
  // A primary key given as a column hint is enough.
  await p.run(resource([{ id: 1, foo: 'bar' }], { name: 'things', write_disposition: { disposition: 'merge', strategy: 'upsert' }, columns: { id: { primary_key: true } } }));
  assert.equal(await p.dataset().table('things').count(), 1);
});

test('two hard_delete columns, two dedup_sort columns or a dedup_sort other than asc/desc fail naming the columns', async () => {
  const { p } = tempPipeline('wd_merge_hints');
  const run = (name: string, columns: Record<string, object>) => p.run(resource([{ id: 1, a: true, b: false }], { name, primary_key: 'id', write_disposition: 'merge', columns }));
  await assert.rejects(run('hd', { a: { hard_delete: true }, b: { hard_delete: true } }), configError(/^resource hd: table hd: only one column may be hard_delete; got a, b/));
  await assert.rejects(run('ds', { a: { dedup_sort: 'desc' }, b: { dedup_sort: 'asc' } }), configError(/^resource ds: table ds: only one column may be dedup_sort; got a, b/));
  await assert.rejects(run('dv', { a: { dedup_sort: 'newest' } }), configError(/^resource dv: table dv: column a: dedup_sort "newest" is not a sort order; expected 'asc' or 'desc'/));
  assert.equal(p.pendingPackages().length, 0);
});

test('a merge_key column is NOT NULL: a row without it, or a merge_key naming no field of the data, fails naming table and column', async () => {
  const { p } = tempPipeline('wd_merge_key_null');
  const failsOn = (col: string, table: string) => (e: unknown) =>
    e instanceof PipelineStepFailed && new RegExp(`table ${table}: merge key column ${col} is null or missing in a row`).test(e.message);
  await assert.rejects(p.run(resource([{ id: 1 }, { id: null }, { id: 2 }], { name: 'days', merge_key: 'id', write_disposition: 'merge' })), failsOn('id', 'days'));
  await assert.rejects(p.run(resource([{ foo: 'bar' }], { name: 'merging_test_table', merge_key: 'not_a_column', write_disposition: 'merge' })), failsOn('not_a_column', 'merging_test_table'));
  assert.equal(p.pendingPackages().length, 0);
  await p.run(resource([{ day: 1, v: 'a' }], { name: 'days', merge_key: 'day', write_disposition: 'merge' }));
  assert.deepEqual({ ...p.defaultSchema!.tables.days!.columns.day }, { name: 'day', merge_key: true, nullable: false, data_type: 'bigint' });
});
