import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAhead, toPages } from '../../src/extract/pages.js';

test('toPages groups single items into pages and passes arrays through as pages', async () => {
  async function* items() {
    yield 1;
    yield 2;
    yield [3, 4];
    yield 5;
  }
  const pages: unknown[][] = [];
  for await (const p of toPages(items(), 10)) pages.push(p);
  assert.deepEqual(pages, [[1, 2], [3, 4], [5]]);
});

test('readAhead requests the next page before the consumer is done with the current one', async () => {
  const log: string[] = [];
  async function* source() {
    for (let i = 1; i <= 3; i++) {
      log.push(`fetch ${i}`);
      await new Promise((r) => setTimeout(r, 5));
      yield [i];
    }
  }
  const seen: number[] = [];
  for await (const [x] of readAhead(source())) {
    log.push(`process ${x}`);
    seen.push(x as number);
  }
  assert.deepEqual(seen, [1, 2, 3]);
  // page 2 is being fetched when page 1 is processed
  assert.ok(log.indexOf('fetch 2') < log.indexOf('process 1'), log.join(', '));
});

test('readAhead: stopping early closes the source; a failing page surfaces when reached, after the pages before it', async () => {
  let closed = false;
  async function* endless() {
    try {
      for (let i = 0; ; i++) yield [i];
    } finally {
      closed = true;
    }
  }
  for await (const [x] of readAhead(endless())) if (x === 2) break;
  assert.equal(closed, true);

  async function* failing() {
    yield [1];
    throw new Error('page 2 failed');
  }
  const got: unknown[] = [];
  await assert.rejects(async () => {
    for await (const p of readAhead(failing())) got.push(...p);
  }, /page 2 failed/);
  assert.deepEqual(got, [1]);
});

test('a generator that clears and reuses its page array loses nothing (no prefetch unless the resource asks for it)', async () => {
  const { extractSource } = await import('../../src/extract/extractor.js');
  const { resource } = await import('../../src/extract/resource.js');
  const { Source } = await import('../../src/extract/source.js');
  const seen: number[] = [];
  const reusing = resource(
    function* () {
      const buf: { i: number }[] = [];
      for (let i = 0; i < 6; i++) {
        buf.push({ i });
        if (buf.length === 2) {
          yield buf;
          buf.length = 0;
        }
      }
    },
    { name: 'reusing' },
  );
  await extractSource(new Source('s', [reusing]), { sourcesState: {}, sink: (_r, page) => seen.push(...page.map((x) => (x as { i: number }).i)) });
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
});
