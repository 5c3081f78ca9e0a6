import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockApi } from '../../../../src/testing/index.js';
import { HttpError } from '../../../../src/sources/rest-api/client/http-client.js';
import { bodyText, EXTERN_MIN, jsonParseText } from '../../../../src/sources/rest-api/client/body-text.js';
import { fastClient, get } from './helpers.js';

/** A JSON page of about `bytes` bytes; `extra` goes into every record's note. */
function page(bytes: number, extra = ''): { items: { id: number; note: string }[] } {
  const items: { id: number; note: string }[] = [];
  for (let i = 0, size = 12; size < bytes; i++) {
    const note = `record ${i} ${extra}`.padEnd(90, '.');
    items.push({ id: i, note });
    size += note.length + 22;
  }
  return { items };
}

const SIZES = { small: 20_000, mid: 400_000, large: EXTERN_MIN + 50_000 };

describe('response bodies: exact text and the JSON fast path', () => {
  const bodies: Record<string, string> = {};
  for (const [name, size] of Object.entries(SIZES)) {
    bodies[`ascii-${name}`] = JSON.stringify(page(size));
    bodies[`utf8-${name}`] = JSON.stringify(page(size, 'Ålesund – 東京 😀'));
  }
  const mid = bodies['ascii-mid']!;
  bodies['cut-mid'] = mid.slice(0, mid.lastIndexOf('{"id"') + 7);
  // Cut inside a literal: the padding must not turn "ends early" into "unexpected token".
  const flags = JSON.stringify({ items: (page(SIZES.mid).items as object[]).map((x, i) => ({ ...x, ok: i % 2 === 0, gone: null })) });
  for (const lit of ['tr', 'fal', 'nu']) bodies[`cut-literal-${lit}`] = flags.slice(0, flags.lastIndexOf(`":${lit}`) + 2 + lit.length);
  const api = new MockApi({
    routes: Object.keys(bodies).map((name) => ({ path: `/${name}`, handler: () => ({ body: bodies[name]!, headers: { 'content-type': 'application/json; charset=utf-8' } }) })),
  });
  let base = '';
  before(async () => (base = await api.start()));
  after(() => api.close());

  for (const name of Object.keys(bodies).filter((n) => !n.startsWith('cut'))) {
    it(`${name}: json() equals JSON.parse of the body and text is the body byte for byte`, async () => {
      const { client } = fastClient();
      const res = await client.send(get(`${base}/${name}`));
      assert.deepEqual(res.json(), JSON.parse(bodies[name]!));
      assert.equal(res.text, bodies[name]);
      await client.close();
    });
  }

  for (const name of ['cut-mid', 'cut-literal-tr', 'cut-literal-fal', 'cut-literal-nu']) {
    it(`${name}: a mid-sized body cut short inside a value is still recognised as truncated and retried`, async () => {
      const { client, waits } = fastClient({ requestMaxAttempts: 2 });
      await assert.rejects(client.send(get(`${base}/${name}`)), (e: unknown) => {
        assert.ok(e instanceof HttpError);
        assert.match(e.message, /truncated body/);
        return true;
      });
      assert.deepEqual(waits, [1000]);
      await client.close();
    });
  }



  it('takes the fast path only for ASCII in an ASCII-compatible charset, and never changes the value', () => {
    const ascii = Buffer.from(mid);
    const fast = jsonParseText([ascii.subarray(0, 1000), ascii.subarray(1000)], ascii.length, 'application/json');
    assert.ok(fast !== undefined && fast.length === EXTERN_MIN && fast.startsWith(mid) && fast.slice(mid.length).trim() === '');
    assert.deepEqual(JSON.parse(fast), JSON.parse(mid));
    const utf8 = Buffer.from(bodies['utf8-mid']!);
    assert.equal(jsonParseText([utf8], utf8.length, 'application/json'), undefined);
    assert.equal(jsonParseText([ascii], ascii.length, 'application/json; charset=utf-16le'), undefined);
    assert.equal(jsonParseText([Buffer.from('{"a":1}')], 7, 'application/json'), undefined);
    // A byte-order mark is not ASCII: the exact decode drops it.
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii]);
    assert.equal(jsonParseText([bom], bom.length, 'application/json'), undefined);
    assert.equal(bodyText([bom], bom.length, 'application/json'), mid);
  });
});
