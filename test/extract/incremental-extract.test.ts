/** Incremental cursors as the extractor applies them to resources and transformers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSource } from '../../src/extract/extractor.js';
import { resource, transformer } from '../../src/extract/resource.js';
import { source } from '../../src/extract/source.js';

test('row_order on a transformer filters rows but never stops the other parent items (dlt ignores it there)', async () => {
  const parents = resource([{ p: 1 }, { p: 2 }], { name: 'parents' });
  const fetched: string[] = [];
  // each parent item pages newest first; its third page falls below the start value
  const child = transformer(
    parents,
    async function* (page) {
      for (const { p } of page as { p: number }[]) {
        for (const pg of [[30, 20], [18, 16], [10, 5]]) {
          fetched.push(`${p}:${pg.join(',')}`);
          yield pg.map((n) => ({ id: `${p}-${n}`, n }));
        }
      }
    },
    { name: 'child', incremental: { cursor_path: 'n', initial_value: 15, row_order: 'desc' } },
  );
  const rows: { id: string }[] = [];
  await extractSource(source('s', [parents, child]), {
    sourcesState: {},
    sink: (r, p) => {
      if (r.name === 'child') rows.push(...(p as { id: string }[]));
    },
  });
  assert.deepEqual(
    rows.map((r) => r.id),
    ['1-30', '1-20', '1-18', '1-16', '2-30', '2-20', '2-18', '2-16'],
  );
  assert.equal(fetched.length, 6, 'every page of every parent item is read');
});

test('row_order on a root resource still stops pulling pages', async () => {
  let pulled = 0;
  const r = resource(
    async function* () {
      for (const pg of [[30, 20], [18, 10], [5, 1]]) {
        pulled++;
        yield pg.map((n) => ({ n }));
      }
    },
    { name: 'r', incremental: { cursor_path: 'n', initial_value: 15, row_order: 'desc' } },
  );
  const rows: unknown[] = [];
  await extractSource(source('s', [r]), { sourcesState: {}, sink: (_r, p) => rows.push(...p) });
  assert.equal(rows.length, 3);
  assert.equal(pulled, 2);
});

test('resource(): a bad incremental spec fails at declaration naming the key, what is expected and what was given', () => {
  const bad = (incremental: Record<string, unknown>) => () => resource([], { name: 'events', incremental: incremental as never });
  // each of these was accepted and silently did something else (excluded rows, read every page, ...)
  assert.throws(bad({ cursor_path: 'ts', on_cursor_value_missing: 'skip' }), /resource events: incremental\.on_cursor_value_missing: expected 'raise', 'include' or 'exclude', got "skip"/);
  assert.throws(bad({ cursor_path: 'ts', row_order: 'ascending' }), /resource events: incremental\.row_order: expected 'asc' or 'desc', got "ascending"; did you mean 'asc'\?/);
  assert.throws(bad({ cursor_path: 'ts', range_start: 'opened' }), /incremental\.range_start: expected 'open' or 'closed', got "opened"; did you mean 'open'\?/);
  assert.throws(bad({ cursor_path: 'ts', range_end: 'inclusive' }), /incremental\.range_end: expected 'open' or 'closed', got "inclusive"/);
  assert.throws(bad({ cursor_path: 'ts', lag: '60' }), /incremental\.lag: expected a number >= 0 \(seconds, days or units\), got "60"/);
  assert.throws(bad({ cursor_path: 'ts', last_value_func: 'maximum' }), /incremental\.last_value_func: expected 'max', 'min' or a function, got "maximum"; did you mean 'max'\?/);
  assert.throws(bad({ cursor_path: 'ts', primary_key: 7 }), /incremental\.primary_key: expected a field name or a list of them, got 7/);
  assert.throws(bad({ cursor_path: '' }), /incremental\.cursor_path: expected a field name or JSONPath, got ""/);
  // jsonpath-plus reads a broken path loosely (`ts[` as `ts`, `a..` as every value below a): refused, as dlt's parse does
  assert.throws(bad({ cursor_path: 'ts[' }), /resource events: incremental\.cursor_path: "ts\[" is not a valid JSONPath: unclosed '\['/);
  assert.throws(bad({ cursor_path: 'meta..' }), /incremental\.cursor_path: "meta\.\." is not a valid JSONPath/);
  assert.throws(bad({ cursor_path: 'ts', initialValue: 5 }), /incremental\.initialValue: unknown key; did you mean 'initial_value'\?/);
  assert.throws(() => transformer(resource([], { name: 'p' }), function* () {}, { name: 'child', incremental: { cursor_path: 'ts', row_order: 'up' } as never }), /resource child: incremental\.row_order/);
  // a good spec passes
  resource([], { name: 'ok', incremental: { cursor_path: '$.meta.updated', initial_value: 0, lag: 0, last_value_func: (v) => v[0], primary_key: [], range_start: 'open', convert: String } });
});
