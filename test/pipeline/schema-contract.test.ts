import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, PipelineStepFailed, resource, source } from '../../src/index.js';
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

test('a misspelled contract or max_table_nesting is a ConfigError naming the resource or source, before anything is loaded', async () => {
  const { p } = tempPipeline('contract_typos');
  const bad = { name: 'items', schema_contract: { columns: 'froze' } } as unknown as Parameters<typeof resource>[1];
  await assert.rejects(p.run(resource([{ id: 1 }], bad)), /resource items: schema_contract\.columns "froze" is not a contract mode; expected one of 'evolve', 'freeze', 'discard_row', 'discard_value'/);
  const entity = { name: 'items', schema_contract: { column: 'freeze' } } as unknown as Parameters<typeof resource>[1];
  await assert.rejects(p.run(resource([{ id: 1 }], entity)), /resource items: schema_contract has no entity 'column'/);
  await assert.rejects(p.run(source('s', [items([{ id: 1 }])], { schema_contract: 'frozen' as 'freeze' })), (e: unknown) => e instanceof ConfigError && /source s: schema_contract "frozen" is not a contract mode/.test(e.message));
  await assert.rejects(p.run(resource([{ id: 1 }], { name: 'items', max_table_nesting: -1 })), /resource items: max_table_nesting must be a whole number of levels, 0 or more; got -1/);
  assert.equal(p.pendingPackages().length, 0);
});

test('a freeze violation found by normalize() names the resource and the way out; dropPendingPackages() gives the package up', async () => {
  const { p } = tempPipeline('freeze_normalize');
  await p.run(source('s', [items([{ id: 1 }])]));
  await p.extract(source('s', [items([{ id: 2, y: 'new' }])], { schema_contract: 'freeze' }));
  const failure = (e: unknown) =>
    e instanceof PipelineStepFailed &&
    /^Pipeline step normalize failed: resource items: schema contract 'freeze' on columns: table 'items' has no column 'y' \(got a text value of 3 characters\) \(the extracted package \d+\.\d+ stays .*drop-pending-packages/.test(e.message);
  await assert.rejects(p.normalize(), failure);
  await assert.rejects(p.run(source('s', [items([{ id: 3 }])])), failure, 'the next run normalizes it first');
  assert.equal(await p.dropPendingPackages(), 1, 'the extracted package');
  await p.run(source('s', [items([{ id: 3 }])]));
  assert.deepEqual((await p.dataset().query('SELECT id FROM items ORDER BY id')).map((r) => r.id), [1, 3]);
});

test("a source's contract does not apply to the _dlt_ tables: a frozen source with an evolving resource loads on its first run, and its state is stored", async () => {
  const { p } = tempPipeline('contract_system_tables');
  await p.run(source('s', [resource([{ id: 1 }], { name: 'items', schema_contract: 'evolve' })], { schema_contract: 'freeze' }));
  assert.equal(await p.dataset().table('items').count(), 1);
  const { p: q } = tempPipeline('contract_discard_tables');
  await q.run(source('s', [items([{ id: 1 }])], { schema_contract: { tables: 'discard_row' } }));
  assert.deepEqual(await q.dataset().query('SELECT count(*)::INT AS n FROM _dlt_pipeline_state'), [{ n: 1 }]);
});
