/** `p.dataset()` relations: counts over limited relations, and a clear error for a table the dataset does not have. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resource, SluiceError } from '../../src/index.js';
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
