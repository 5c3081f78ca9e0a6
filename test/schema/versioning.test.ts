import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Schema } from '../../src/schema/schema.js';

const table = (name: string, columns: Record<string, object>) => ({ name, columns: Object.fromEntries(Object.entries(columns).map(([k, c]) => [k, { name: k, ...c }])) });

test('the version hash ignores the order of tables and of keys inside an object, but not the order of columns', () => {
  const a = new Schema('s');
  a.tables.users = table('users', { id: { data_type: 'bigint', nullable: false } });
  a.tables.orders = table('orders', { id: { data_type: 'bigint' }, total: { data_type: 'double' } });
  const b = new Schema('s');
  b.tables.orders = table('orders', { id: { data_type: 'bigint' }, total: { data_type: 'double' } });
  b.tables.users = { columns: { id: { nullable: false, data_type: 'bigint', name: 'id' } }, name: 'users' };
  assert.equal(a.contentHash(), b.contentHash());
  b.tables.orders = table('orders', { total: { data_type: 'double' }, id: { data_type: 'bigint' } });
  assert.notEqual(a.contentHash(), b.contentHash(), 'column order is part of the content');
});

test('the version bumps once per content change and not when only the order of tables changes; previous_hashes holds each hash once, newest first', () => {
  const s = new Schema('s');
  assert.equal(s.version, 1);
  const h1 = s.versionHash;
  s.tables.t = table('t', { a: { data_type: 'text' } });
  assert.equal(s.bumpVersion(), true);
  const h2 = s.versionHash;
  const { t, ...rest } = s.tables;
  s.tables = { t: t!, ...rest };
  assert.equal(s.bumpVersion(), false, 'reordering tables is no change');
  s.tables.t!.columns.a!.data_type = 'bigint';
  s.bumpVersion();
  s.tables.t!.columns.a!.data_type = 'text';
  s.bumpVersion();
  assert.equal(s.versionHash, h2);
  assert.equal(s.version, 4);
  const h3 = s.previousHashes[0]!;
  assert.deepEqual(s.previousHashes, [h3, h2, h1]);
  s.tables.t!.columns.a!.data_type = 'bigint';
  s.bumpVersion();
  assert.equal(s.versionHash, h3);
  assert.equal(s.version, 5);
  assert.deepEqual(s.previousHashes, [h3, h2, h1], 'a hash already in the list is not added again (dlt)');
});
