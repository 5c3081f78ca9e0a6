import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PipelineStepFailed, resource } from '../../src/index.js';
import { tempPipeline } from '../helpers.js';

test('a Set inside a json value fails the run naming table.column and the path, and leaves no package', async () => {
  const { p } = tempPipeline('json_values');
  const rows = [{ id: 1, meta: { tags: ['a'] } }, { id: 2, meta: { tags: new Set(['b']) } }];
  await assert.rejects(
    p.run(resource(rows, { name: 'items', columns: { meta: { data_type: 'json' } } })),
    (e: unknown) => e instanceof PipelineStepFailed && /items\.meta: tags in the json value: a Set is not JSON-representable; convert it to an array first/.test(e.message),
  );
  assert.equal(p.pendingPackages().length, 0);
  // deeper than max_table_nesting: the json column is the nested object's
  await assert.rejects(p.run(resource([{ id: 3, a: { b: { m: new Map() } } }], { name: 'deep', max_table_nesting: 1 })), /deep\.a__b: m in the json value: a Map/);
  await p.run(resource([{ id: 4, meta: { tags: ['c'], none: {} } }], { name: 'items', columns: { meta: { data_type: 'json' } } }));
  assert.deepEqual((await p.dataset().query('SELECT CAST(meta AS VARCHAR) AS m FROM items')).map((r) => r.m), ['{"tags":["c"],"none":{}}']);
});
