import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeInMemory } from '../helpers.js';
import { Schema } from '../../src/schema/schema.js';
import { DataValidationError } from '../../src/common/errors.js';

const run = normalizeInMemory;
/** A schema whose table `items` has had rows, optionally with a hint-only column `note` stored from an earlier run. */
function seen(withNote = false): Schema {
  const schema = new Schema('s');
  run([[{ id: 1, kids: [{ k: 1 }] }]], withNote ? { columns: { note: { description: 'free text' } } } : {}, schema);
  return schema;
}

test('a column known only from hints (no type yet) counts as new for the columns contract once the table has data: freeze raises, discard_value drops the value, discard_row the row', () => {
  assert.equal(seen(true).tables.items!.columns.note!.data_type, undefined);
  assert.throws(() => run([[{ id: 2, note: 'x' }]], { schema_contract: { columns: 'freeze' } }, seen(true)), (e: unknown) => e instanceof DataValidationError && /'freeze' on columns: table 'items' has no column 'note'/.test(e.message));
  const dv = run([[{ id: 2, note: 'x' }]], { schema_contract: { columns: 'discard_value' } }, seen(true));
  assert.deepEqual(dv.rows.items!.map((r) => [r.id, r.note]), [[2, undefined]]);
  assert.equal(dv.schema.tables.items!.columns.note!.data_type, undefined);
  const dr = run([[{ id: 2, note: 'x' }, { id: 3 }]], { schema_contract: { columns: 'discard_row' } }, seen(true));
  assert.deepEqual(dr.rows.items!.map((r) => r.id), [3]);
});

test("a columns hint that adds a column to a table with data is held to the columns contract (dlt checks hints at extract): freeze raises naming the hint, discard modes leave the column out", () => {
  assert.throws(
    () => run([[{ id: 2 }]], { schema_contract: 'freeze', columns: { extra: { data_type: 'text' } } }, seen()),
    (e: unknown) => e instanceof DataValidationError && /'freeze' on columns: the columns hint adds column 'extra' to table 'items'/.test(e.message),
  );
  const dv = run([[{ id: 2, extra: 'x' }]], { schema_contract: { columns: 'discard_value' }, columns: { extra: { data_type: 'text' } } }, seen());
  assert.equal(dv.schema.tables.items!.columns.extra, undefined);
  assert.deepEqual(dv.rows.items!.map((r) => [r.id, r.extra]), [[2, undefined]]);
  assert.throws(
    () => run([[{ id: 2, kids: [{ k: 2 }] }]], { schema_contract: 'freeze', nested_hints: { kids: { columns: { z: { data_type: 'bigint' } } } } }, seen()),
    /the columns hint adds column 'z' to table 'items__kids'/,
  );
});

test('hints on a table without data, and hints for columns a table has, are not held to the contract', () => {
  const fresh = run([[{ id: 1, note: 'x' }]], { schema_contract: { columns: 'freeze' }, columns: { note: { description: 'd' }, extra: { data_type: 'text' } } });
  assert.equal(fresh.schema.tables.items!.columns.note!.data_type, 'text');
  assert.equal(fresh.schema.tables.items!.columns.extra!.data_type, 'text');
  const known = run([[{ id: 2 }]], { schema_contract: 'freeze', columns: { id: { description: 'the id' } } }, seen());
  assert.equal(known.schema.tables.items!.columns.id!.description, 'the id');
});
