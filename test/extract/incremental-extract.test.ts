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
