import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PipelineStepFailed, resource, source } from '../../src/index.js';
import { tempPipeline } from '../helpers.js';

const items = (rows: unknown[]) => resource(rows, { name: 'items' });

test("a source's schema_contract holds for its run only: a later run with another contract, or none, is not bound by it", async () => {
  const { p } = tempPipeline('source_contract');
  await p.run(source('s', [items([{ id: 1 }])]));
  await p.run(source('s', [items([{ id: 2 }])], { schema_contract: 'freeze' }));
  await p.run(source('s', [items([{ id: 3, x: 1 }])], { schema_contract: 'evolve' }));
  await p.run(source('s', [items([{ id: 4, y: 1 }])]));
  assert.deepEqual(await p.dataset().query('SELECT id, x, y FROM items ORDER BY id'), [
    { id: 1, x: null, y: null }, { id: 2, x: null, y: null }, { id: 3, x: 1, y: null }, { id: 4, x: null, y: 1 },
  ]);
  assert.equal(p.defaultSchema!.settings.schema_contract, undefined);
  await assert.rejects(p.run(source('s', [items([{ id: 5, z: 1 }])], { schema_contract: 'freeze' })), (e: unknown) => e instanceof PipelineStepFailed && /'freeze' on columns: table 'items' has no column 'z'/.test(e.message));
});
