import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../src/common/errors.js';
import { normalizeInMemory } from '../helpers.js';

const fails = (hints: object, re: RegExp) => assert.throws(() => normalizeInMemory([[{ id: 1, x: 2, meta: [{ y: 'a' }] }]], hints), (e: unknown) => e instanceof ConfigError && re.test(e.message));

test('a columns hint whose data_type is no data type is a ConfigError naming resource, column and value, with the type to use (it failed as "COERCE[t] is not a function")', () => {
  fails({ columns: { x: { data_type: 'integer' } } }, /^resource items: the columns hint for 'x' gives data_type "integer", which is not a data type; expected one of text, bigint, .*; use 'bigint'$/);
  fails({ columns: { x: { data_type: 'String' } } }, /use 'text'$/);
  fails({ columns: { x: { data_type: 'complex' } } }, /use 'json'$/);
  fails({ columns: { x: { data_type: 'wei' } } }, /data_type "wei", which is not a data type.*use 'decimal'$/);
  fails({ columns: { x: { data_type: 'timestmap' } } }, /did you mean 'timestamp'\?$/);
  // also for a column no row has a value for, which would be created with an unknown type
  fails({ columns: { never: { data_type: 'int' } } }, /columns hint for 'never'/);
  // and in nested_hints
  fails({ nested_hints: { meta: { columns: { y: { data_type: 'varchar' } } } } }, /^resource items, nested_hints 'meta': the columns hint for 'y' .*use 'text'$/);
});

test('every data type is accepted in a columns hint', () => {
  for (const t of ['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'time', 'decimal', 'json', 'binary'] as const) {
    assert.doesNotThrow(() => normalizeInMemory([[{ id: 1 }]], { columns: { x: { data_type: t } } }), t);
  }
});

test("a misspelled column hint or one of the wrong kind is a ConfigError naming it (primaryKey, nullabel and nullable: 'false' were ignored, and the column loaded without them)", () => {
  fails({ columns: { id: { primaryKey: true } } }, /^resource items: the columns hint for 'id' has 'primaryKey', which is not a column hint; the hints are name, data_type, .* and x- custom hints; did you mean 'primary_key'\?$/);
  fails({ columns: { x: { nullabel: false } } }, /has 'nullabel'.*did you mean 'nullable'\?$/);
  fails({ columns: { x: { nullable: 'false' } } }, /^resource items: the columns hint for 'x' gives nullable "false"; expected true or false$/);
  fails({ columns: { x: { data_type: 'decimal', precision: 10.5 } } }, /gives precision 10.5; expected a whole number, 0 or more$/);
  fails({ columns: { x: 'bigint' } }, /the columns hint for 'x' must be an object of column hints; got "bigint"/);
  // x- hints, dlt's partition/cluster/sort, and null values pass
  assert.doesNotThrow(() => normalizeInMemory([[{ x: 1 }]], { columns: { x: { 'x-owner': 'me', partition: true, cluster: false, sort: true, precision: null } } as never }));
});
