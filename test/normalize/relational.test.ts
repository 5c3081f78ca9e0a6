import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeInMemory } from '../helpers.js';
import { RelationalNormalizer, rowObject, type Row } from '../../src/normalize/relational.js';
import { SnakeCaseNaming } from '../../src/schema/naming.js';
import { Schema } from '../../src/schema/schema.js';
import { DataValidationError } from '../../src/common/errors.js';
import { setLogSink } from '../../src/common/log.js';

const run = normalizeInMemory;
const types = (s: Schema, t: string) => Object.fromEntries(Object.values(s.tables[t]!.columns).map((c) => [c.name, c.data_type]));

test('nested objects flatten with __ and lists become child tables linked by parent id and index', () => {
  const { rows, schema } = run([[{ id: 1, Address: { City: 'Oslo', geo: { lat: 1.5 } }, tags: ['a', 'b'], orders: [{ no: 7, lines: [[1, 2], [3]] }] }]]);
  const root = rows.items![0]!;
  assert.equal(root.address__city, 'Oslo');
  assert.equal(root.address__geo__lat, 1.5);
  assert.equal(root._dlt_load_id, '1700000000.000001');
  assert.match(String(root._dlt_id), /^[A-Za-z0-9+/]{14}$/);
  assert.deepEqual(rows.items__tags!.map((r) => [r.value, r._dlt_list_idx, r._dlt_parent_id]), [['a', 0, root._dlt_id], ['b', 1, root._dlt_id]]);
  const order = rows.items__orders![0]!;
  assert.equal(order.no, 7);
  // lists of lists get an intermediary `list` table, as dlt
  assert.equal(rows.items__orders__lines!.length, 2);
  assert.deepEqual(rows.items__orders__lines__list!.map((r) => r.value), [1, 2, 3]);
  assert.equal(schema.tables.items__orders!.parent, 'items');
  assert.equal(schema.tables.items__orders__lines__list!.parent, 'items__orders__lines');
  assert.equal(rows.items__tags![0]!._dlt_root_id, undefined, 'root id only under merge');
});

test('child row ids are deterministic: same parent, table and index give the same _dlt_id', () => {
  const a = run([[{ tags: ['x'] }]]).rows;
  const b = run([[{ tags: ['x'] }]]).rows;
  assert.notEqual(a.items![0]!._dlt_id, b.items![0]!._dlt_id, 'root ids are random');
  assert.equal(typeof a.items__tags![0]!._dlt_id, 'string');
});

test('types are inferred; ISO timestamps detected, date-only strings stay text; null-only columns are not created', () => {
  const { schema } = run([[{ n: 1, f: 1.5, b: true, s: 'x', ts: '2024-05-01T10:00:00Z', d: '2024-05-01', nothing: null, big: 12345678901234 }]]);
  assert.deepEqual(types(schema, 'items'), {
    n: 'bigint', f: 'double', b: 'bool', s: 'text', ts: 'timestamp', d: 'text', big: 'bigint', _dlt_load_id: 'text', _dlt_id: 'text',
  });
  assert.equal(schema.tables.items!.columns.nothing, undefined);
  const again = run([[{ nothing: null }], [{ nothing: 'now' }]]).schema;
  assert.equal(again.tables.items!.columns.nothing?.data_type, 'text');
});

test('values coerce into existing columns, and go to a variant column when they cannot', () => {
  const { rows, schema } = run([[{ v: 1 }, { v: 2.5 }, { v: '3' }, { v: 'abc' }, { v: 'xyz' }]]);
  assert.equal(schema.tables.items!.columns.v!.data_type, 'bigint');
  assert.equal(schema.tables.items!.columns.v__v_double!.data_type, 'double');
  assert.equal(schema.tables.items!.columns.v__v_text!.variant, true);
  assert.deepEqual(rows.items!.map((r) => [r.v, r.v__v_double, r.v__v_text]), [[1, undefined, undefined], [undefined, 2.5, undefined], [3, undefined, undefined], [undefined, undefined, 'abc'], [undefined, undefined, 'xyz']]);
});

test("coercions dlt makes: numbers into bool and date columns, JSON text into a json column; other scalars for json, and numbers out of Date's range, go to variants", () => {
  const columns = { b: { data_type: 'bool' }, d: { data_type: 'date' }, ts: { data_type: 'timestamp' }, j: { data_type: 'json' } } as const;
  const { rows, schema } = run([[{ b: 0, d: 1700000000, ts: 1700000000, j: '{"x":[1]}' }, { b: 2.5, d: '2024-02-03', ts: 1e20, j: 'not json' }, { b: 1n, j: 5 }, { j: true }]], { columns });
  assert.deepEqual(rows.items!.map((r) => [r.b, r.d, r.ts]), [[false, '2023-11-14', '2023-11-14T22:13:20.000Z'], [true, '2024-02-03', undefined], [true, undefined, undefined], [undefined, undefined, undefined]]);
  assert.equal(rows.items![1]!.ts__v_double, 1e20);
  assert.deepEqual(rows.items!.map((r) => [r.j, r.j__v_text, r.j__v_bigint, r.j__v_bool]), [[{ x: [1] }], [undefined, 'not json'], [undefined, undefined, 5], [undefined, undefined, undefined, true]].map((r) => [...r, undefined, undefined, undefined].slice(0, 4)));
  assert.equal(schema.tables.items!.columns.j__v_text!.variant, true);
  const typed = run([[{ j: new Date(0) }, { j: new Uint8Array([1]) }]], { columns }).rows.items!;
  assert.deepEqual([typed[0]!.j__v_timestamp, typed[1]!.j__v_binary], [new Date(0), new Uint8Array([1])], 'a Date or bytes in a json column get a variant');
});

test("text coerces as dlt's: surrounding whitespace and 0x hex for numbers, yes/no/t/f/1/0 for bool", () => {
  const columns = { n: { data_type: 'bigint' }, f: { data_type: 'double' }, d: { data_type: 'decimal' }, b: { data_type: 'bool' } } as const;
  const { rows } = run([[{ n: ' 42 ', f: ' 2.5', d: '0x10 ', b: 'Yes' }, { n: '0x1F', f: '0x10', d: ' 1.25 ', b: 'f' }, { n: '4 2', b: 'maybe' }]], { columns });
  assert.deepEqual(rows.items!.map((r) => [r.n, r.f, r.d, r.b]), [[42, 2.5, '16', true], [31, 16, '1.25', false], [undefined, undefined, undefined, undefined]]);
  assert.deepEqual([rows.items![2]!.n__v_text, rows.items![2]!.b__v_text], ['4 2', 'maybe']);
});

test('max_table_nesting keeps deeper data as json', () => {
  const { rows, schema } = run([[{ a: { b: { c: 1 } }, l: [{ m: [1] }] }]], { max_table_nesting: 1 });
  assert.equal(schema.tables.items!.columns.a__b!.data_type, 'json');
  assert.deepEqual(rows.items![0]!.a__b, { c: 1 });
  assert.equal(schema.tables.items__l!.columns.m!.data_type, 'json');
  const zero = run([[{ a: { b: 1 }, l: [1] }]], { max_table_nesting: 0 });
  assert.equal(zero.schema.tables.items!.columns.a!.data_type, 'json');
  assert.equal(zero.rows.items__l, undefined);
});

test('max_table_nesting: a list in a list uses one more level (its `list` row), as dlt counts', () => {
  const rec = { id: 1, l: [[1, 2], [3]] };
  const one = run([[rec]], { max_table_nesting: 1 });
  assert.equal(one.schema.tables.items__l!.columns.list!.data_type, 'json');
  assert.deepEqual(one.rows.items__l!.map((r) => r.list), [[1, 2], [3]]);
  const two = run([[rec]], { max_table_nesting: 2 });
  assert.equal(two.schema.tables.items__l!.columns.list!.data_type, 'json', 'the list rows are at level 2');
  assert.equal(two.schema.tables.items__l__list, undefined);
  const three = run([[rec]], { max_table_nesting: 3 });
  assert.deepEqual(three.rows.items__l__list!.map((r) => r.value), [1, 2, 3]);
});

test('max_table_nesting stored on the table by an earlier run holds when the resource no longer gives it', () => {
  const schema = new Schema('s');
  run([[{ id: 1, a: { b: 1 } }]], { max_table_nesting: 0 }, schema);
  const { rows } = run([[{ id: 2, c: { d: 1 }, l: [1] }]], {}, schema);
  assert.deepEqual(rows.items![0]!.c, { d: 1 });
  assert.deepEqual(rows.items![0]!.l, [1]);
  assert.equal(rows.items__l, undefined);
  assert.equal(schema.tables.items!['x-normalizer']?.max_nesting, 0);
});

test('column hints override inference; json hint keeps objects whole; primary_key sets hints', () => {
  const { schema, rows } = run([[{ id: '7', meta: { x: 1 }, when: '2024-01-01' }]], {
    primary_key: 'id',
    columns: { id: { data_type: 'bigint' }, meta: { data_type: 'json' }, when: { data_type: 'date' } },
  });
  assert.equal(rows.items![0]!.id, 7);
  assert.deepEqual(rows.items![0]!.meta, { x: 1 });
  assert.equal(schema.tables.items!.columns.id!.primary_key, true);
  assert.equal(schema.tables.items!.columns.when!.data_type, 'date');
});

test('a columns hint that changes the type of an existing column is an error naming table.column and both types', () => {
  const schema = new Schema('s');
  run([[{ id: 1, x: 5 }]], {}, schema);
  assert.throws(
    () => run([[{ id: 2, x: 'abc' }]], { columns: { x: { data_type: 'text' } } }, schema),
    /resource items: the columns hint gives items\.x data_type 'text', but the column exists as bigint and a column's type cannot change/,
  );
  assert.equal(schema.tables.items!.columns.x!.data_type, 'bigint');
  // the same type, or other properties, are fine
  run([[{ id: 3, x: 6 }]], { columns: { x: { data_type: 'bigint', nullable: false } } }, schema);
  assert.equal(schema.tables.items!.columns.x!.nullable, false);
});

test('nested_hints give column hints to child tables, keyed by the path below the root table', () => {
  const nested_hints = {
    Purchases: { columns: { price: { data_type: 'decimal' as const }, note: { data_type: 'text' as const } } },
    purchases__Items: { columns: { qty: { data_type: 'double' as const, nullable: false } } },
    'purchases__items__codes': { columns: { value: { data_type: 'text' as const } } },
  };
  const { rows, schema } = run([[{ id: 1, purchases: [{ price: 5, items: [{ qty: 2, codes: [7] }] }] }]], { nested_hints });
  assert.equal(schema.tables.items__purchases!.columns.price!.data_type, 'decimal');
  assert.equal(rows.items__purchases![0]!.price, '5');
  assert.equal(schema.tables.items__purchases!.columns.note!.data_type, 'text', 'a typed hint without values');
  assert.equal(schema.tables.items__purchases__items!.columns.qty!.data_type, 'double');
  assert.equal(rows.items__purchases__items__codes![0]!.value, '7');
  assert.throws(() => run([[{ id: 1, purchases: [{ price: 5, items: [{ codes: [] }] }] }]], { nested_hints }), /table items__purchases__items: column qty is null or missing/);
  assert.equal(schema.tables.items!.columns.price, undefined, 'not the root table');
});

test('a primary_key or merge_key hint replaces the stored key (dlt 1.22): columns left out of it lose the flag', () => {
  const schema = new Schema('s');
  run([[{ id: 1, uid: 'x', day: 1, region: 'a' }]], { primary_key: 'id', merge_key: ['day', 'region'], write_disposition: 'merge' }, schema);
  run([[{ id: 2, uid: 'y', day: 2, region: 'b' }]], { primary_key: 'uid', merge_key: 'day', write_disposition: 'merge' }, schema);
  const cols = schema.tables.items!.columns;
  assert.deepEqual(Object.values(cols).filter((c) => c.primary_key).map((c) => c.name), ['uid']);
  assert.deepEqual(Object.values(cols).filter((c) => c.merge_key).map((c) => c.name), ['day']);
  // a key given as a column hint is part of it; a resource that gives no key keeps the stored one
  run([[{ id: 3, uid: 'z', day: 3, region: 'c' }]], { primary_key: 'uid', columns: { region: { primary_key: true } }, write_disposition: 'merge' }, schema);
  run([[{ id: 4, uid: 'w', day: 4, region: 'd' }]], { write_disposition: 'merge' }, schema);
  assert.deepEqual(Object.values(cols).filter((c) => c.primary_key).map((c) => c.name).sort(), ['region', 'uid']);
  const v = schema.contentHash();
  run([[{ id: 5, uid: 'v', day: 5, region: 'e' }]], { primary_key: 'uid', columns: { region: { primary_key: true } }, write_disposition: 'merge' }, schema);
  assert.equal(schema.contentHash(), v, 'the same key again changes nothing');
});

test('merge adds _dlt_root_id to child rows; upsert root ids are key hashes', () => {
  const m = run([[{ id: 1, tags: ['a'] }]], { primary_key: 'id', write_disposition: 'merge' }).rows;
  assert.equal(m.items__tags![0]!._dlt_root_id, m.items![0]!._dlt_id);
  const u1 = run([[{ id: 1 }]], { primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } }).rows;
  const u2 = run([[{ id: 1 }]], { primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } }).rows;
  assert.equal(u1.items![0]!._dlt_id, u2.items![0]!._dlt_id);
  // the key may come from the columns hints alone (dlt reads the table's primary_key columns)
  const byColumns = { columns: { id: { primary_key: true } }, write_disposition: { disposition: 'merge', strategy: 'upsert' } } as const;
  const c1 = run([[{ id: 1 }, { id: 2 }]], byColumns).rows.items!;
  const c2 = run([[{ id: 1 }]], byColumns).rows.items!;
  assert.equal(c1[0]!._dlt_id, c2[0]!._dlt_id);
  assert.notEqual(c1[0]!._dlt_id, c1[1]!._dlt_id);
  assert.equal(c1[0]!._dlt_id, u1.items![0]!._dlt_id, 'the same key gives the same id whichever hint names it');
});

test("merge hints reach the schema: hard_delete and dedup_sort on columns, deduplicated as the table's x-stage-data-deduplicated", () => {
  const columns = { Deleted: { hard_delete: true, data_type: 'bool' as const }, seq: { dedup_sort: 'asc' as const } };
  const { schema } = run([[{ id: 1, Deleted: false, seq: 1 }]], { primary_key: 'id', columns, write_disposition: { disposition: 'merge', strategy: 'delete-insert', deduplicated: true } });
  const t = schema.tables.items!;
  assert.equal(t.columns.deleted!.hard_delete, true);
  assert.equal(t.columns.seq!.dedup_sort, 'asc');
  assert.equal(t['x-merge-strategy'], 'delete-insert');
  assert.equal(t['x-stage-data-deduplicated'], true);
  run([[{ id: 2 }]], { primary_key: 'id', write_disposition: 'merge' }, schema);
  assert.equal(schema.tables.items!['x-stage-data-deduplicated'], undefined, 'a plain merge drops the flag');
});

test('non-object items are wrapped as {value}', () => {
  assert.deepEqual(run([[1, 2]]).rows.items!.map((r) => r.value), [1, 2]);
});

test('keys that collide after naming: the later value wins, with a warning', () => {
  const lines: string[] = [];
  const prev = setLogSink((_l, line) => lines.push(line));
  try {
    const { rows } = run([[{ userId: 1, user_id: 2 }]]);
    assert.equal(rows.items![0]!.user_id, 2);
    assert.ok(lines.some((l) => l.includes("normalize to column 'user_id'")));
  } finally {
    setLogSink(prev);
  }
});

test('cyclic objects and functions give clear errors', () => {
  const a: Record<string, unknown> = { x: 1 };
  a.self = a;
  assert.throws(() => run([[a]]), (e: Error) => {
    assert.ok(e instanceof DataValidationError);
    assert.match(e.message, /^resource items: objects nested more than 200 levels deep at 'self__self__.*….*__self' \(\d+ characters\) in table items — is the object cyclic/);
    assert.ok(e.message.length < 300, 'the repeating path is shortened in the message');
    return true;
  });
  assert.throws(() => run([[{ f: () => 1 }]]), /not JSON-representable/);
});

test('contracts: freeze raises, discard_row drops the row, discard_value drops the field', () => {
  const schema = new Schema('s');
  run([[{ id: 1 }]], {}, schema);
  assert.throws(() => run([[{ id: 2, extra: 'x' }]], { schema_contract: 'freeze' }, schema), DataValidationError);
  const dr = run([[{ id: 2, extra: 'x' }, { id: 3 }]], { schema_contract: { columns: 'discard_row' } }, schema);
  assert.deepEqual(dr.rows.items!.map((r) => r.id), [3]);
  const dv = run([[{ id: 4, extra: 'x' }]], { schema_contract: { columns: 'discard_value' } }, schema);
  assert.equal(dv.rows.items![0]!.extra, undefined);
  assert.equal(dv.schema.tables.items!.columns.extra, undefined);
  assert.throws(() => run([[{ id: 'not a number' }]], { schema_contract: { data_type: 'freeze' } }, schema), /variant column/);
  assert.throws(() => run([[{ id: 1 }]], { name: 'other', schema_contract: { tables: 'freeze' } }, schema), /is new/);
});

test("the stored schema reads as dlt's: tables that have had rows are marked x-normalizer 'seen-data', the json normalizer is dlt's module; a schema with sluice's old 'seen_data' keeps the mark", () => {
  const { schema } = run([[{ id: 1 }]]);
  assert.deepEqual(schema.tables.items!['x-normalizer'], { 'seen-data': true });
  const stored = schema.toStored();
  assert.deepEqual(stored.normalizers, { names: 'snake_case', json: { module: 'dlt.common.normalizers.json.relational' } }, "dlt's module name");
  stored.tables.items!['x-normalizer'] = { seen_data: true } as never;
  const old = Schema.fromStored(structuredClone(stored));
  assert.deepEqual(old.tables.items!['x-normalizer'], { 'seen-data': true });
  assert.throws(() => run([[{ id: 2, extra: 1 }]], { schema_contract: 'freeze' }, old), /has no column 'extra'/, 'not a new table: the columns contract applies');
});

test('a row dropped by discard_row leaves no trace in the schema; a column it would have added arrives with a later row', () => {
  const { rows, schema } = run([[{ a: 1 }], [{ b: 1, a: 'x' }], [{ b: 5 }]], { schema_contract: { data_type: 'discard_row' } });
  assert.deepEqual(rows.items!.map((r) => [r.a, r.b]), [[1, undefined], [undefined, 5]]);
  assert.deepEqual(types(schema, 'items'), { a: 'bigint', _dlt_load_id: 'text', _dlt_id: 'text', b: 'bigint' });
});

test('discard_row drops the row with its child rows; a discarded child row takes its own children only', () => {
  const schema = new Schema('s');
  run([[{ id: 1, kids: [{ k: 1, toys: ['a'] }] }]], {}, schema);
  const { rows } = run([[{ id: 2, extra: 1, kids: [{ k: 2, toys: ['b'] }] }, { id: 3, kids: [{ k: 3, z: 1, toys: ['c'] }, { k: 4, toys: ['d'] }] }]], { schema_contract: { columns: 'discard_row' } }, schema);
  assert.deepEqual(rows.items!.map((r) => r.id), [3]);
  assert.deepEqual(rows.items__kids!.map((r) => r.k), [4]);
  assert.deepEqual(rows.items__kids__toys!.map((r) => r.value), ['d']);
});

test('source keys named like the link and load columns are overwritten by the generated values', () => {
  const { rows, schema } = run([[{ _dlt_load_id: 7, x: 1, kids: [{ _dlt_parent_id: 9, _dlt_list_idx: 'z', y: 1 }] }, { x: 2, kids: [] }]]);
  assert.deepEqual(types(schema, 'items'), { x: 'bigint', _dlt_load_id: 'text', _dlt_id: 'text' });
  for (const r of rows.items!) {
    assert.match(String(r._dlt_id), /^[A-Za-z0-9+/]{14}$/);
    assert.equal(r._dlt_load_id, '1700000000.000001');
  }
  const kid = rows.items__kids![0]!;
  assert.equal(kid._dlt_parent_id, rows.items![0]!._dlt_id);
  assert.equal(kid._dlt_list_idx, 0);
  assert.equal(types(schema, 'items__kids')._dlt_list_idx, 'bigint');
});

test('a row that brings its own _dlt_id keeps it (dlt): its child rows link to it, and their ids derive from it', () => {
  const { rows, schema } = run([[{ _dlt_id: 'order-17', x: 1, kids: ['a', 'b'] }, { _dlt_id: 5, x: 2 }, { _dlt_id: '', x: 3 }, { x: 4 }]]);
  assert.deepEqual(types(schema, 'items')._dlt_id, 'text');
  const ids = rows.items!.map((r) => r._dlt_id);
  assert.equal(ids[0], 'order-17');
  assert.equal(ids[1], '5', 'a number id is kept as its text: the column is text');
  assert.match(String(ids[2]), /^[A-Za-z0-9+/]{14}$/, 'an empty id is replaced, as dlt replaces a falsy one');
  assert.match(String(ids[3]), /^[A-Za-z0-9+/]{14}$/);
  assert.deepEqual(rows.items__kids!.map((r) => r._dlt_parent_id), ['order-17', 'order-17']);
  const again = run([[{ _dlt_id: 'order-17', kids: ['a', 'b'] }]]).rows;
  assert.deepEqual(again.items__kids!.map((r) => r._dlt_id), rows.items__kids!.map((r) => r._dlt_id), 'child ids follow the given parent id');
  // a child row's own _dlt_id is kept too; it is still linked to its parent (dlt would leave the NOT NULL link columns empty)
  const nested = run([[{ _dlt_id: 'p', x: 1, kids: [{ _dlt_id: 'k1', toys: [1] }] }]], { primary_key: 'x', write_disposition: 'merge' }).rows;
  assert.deepEqual([nested.items__kids![0]!._dlt_id, nested.items__kids![0]!._dlt_parent_id, nested.items__kids![0]!._dlt_root_id], ['k1', 'p', 'p']);
  assert.equal(nested.items__kids__toys![0]!._dlt_parent_id, 'k1');
  assert.throws(() => run([[{ _dlt_id: true }]]), (e: Error) => e instanceof DataValidationError && /resource items: items\._dlt_id: a row's own _dlt_id must be text or a number; got a boolean value true/.test(e.message));
});

test('an empty list makes no child table, as in dlt: a table appears with its first row', () => {
  const schema = new Schema('s');
  const { rows } = run([[{ id: 1, tags: [], deep: { more: [] }, grid: [[]] }]], {}, schema);
  assert.equal(rows.items!.length, 1);
  assert.deepEqual(Object.keys(schema.tables).filter((t) => t.startsWith('items')), ['items', 'items__grid']);
  assert.equal(rows.items__grid!.length, 1);
  run([[{ id: 2, tags: ['a'] }]], {}, schema);
  assert.equal(schema.tables.items__tags!.parent, 'items');
});

test('a scalar where the schema has a child table goes to the child table as a one-item list (dlt 1.16+), not to a new column', () => {
  const schema = new Schema('s');
  run([[{ id: 1, tags: ['a'] }]], {}, schema);
  const { rows } = run([[{ id: 2, tags: 'x' }, { id: 3, tags: null }, { id: 4, meta: { labels: 7 } }]], {}, schema);
  assert.equal(schema.tables.items!.columns.tags, undefined);
  assert.deepEqual(rows.items__tags!.map((r) => [r.value, r._dlt_list_idx, r._dlt_parent_id]), [['x', 0, rows.items![0]!._dlt_id]]);
  // under a frozen columns contract the scalar is no new column, so it passes
  assert.doesNotThrow(() => run([[{ id: 5, tags: 'y' }]], { schema_contract: { columns: 'freeze' } }, schema));
  // a scalar under a name with no child table is an ordinary column
  assert.equal(rows.items![2]!.meta__labels, 7);
});

test('a null or missing value for a nullable: false column (primary key) raises during normalize, naming table, column and resource', () => {
  const pk = { primary_key: 'id', write_disposition: 'merge' } as const;
  for (const bad of [{ v: 'no key' }, { id: null, v: 'null key' }]) {
    assert.throws(
      () => run([[{ id: 1 }, bad]], pk),
      (e: Error) => e instanceof DataValidationError && /resource items: table items: primary key column id is null or missing in a row \(columns with nullable: false need a value\)/.test(e.message),
    );
  }
  // a value that would go to the variant column id__v_text leaves id null: it counts as missing
  const schema = new Schema('s');
  run([[{ id: 1 }]], pk, schema);
  assert.throws(() => run([[{ id: 'abc' }]], pk, schema), /primary key column id got a text value of 3 characters, which is not a bigint/);
  assert.equal(run([[{ id: '2' }]], pk, schema).rows.items![0]!.id, 2, 'a value that coerces is fine');
  // any nullable: false column hint, also on the first row of a new table
  assert.throws(() => run([[{ a: 1 }]], { columns: { must: { nullable: false, data_type: 'text' } } }), /table items: column must is null or missing/);
  // nested keys too: the check is on the column
  assert.throws(() => run([[{ a: { b: null } }]], { columns: { a__b: { nullable: false } } }), /column a__b is null or missing/);
  assert.equal(run([[{ a: { b: 'x' } }]], { columns: { a__b: { nullable: false } } }).rows.items![0]!.a__b, 'x');
});

test('_dlt_root_id keeps being filled once the root key exists: merge, then append or replace', () => {
  for (const wd of ['append', 'replace'] as const) {
    const schema = new Schema('s');
    run([[{ id: 1, tags: ['a'] }]], { primary_key: 'id', write_disposition: 'merge' }, schema);
    assert.equal(schema.tables.items__tags!.columns._dlt_root_id?.nullable, false);
    const { rows } = run([[{ id: 2, tags: ['b'], more: [{ x: 1, deep: [1] }] }]], { write_disposition: wd }, schema);
    const root = rows.items![0]!._dlt_id;
    assert.equal(rows.items__tags![0]!._dlt_root_id, root, wd);
    // every table of the chain gets it, also one created after the switch (dlt propagates per root table)
    assert.equal(rows.items__more![0]!._dlt_root_id, root, wd);
    assert.equal(rows.items__more__deep![0]!._dlt_root_id, root, wd);
  }
  // without a root key in the schema: no _dlt_root_id (as before)
  assert.equal(run([[{ id: 1, tags: ['a'] }]]).rows.items__tags![0]!._dlt_root_id, undefined);
});

test('values JSON cannot represent raise, naming the column and the type; undefined is skipped; class instances stay json', () => {
  class Money {
    constructor(
      public amount: number,
      public cur: string,
    ) {}
  }
  const bad: [unknown, RegExp][] = [
    [new Map([['a', 1]]), /items\.val: a Map is not JSON-representable; convert it to an object first/],
    [new Set([1, 2]), /items\.val: a Set is not JSON-representable; convert it to an array first/],
    [/x/, /items\.val: a RegExp is not JSON-representable/],
    [new WeakMap(), /items\.val: a WeakMap is not JSON-representable/],
    [Promise.resolve(1), /items\.val: a Promise is not JSON-representable; await it first/],
    [new Float64Array([1]), /items\.val: a Float64Array is not JSON-representable/],
    [new Error('boom'), /items\.val: an Error is not JSON-representable/],
    [() => 1, /items\.val: a function is not JSON-representable/],
    [Symbol('s'), /items\.val: a symbol is not JSON-representable/],
    [new Date('nope'), /items\.val: an invalid Date/],
  ];
  for (const [v, re] of bad) {
    assert.throws(() => run([[{ id: 1, val: v }]]), (e: Error) => e instanceof DataValidationError && re.test(e.message), String(v));
  }
  // nested: the column path; in a list: the child table
  assert.throws(() => run([[{ meta: { tags: new Set([1]) } }]]), /items\.meta__tags: a Set/);
  assert.throws(() => run([[{ tags: [new Set([1])] }]]), /items__tags\.value: a Set/);
  // also into a json-typed column
  assert.throws(() => run([[{ meta: new Map() }]], { columns: { meta: { data_type: 'json' } } }), /items\.meta: a Map/);

  const { rows, schema } = run([[{ id: 1, u: undefined, money: new Money(5, 'EUR'), when: new Date('2024-05-01T10:00:00Z'), bin: new Uint8Array([1]) }]]);
  assert.equal(schema.tables.items!.columns.u, undefined, 'undefined is skipped like null');
  assert.equal(schema.tables.items!.columns.money!.data_type, 'json');
  assert.deepEqual(JSON.parse(JSON.stringify(rows.items![0]!.money)), { amount: 5, cur: 'EUR' });
  assert.equal(types(schema, 'items').when, 'timestamp');
  assert.equal(types(schema, 'items').bin, 'binary');
});

test('integers: bigint only within the signed 64-bit range, double beyond; BigInt beyond int64 is decimal, beyond 29 digits text', () => {
  const { schema } = run([[{ a: 2 ** 60, b: 2 ** 63, c: 1e21, d: -(2 ** 63), e: 2n ** 70n, f: 10n ** 30n, g: 2n ** 63n - 1n, h: -(10n ** 29n) + 1n }]]);
  assert.deepEqual(
    Object.fromEntries(Object.entries(types(schema, 'items')).filter(([k]) => !k.startsWith('_dlt'))),
    { a: 'bigint', b: 'double', c: 'double', d: 'bigint', e: 'decimal', f: 'text', g: 'bigint', h: 'decimal' },
  );
  // out-of-range values for an existing bigint column go to a variant, as a fractional number does
  const { rows, schema: s2 } = run([[{ n: 1 }, { n: 2 ** 60 }, { n: 2 ** 64 }, { n: 2n ** 64n }, { n: '99999999999999999999' }, { n: '9007199254740993' }]]);
  assert.deepEqual(
    rows.items!.map((r) => [r.n, r.n__v_double, r.n__v_decimal, r.n__v_text]),
    [[1], [2 ** 60], [undefined, 2 ** 64], [undefined, undefined, 2n ** 64n], [undefined, undefined, undefined, '99999999999999999999'], [9007199254740993n]].map((r) => [...r, undefined, undefined, undefined].slice(0, 4)),
  );
  assert.equal(s2.tables.items!.columns.n__v_double!.data_type, 'double');
});

test('odd keys, cycles through lists and BigInt upsert keys give sluice errors or work', () => {
  assert.throws(() => run([[{ id: 1, __: 'v' }]]), /resource items: table items: key "__" normalizes to an empty column name/);
  assert.throws(() => run([[{ a: { ___x: 1, ['__']: 2 } }]]), /key "__" under 'a' normalizes to an empty column name/);
  const a: Record<string, unknown> = { id: 1 };
  a.children = [a];
  assert.throws(() => run([[a]]), (e: Error) => e instanceof DataValidationError && /resource items: lists nested more than 200 levels deep at 'items__children__children__.*….*' \(\d+ characters\) — is the object cyclic/.test(e.message));
  const upsert = { primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'upsert' } } as const;
  const big = run([[{ id: 9007199254740993n }]], upsert).rows.items![0]!;
  assert.equal(big.id, 9007199254740993n);
  assert.equal(big._dlt_id, run([[{ id: 9007199254740993n }]], upsert).rows.items![0]!._dlt_id, 'deterministic');
  assert.equal(run([[{ id: 5n }]], upsert).rows.items![0]!._dlt_id, run([[{ id: 5 }]], upsert).rows.items![0]!._dlt_id, 'a BigInt key hashes like the equal number');
});

test('over-long nested column and child table names are shortened from the whole path, as dlt (shorten_fragments)', () => {
  // expected names from dlt's naming (the shortening of .scratch's dlt_snake.py port), identifier limit 63
  const A = 'alpha_'.repeat(6) + 'a', B = 'bravo_'.repeat(6) + 'b', C = 'charlie_'.repeat(4) + 'c', D = 'delta_'.repeat(5) + 'd';
  const rows: Record<string, Row[]> = {};
  const schema = new Schema('s');
  const norm = new RelationalNormalizer(schema, new SnakeCaseNaming(63), '1700000000.000001', { addRow: (t, v, c) => (rows[t] ??= []).push(rowObject(v, c)) });
  const rec = (c: unknown) => ({ id: 1, [A]: [{ [B]: [{ [C]: [{ x: 1 }], o: { [D]: { [C]: 1 } } }] }], d1: { [A]: { [B]: { [C]: c } } } });
  norm.normalizePage({ name: 't' }, [rec(2), rec('abc')]);
  const tAB = 't__alpha_alpha_alpha_alpha_aly5nu0qvo_bravo_bravo_bravo_bravo_b';
  const tABC = 't__alpha_alpha_alpha_alpha_al4ybybaie_charlie_charlie_charlie_c';
  assert.ok(schema.tables[tAB], Object.keys(schema.tables).join(', '));
  assert.ok(schema.tables[tABC], Object.keys(schema.tables).join(', '));
  assert.equal(schema.tables[tABC]!.parent, tAB);
  assert.ok(schema.tables[tAB]!.columns['o__delta_delta_delta_delta_desi5akgie_charlie_charlie_charlie_c']);
  const d1 = 'd1__alpha_alpha_alpha_alpha_apfommqie_charlie_charlie_charlie_c';
  assert.deepEqual(rows.t!.map((r) => r[d1]), [2, undefined]);
  assert.equal(rows.t![1]!['d1__alpha_alpha_alpha_alpha_a5unxnaie_charlie_charlie_c__v_text'], 'abc');
  assert.equal(rows[tABC]![0]!.x, 1);
});

test("a key column is NOT NULL unless the resource's columns hint gives it nullable: true, as dlt's hints merge the key into the column (the hint's nullable wins)", () => {
  for (const key of ['primary_key', 'merge_key'] as const) {
    const hints = { [key]: 'day', write_disposition: 'merge', columns: { day: { nullable: true } } } as const;
    const { rows, schema } = run([[{ day: '2024-01-01', v: 1 }, { day: null, v: 2 }, { v: 3 }]], hints);
    assert.equal(rows.items!.length, 3, `${key}: rows without the key load`);
    assert.equal(schema.tables.items!.columns.day!.nullable, true);
    assert.equal(schema.tables.items!.columns.day![key], true);
    // the hint is found under its normalized name
    assert.doesNotThrow(() => run([[{ Day: null }]], { [key]: 'Day', write_disposition: 'merge', columns: { Day: { nullable: true } } }));
    // without it the key is NOT NULL
    assert.throws(() => run([[{ day: null }]], { [key]: 'day', write_disposition: 'merge' }), /key column day is null or missing/);
    assert.throws(() => run([[{ day: null }]], { [key]: 'day', write_disposition: 'merge', columns: { day: { data_type: 'text' } } }), /key column day is null or missing/);
  }
});
