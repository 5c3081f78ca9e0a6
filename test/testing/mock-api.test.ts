import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { MockApi, makeRecords, type MockPagination } from '../../src/testing/index.js';
import { createPaginator } from '../../src/sources/rest-api/client/paginators/create-paginator.js';
import type { Paginator } from '../../src/sources/rest-api/client/types.js';
import { collect, fastClient, get, ids, range } from '../sources/rest-api/client/helpers.js';

describe('MockApi basics', () => {
  const api = new MockApi({
    routes: [
      { path: '/hello', json: { hello: 'world' }, headers: { 'x-extra': '1' } },
      { path: '/users', collection: 'users', paginate: { type: 'offset' }, pageSize: 2 },
      { path: '/users/:id', handler: (req, a) => {
        const u = a.collection('users').find((x) => String(x['id']) === req.params['id']);
        return u ? { json: u } : { status: 404, json: { error: 'not_found' } };
      } },
      { path: '/echo', method: 'POST', handler: (req) => ({ json: req.body }) },
    ],
    collections: { users: makeRecords(3) },
  });
  let base = '';
  before(async () => (base = await api.start()));
  after(() => api.close());

  it('serves static JSON, handlers with path params, 404 and 405', async () => {
    const r = await request(`${base}/hello`);
    assert.equal(r.headers['x-extra'], '1');
    assert.deepEqual(await r.body.json(), { hello: 'world' });
    assert.deepEqual(await (await request(`${base}/users/2`)).body.json(), { id: 2, name: 'record 2', value: 20 });
    assert.equal((await request(`${base}/users/9`)).statusCode, 404);
    const nf = await request(`${base}/nope`);
    assert.equal(nf.statusCode, 404);
    await nf.body.dump();
    const na = await request(`${base}/hello`, { method: 'DELETE' });
    assert.equal(na.statusCode, 405);
    await na.body.dump();
  });

  it('logs requests: method, path, query, headers, body', async () => {
    await request(`${base}/echo?x=1`, { method: 'POST', body: JSON.stringify({ a: [1] }), headers: { 'content-type': 'application/json', 'X-Test': 'yes' } }).then((r) => r.body.dump());
    const last = api.requests.at(-1)!;
    assert.equal(last.method, 'POST');
    assert.equal(last.path, '/echo');
    assert.deepEqual(last.query, { x: '1' });
    assert.equal(last.headers['x-test'], 'yes');
    assert.deepEqual(last.body, { a: [1] });
  });

  it('collections are live: new records show up on the next run', async () => {
    const { client } = fastClient();
    const p = createPaginator({ type: 'offset', limit: 2 }) as Paginator;
    assert.deepEqual(ids((await collect(client, get(`${base}/users`), p)).records), [1, 2, 3]);
    api.collection('users').push({ id: 4 }, { id: 5 });
    assert.deepEqual(ids((await collect(client, get(`${base}/users`), p)).records), [1, 2, 3, 4, 5]);
    await client.close();
  });
});

describe('MockApi faults', () => {
  it('are deterministic for a seed; failFirst cycles through kinds', async () => {
    const run = async (seed: number) => {
      const api = new MockApi({ routes: [{ path: '/x', json: {} }], faults: { rate: 0.5, kinds: ['500', '503', '429'], seed } });
      const u = await api.start();
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await request(`${u}/x`);
        await r.body.dump();
        statuses.push(r.statusCode);
      }
      await api.close();
      return statuses;
    };
    const a = await run(42);
    assert.deepEqual(await run(42), a);
    assert.notDeepEqual(await run(43), a);
    assert.ok(a.some((s) => s !== 200) && a.some((s) => s === 200));

    const api = new MockApi({ routes: [{ path: '/x', json: {} }], faults: { failFirst: 3, kinds: ['503', '429'], retryAfter: 5 } });
    const u = await api.start();
    const seen: [number, string | undefined][] = [];
    for (let i = 0; i < 4; i++) {
      const r = await request(`${u}/x`);
      await r.body.dump();
      seen.push([r.statusCode, r.headers['retry-after'] as string | undefined]);
    }
    assert.deepEqual(seen, [[503, undefined], [429, '5'], [503, undefined], [200, undefined]]);
    api.setFaults({ failFirst: 1, kinds: ['429'], retryAfter: 30, retryAfterFormat: 'date' });
    const r = await request(`${u}/x`);
    await r.body.dump();
    const at = Date.parse(r.headers['retry-after'] as string);
    assert.ok(at > Date.now() + 25_000 && at <= Date.now() + 31_000);
    await api.close();
  });

  it('truncate sends a partial body with the full Content-Length; reset drops the connection', async () => {
    const api = new MockApi({ routes: [{ path: '/x', json: { data: makeRecords(50) } }], faults: { failFirst: 2, kinds: ['truncate', 'reset'] } });
    const u = await api.start();
    const r = await request(`${u}/x`);
    assert.equal(r.statusCode, 200);
    assert.ok(Number(r.headers['content-length']) > 100);
    await assert.rejects(r.body.text());
    await assert.rejects(request(`${u}/x`).then((x) => x.body.text()));
    assert.deepEqual(api.faultsServed, { truncate: 1, reset: 1 });
    await api.close();
  });

  it('auth failures get a 401 with the configured body', async () => {
    const api = new MockApi({ routes: [{ path: '/x', json: {} }, { path: '/open', json: {}, auth: false }], auth: { type: 'bearer', token: 't-123456' } });
    const u = await api.start();
    const r = await request(`${u}/x`);
    assert.equal(r.statusCode, 401);
    assert.deepEqual(await r.body.json(), { error: 'unauthorized', message: 'Missing or invalid credentials' });
    const ok = await request(`${u}/x`, { headers: { authorization: 'Bearer t-123456' } });
    assert.equal(ok.statusCode, 200);
    await ok.body.dump();
    const open = await request(`${u}/open`);
    assert.equal(open.statusCode, 200);
    await open.body.dump();
    await api.close();
  });
});

describe('a 20%-fault API yields exactly the served records, in every paginator style', () => {
  const N = 137;
  const styles: [string, MockPagination, unknown, string, 'GET' | 'POST'][] = [
    ['offset', { type: 'offset' }, { type: 'offset', limit: 10 }, 'data', 'GET'],
    ['offset-no-total', { type: 'offset', totalKey: null }, { type: 'offset', limit: 10 }, 'data', 'GET'],
    ['page1', { type: 'page_number', base: 1 }, { type: 'page_number', base_page: 1, total_path: 'total_pages' }, 'data', 'GET'],
    ['page0-has-more', { type: 'page_number', base: 0, totalPagesKey: null, hasMoreKey: 'has_more' }, { type: 'page_number', has_more_path: 'has_more' }, 'data', 'GET'],
    ['cursor', { type: 'cursor' }, { type: 'cursor', cursor_path: 'next_cursor' }, 'data', 'GET'],
    ['cursor-body', { type: 'cursor', cursorParam: 'paging.cursor' }, { type: 'cursor', cursor_path: 'next_cursor', cursor_body_path: 'paging.cursor' }, 'data', 'POST'],
    ['json-link', { type: 'json_link', relative: true }, { type: 'json_link' }, 'data', 'GET'],
    ['header-link', { type: 'header_link' }, 'header_link', '$', 'GET'],
    ['header-cursor', { type: 'header_cursor' }, { type: 'header_cursor' }, 'data', 'GET'],
  ];
  for (const [name, paginate, config, selector, method] of styles) {
    it(name, async () => {
      const api = new MockApi({
        routes: [{ path: '/r', method, collection: 'c', paginate, dataKey: selector === '$' ? null : 'data' }],
        collections: { c: makeRecords(N) },
        faults: { rate: 0.2, kinds: ['429', '500', 'reset', 'truncate'], seed: 11, retryAfter: 1 },
      });
      const u = await api.start();
      const { client, waits } = fastClient();
      const r = await collect(client, { method, url: `${u}/r`, params: {}, headers: {}, json: method === 'POST' ? {} : undefined }, createPaginator(config) as Paginator, selector);
      assert.deepEqual(ids(r.records), range(1, N));
      const faults = Object.values(api.faultsServed).reduce((a, b) => a + b, 0);
      assert.ok(faults > 0, 'faults were injected');
      assert.equal(waits.length, faults);
      await client.close();
      await api.close();
    });
  }
});
