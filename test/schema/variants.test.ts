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
