import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setLogSink, type LogLevel } from '../../src/common/log.js';
import {
  bindIncremental,
  bindResumableCursor,
  IncrementalCursorInvalidCoercion,
  IncrementalCursorPathError,
  IncrementalPrimaryKeyMissing,
} from '../../src/extract/incremental.js';
import { ConfigError } from '../../src/common/errors.js';
import { compareCursor, shiftCursor } from '../../src/extract/incremental-values.js';

const rows = (ids: number[], ts: (i: number) => unknown) => ids.map((i) => ({ id: i, updated_at: ts(i) }));

test('second run keeps only new rows; boundary rows deduplicated by primary key', () => {
  const state: Record<string, unknown> = {};
  const a = bindIncremental({ cursor_path: 'updated_at', initial_value: 0 }, state, { resourceName: 'r', primaryKey: ['id'] });
  assert.deepEqual(a.filter(rows([1, 2, 3], (i) => i)).length, 3);
  a.commit();
  assert.equal(a.lastValue, 3);
  const inc = (state.incremental as Record<string, { last_value: unknown; unique_hashes: string[] }>).updated_at;
  assert.equal(inc.last_value, 3);
  assert.equal(inc.unique_hashes.length, 1);
  const b = bindIncremental({ cursor_path: 'updated_at', initial_value: 0 }, state, { resourceName: 'r', primaryKey: ['id'] });
  assert.equal(b.startValue, 3);
  const kept = b.filter([...rows([2, 3], (i) => i), { id: 33, updated_at: 3 }, { id: 4, updated_at: 4 }]);
  assert.deepEqual(kept.map((r) => (r as { id: number }).id), [33, 4]);
});

test('ISO strings, Dates and numbers compare correctly', () => {
  assert.ok(compareCursor('2024-01-01T00:00:00Z', new Date('2024-01-01T00:00:01Z')) < 0);
  assert.equal(compareCursor('2024-01-01T02:00:00+02:00', '2024-01-01T00:00:00Z'), 0);
  assert.ok(compareCursor('2024-01-01T00:00:00.000001Z', '2024-01-01T00:00:00.000002Z') < 0);
  assert.ok(compareCursor(10, 9) > 0);
  assert.ok(compareCursor('10', 9) > 0);
  assert.equal(shiftCursor('2024-01-02', 1, -1), '2024-01-01');
});

test('cap on boundary hashes keeps newest and warns once', () => {
  const lines: string[] = [];
  const prev = setLogSink((_l: LogLevel, line) => lines.push(line));
  try {
    const state: Record<string, unknown> = {};
    const a = bindIncremental({ cursor_path: 'updated_at' }, state, { resourceName: 'r', primaryKey: ['id'], maxBoundaryHashes: 10 });
    a.filter(rows(Array.from({ length: 25 }, (_, i) => i), () => 5));
    a.commit();
    const inc = (state.incremental as Record<string, { unique_hashes: string[] }>).updated_at;
    assert.equal(inc.unique_hashes.length, 10);
    assert.equal(lines.filter((l) => l.includes('dedup hashes')).length, 1);
    const b = bindIncremental({ cursor_path: 'updated_at' }, state, { resourceName: 'r', primaryKey: ['id'], maxBoundaryHashes: 10 });
    // the 10 newest (15..24) are deduplicated; older ones at the boundary come back
    assert.equal(b.filter(rows(Array.from({ length: 25 }, (_, i) => i), () => 5)).length, 15);
  } finally {
    setLogSink(prev);
  }
});

test('end_value is exclusive and stateless; row_order asc exhausts', () => {
  const state: Record<string, unknown> = {};
  const a = bindIncremental({ cursor_path: 'n', initial_value: 2, end_value: 5, row_order: 'asc' }, state, { resourceName: 'r' });
  const out = a.filter([1, 2, 3, 4, 5, 6].map((n) => ({ n })));
  assert.deepEqual(out, [{ n: 2 }, { n: 3 }, { n: 4 }]);
  assert.equal(a.exhausted, true);
  a.commit();
  assert.equal(state.incremental, undefined);
});

test('row_order desc exhausts once rows fall below start; lag re-reads', () => {
  const state: Record<string, unknown> = { incremental: { ts: { initial_value: '2024-01-01T00:00:00Z', last_value: '2024-01-01T01:00:00Z', unique_hashes: [] } } };
  const a = bindIncremental({ cursor_path: 'ts', initial_value: '2024-01-01T00:00:00Z', lag: 600, row_order: 'desc' }, state, { resourceName: 'r' });
  assert.equal(a.startValue, '2024-01-01T00:50:00Z');
  const out = a.filter([{ ts: '2024-01-01T02:00:00Z' }, { ts: '2024-01-01T00:55:00Z' }, { ts: '2024-01-01T00:40:00Z' }]);
  assert.equal(out.length, 2);
  assert.equal(a.exhausted, true);
  a.commit();
  // state keeps the real last value; lastValue is it with the lag applied, as dlt's Incremental.last_value
  assert.equal((state.incremental as Record<string, { last_value: unknown }>).ts.last_value, '2024-01-01T02:00:00Z');
  assert.equal(a.lastValue, '2024-01-01T01:50:00Z');
});

test('missing cursor: raise names the path and keys; include/exclude', () => {
  const a = bindIncremental({ cursor_path: 'meta.updated' }, {}, { resourceName: 'users' });
  assert.throws(() => a.filter([{ id: 1 }]), /users: cursor_path 'meta.updated' has no value .*available keys: id/);
  const b = bindIncremental({ cursor_path: 'meta.updated', on_cursor_value_missing: 'include' }, {}, { resourceName: 'users' });
  assert.equal(b.filter([{ id: 1 }, { meta: { updated: 3 } }]).length, 2);
  assert.equal(b.lastValue, 3);
  const c = bindIncremental({ cursor_path: '$.meta.updated', on_cursor_value_missing: 'exclude' }, {}, { resourceName: 'users' });
  assert.equal(c.filter([{ id: 1 }, { meta: { updated: 3 } }]).length, 1);
});

test('min last_value_func and range_start open', () => {
  const state: Record<string, unknown> = {};
  const a = bindIncremental({ cursor_path: 'n', last_value_func: 'min', initial_value: 10 }, state, { resourceName: 'r' });
  assert.deepEqual(a.filter([{ n: 12 }, { n: 9 }, { n: 7 }]), [{ n: 9 }, { n: 7 }]);
  a.commit();
  const b = bindIncremental({ cursor_path: 'n', last_value_func: 'min', range_start: 'open' }, state, { resourceName: 'r' });
  assert.deepEqual(b.filter([{ n: 7 }, { n: 6 }]), [{ n: 6 }]);
});

test('resumable cursor persists on commit', () => {
  const state: Record<string, unknown> = {};
  const c = bindResumableCursor(state);
  assert.equal(c.initial, undefined);
  c.update('abc');
  c.update(null);
  assert.equal(state.resume_cursor, undefined);
  c.commit();
  assert.equal(bindResumableCursor(state).initial, 'abc');
});

test('a dedup key missing from a row is an error naming resource, key and cursor value (was one shared hash: new boundary rows dropped)', () => {
  const a = bindIncremental({ cursor_path: 'ts' }, {}, { resourceName: 'users', primaryKey: ['id'] });
  assert.throws(
    () => a.filter([{ userId: 1, ts: 5 }]),
    (e: Error) => e instanceof IncrementalPrimaryKeyMissing && /resource users: primary key 'id' .*not found in an item .*available keys: userId, ts/.test(e.message),
  );
  // a null key value is a value: hashed, no error (dlt the same)
  const b = bindIncremental({ cursor_path: 'ts' }, {}, { resourceName: 'users', primaryKey: ['id'] });
  assert.equal(b.filter([{ id: null, ts: 5 }]).length, 1);
  // rows before the boundary need no hash
  const c = bindIncremental({ cursor_path: 'ts', primary_key: [] }, {}, { resourceName: 'users', primaryKey: ['id'] });
  assert.equal(c.filter([{ ts: 5 }]).length, 1);
});

test('lag keeps a string cursor in its own format (zone, separator, fraction digits), as dlt; numbers stay integers', () => {
  // the lagged start is what {incremental.start_value} sends to the API
  assert.equal(shiftCursor('2024-01-01T00:01:00Z', 60, -1), '2024-01-01T00:00:00Z');
  assert.equal(shiftCursor('2024-01-01T10:00:00+02:00', 60, -1), '2024-01-01T09:59:00+02:00');
  assert.equal(shiftCursor('2024-01-01T00:00:00-05:00', 3600, -1), '2023-12-31T23:00:00-05:00');
  assert.equal(shiftCursor('2024-01-01T00:00:30+0530', 60, 1), '2024-01-01T00:01:30+0530');
  assert.equal(shiftCursor('2024-01-01 10:00:00.123456', 60, -1), '2024-01-01 09:59:00.123456');
  assert.equal(shiftCursor('2024-01-01T10:00:00.000Z', 0.5, -1), '2024-01-01T09:59:59.500Z');
  assert.equal(shiftCursor('2024-03-01T00:00', 60, -1), '2024-02-29T23:59');
  assert.equal(shiftCursor('2024-01-02', 1, -1), '2024-01-01');
  assert.equal(shiftCursor(10, 1.5, -1), 8);
  assert.equal(shiftCursor(10.5, 1.5, -1), 9);
  const st: Record<string, unknown> = { incremental: { ts: { initial_value: null, last_value: '2024-01-01T10:00:00+02:00', unique_hashes: [] } } };
  assert.equal(bindIncremental({ cursor_path: 'ts', lag: 3600 }, st, { resourceName: 'r' }).startValue, '2024-01-01T09:00:00+02:00');
});

test('end_value null is no end (dlt None): the run keeps state; end_value equal to initial_value is an empty window, not an error', () => {
  const state: Record<string, unknown> = {};
  const a = bindIncremental({ cursor_path: 'n', initial_value: 0, end_value: null }, state, { resourceName: 'r' });
  assert.equal(a.filter([{ n: 1 }, { n: 2 }]).length, 2);
  a.commit();
  assert.equal((state.incremental as Record<string, { last_value: unknown }>).n!.last_value, 2, 'state advances');
  assert.equal(bindIncremental({ cursor_path: 'n', end_value: null }, {}, { resourceName: 'r' }).filter([{ n: 1 }]).length, 1, 'no initial_value needed');
  const e = bindIncremental({ cursor_path: 'n', initial_value: 5, end_value: 5 }, {}, { resourceName: 'r' });
  assert.deepEqual(e.filter([{ n: 4 }, { n: 5 }, { n: 6 }]), []);
  assert.throws(() => bindIncremental({ cursor_path: 'n', initial_value: 5, end_value: 4 }, {}, { resourceName: 'r' }), /end_value 4 must not lie before initial_value 5/);
});

test('a cursor_path that points at an object or a list fails naming resource, path and the fields inside (it compared JSON text and stored the object as last_value)', () => {
  const a = bindIncremental({ cursor_path: 'updated' }, {}, { resourceName: 'users' });
  assert.throws(
    () => a.filter([{ id: 1, updated: { at: '2024-01-01T00:00:00Z', by: 'x' } }]),
    (e: Error) => e instanceof IncrementalCursorPathError && /resource users: cursor_path 'updated' points at an object in an item, not at a cursor value; point it at a field inside it \(updated\.at, updated\.by\)/.test(e.message),
  );
  const b = bindIncremental({ cursor_path: '$.meta[' }, {}, { resourceName: 'users' });
  assert.throws(() => b.filter([{ meta: { updated: 1 } }]), /cursor_path '\$\.meta\[' points at an object/);
  const c = bindIncremental({ cursor_path: 'tags' }, {}, { resourceName: 'users' });
  assert.throws(() => c.filter([{ tags: [1, 2] }]), /cursor_path 'tags' points at a list in an item/);
  // Dates are values
  const d = bindIncremental({ cursor_path: 'ts' }, {}, { resourceName: 'users' });
  assert.equal(d.filter([{ ts: new Date() }]).length, 1);
});

test('a cursor value of another kind than the bound fails naming resource, path and both values (it was compared as text: 9 > "10", a row dropped or kept by accident)', () => {
  // initial_value a number, the field text: as text "abc" > 5 would keep the row, "1" < 5 would drop it
  const a = bindIncremental({ cursor_path: 'updated_at', initial_value: 5 }, {}, { resourceName: 'users' });
  assert.throws(
    () => a.filter([{ id: 1, updated_at: 'abc' }]),
    (e: unknown) =>
      e instanceof IncrementalCursorInvalidCoercion &&
      /resource users: cursor_path 'updated_at': an item's value "abc" \(text\) has no order against 5 \(number\)/.test(e.message) &&
      /initial_value 5 \(number\)/.test(e.message),
  );
  // a Date bound against text that is no timestamp
  const b = bindIncremental({ cursor_path: 'updated_at', initial_value: new Date('2024-01-01T00:00:00Z') }, {}, { resourceName: 'users' });
  assert.throws(() => b.filter([{ id: 1, updated_at: 'yesterday' }]), IncrementalCursorInvalidCoercion);
  // the field switching type between rows: last_value 3 (number), then a boolean-vs-text row
  const c = bindIncremental({ cursor_path: 'v' }, {}, { resourceName: 'r' });
  c.filter([{ v: true }]);
  assert.throws(() => c.filter([{ v: 'x' }]), /true \(boolean\)/);
  // end_value and initial_value of different kinds are a config error up front
  assert.throws(
    () => bindIncremental({ cursor_path: 'v', initial_value: 1, end_value: 'z' }, {}, { resourceName: 'r' }),
    (e: unknown) => e instanceof ConfigError && /must be of one type/.test(e.message),
  );
});

test('kinds that do have an order still compare: numeric text with numbers, ISO text with Dates, ISO text with other text lexically', () => {
  assert.ok(compareCursor('10', 9) > 0);
  assert.ok(compareCursor(true, 0) > 0);
  assert.ok(compareCursor('2024-01-02', new Date('2024-01-01T12:00:00Z')) > 0);
  assert.ok(compareCursor('2024-01-01T00:00:00Z', 'b') < 0);
  const a = bindIncremental({ cursor_path: 'n', initial_value: '5' }, {}, { resourceName: 'r' });
  assert.deepEqual(a.filter([{ n: 4 }, { n: 6 }]), [{ n: 6 }]);
});
