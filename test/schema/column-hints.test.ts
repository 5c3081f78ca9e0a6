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
