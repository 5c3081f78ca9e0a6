import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { releaseHeap, RELEASE_HEAP_MIN_BYTES } from '../../src/common/heap.js';

test('releaseHeap collects the garbage a big extraction leaves behind', () => {
  let pages: unknown[][] | undefined = Array.from({ length: 400 }, (_, p) => Array.from({ length: 1000 }, (_, i) => ({ id: p * 1000 + i, name: `user ${p * 1000 + i}`, tags: [`t${i % 7}`] })));
  assert.equal(pages.length, 400);
  pages = undefined;
  const before = getHeapStatistics();
  assert.ok(before.total_heap_size >= RELEASE_HEAP_MIN_BYTES, `heap ${before.total_heap_size}`);
  assert.equal(releaseHeap(), true);
  const after = getHeapStatistics();
  assert.ok(after.used_heap_size < before.used_heap_size - 20 * 1024 * 1024, `used ${before.used_heap_size} -> ${after.used_heap_size}`);
  assert.equal(runInNewContext('typeof gc'), 'undefined', 'contexts made later get no gc global');
});
