import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeInMemory } from '../helpers.js';
import { Schema } from '../../src/schema/schema.js';

const run = normalizeInMemory;
const col = (s: Schema, name: string) => s.tables.items!.columns[name];

test("a variant column is named for the value's own type (a string is text) and typed by detection: an ISO timestamp string in a bigint column goes to n__v_text, a timestamp column", () => {
  const { rows, schema } = run([[{ n: 1 }, { n: '2024-05-01T10:00:00Z' }]]);
  assert.equal(col(schema, 'n__v_timestamp'), undefined);
  assert.deepEqual(col(schema, 'n__v_text'), { name: 'n__v_text', data_type: 'timestamp', nullable: true, variant: true });
  assert.equal(rows.items![1]!.n__v_text, '2024-05-01T10:00:00Z');
});

test('a Date in a bigint column goes to a timestamp variant; a fraction to a double variant; a boolean to a bool variant', () => {
  const { schema } = run([[{ n: 1 }, { n: new Date(0) }, { n: 2.5 }, { n: true }]]);
  assert.equal(col(schema, 'n__v_timestamp')?.data_type, 'timestamp');
  assert.equal(col(schema, 'n__v_double')?.data_type, 'double');
  assert.equal(col(schema, 'n__v_bool')?.data_type, 'bool');
});

test('a text value that fits neither the column nor its existing variant fails, naming both types (dlt raises CannotCoerceColumnException)', () => {
  assert.throws(() => run([[{ n: 1 }, { n: '2024-05-01T10:00:00Z' }, { n: 'abc' }]]), /a text value of 3 characters for column 'n' fits neither bigint nor its variant 'n__v_text' \(timestamp\)/);
});

test("text 'NaN', 'inf' and '1_000' go into an existing double or bigint column, as dlt's float()/int() coercion takes them, instead of making a text variant", () => {
  const { rows, schema } = normalizeInMemory([[{ x: 1.5, n: 1 }], [{ x: 'NaN', n: '1_000' }, { x: '-inf', n: ' 7 ' }]]);
  const items = rows.items!;
  assert.ok(Number.isNaN(items[1]!.x as number));
  assert.equal(items[1]!.n, 1000);
  assert.equal(items[2]!.x, -Infinity);
  assert.deepEqual(Object.keys(schema.tables.items!.columns).filter((c) => c.includes('__v_')), []);
});
