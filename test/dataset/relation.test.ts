/**
 * `p.dataset()`: counts over limited relations, a clear error for a table the dataset does not have, and
 * the destination's schema in a new working dir.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource, SluiceError } from '../../src/index.js';
import { tempPipeline } from '../helpers.js';

test('count() of a limited relation counts the rows the relation returns', async () => {
  const { p } = tempPipeline('relation_count');
  await p.run(resource(Array.from({ length: 25 }, (_, i) => ({ id: i })), { name: 'users' }));
  const users = p.dataset().table('users');
  assert.equal(await users.count(), 25);
  assert.equal(await users.limit(10).count(), 10);
  assert.equal(await users.limit(10, 20).count(), 5);
  assert.equal(await users.where('id', '<', 5).limit(3).count(), 3);
  assert.equal((await users.limit(10).rows()).length, 10);
});

test('a table the dataset does not have: the error names it and lists the tables', async () => {
  const { p } = tempPipeline('relation_unknown');
  await p.run(resource([{ id: 1, tags: ['a'] }], { name: 'users' }));
  for (const q of [() => p.dataset().table('user').rows(), () => p.dataset().table('user').count()]) {
    await assert.rejects(q(), (e: unknown) => {
      assert.ok(e instanceof SluiceError);
      assert.match(e.message, /^table user is not in dataset relation_unknown_data: its tables are users, users__tags \(Catalog Error/);
      return true;
    });
  }
});

test('in a new working dir, before any run, rowCounts() and table errors use the schema the destination stores', async () => {
  const { p, dir, dbPath } = tempPipeline('relation_fresh');
  await p.run(resource([{ id: 1, tags: ['a', 'b'] }], { name: 'users' }));
  const fresh = pipeline({ pipelineName: 'relation_fresh', destination: { type: 'duckdb', path: dbPath }, datasetName: 'relation_fresh_data', pipelinesDir: join(dir, 'elsewhere') });
  assert.deepEqual(await fresh.dataset().rowCounts(), { users: 1, users__tags: 2 });
  await assert.rejects(fresh.dataset().table('user').rows(), /its tables are users, users__tags/);
  assert.equal(fresh.pendingPackages().length, 0);
});
