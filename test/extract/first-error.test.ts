import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSource } from '../../src/extract/extractor.js';
import { resource, type ExtractContext } from '../../src/extract/resource.js';
import { Source } from '../../src/extract/source.js';

test('the resource that failed first is reported, not a sibling its failure aborted', async () => {
  // `waits` is listed first and fails only because `fails` aborts it.
  const waits = resource(async function* (ctx: ExtractContext) {
    await new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('This operation was aborted'))));
    yield [];
  }, { name: 'waits' });
  const fails = resource(async function* () {
    await new Promise((r) => setTimeout(r, 5));
    throw new Error('403 api_key_locked');
    yield [];
  }, { name: 'fails' });
  await assert.rejects(
    extractSource(new Source('s', [waits, fails]), { sourcesState: {}, sink: () => {} }),
    (e: Error) => (assert.equal(e.message, 'resource fails: 403 api_key_locked'), true),
  );
});
