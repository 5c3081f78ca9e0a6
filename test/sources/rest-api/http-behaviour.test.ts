/** Auth failures, retry storms, transient faults, response actions and processing steps. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockApi, makeRecords } from '../../../src/testing/mock-api.js';
import { restApiSource } from '../../../src/sources/rest-api/index.js';
import { drain, FAST } from './helpers.js';

test('401 → one clear error naming the resource and the auth type, no retries', async () => {
  const api = new MockApi({ routes: [{ path: '/users', collection: 'users' }], collections: { users: makeRecords(3) }, auth: { type: 'bearer', token: 'right-token-123' } });
  const base = await api.start();
  try {
    const token = 'wrong-token-456789';
    const src = restApiSource({ client: { base_url: base, auth: { type: 'bearer', token } }, resources: ['users'] }, { runtime: FAST });
    await assert.rejects(drain(src), (e: Error) => {
      assert.match(e.message, /resource users: GET .*\/users failed with 401 Unauthorized \(auth: bearer\)/);
      assert.ok(!e.message.includes(token));
      return true;
    });
    assert.equal(api.requests.length, 1, 'no retries on 401');
  } finally {
    await api.close();
  }
});

test('403 with api_key in the query: key masked, not retried', async () => {
  const api = new MockApi({
    routes: [{ path: '/users', handler: () => ({ status: 403, json: { error: 'forbidden' } }) }],
    auth: { type: 'api_key', name: 'api_key', value: 'querykey-abcdef', location: 'query' },
  });
  const base = await api.start();
  try {
    const src = restApiSource({ client: { base_url: base, auth: { type: 'api_key', name: 'api_key', api_key: 'querykey-abcdef', location: 'query' } }, resources: ['users'] }, { runtime: FAST });
    await assert.rejects(drain(src), (e: Error) => {
      assert.match(e.message, /resource users: GET .* failed with 403 Forbidden \(auth: api_key\)/);
      assert.ok(!e.message.includes('querykey-abcdef'), e.message);
      return true;
    });
    assert.equal(api.requests.length, 1);
  } finally {
    await api.close();
  }
});

test('a 429/5xx storm ends in a clear error after the configured attempts', async () => {
  const api = new MockApi({ routes: [{ path: '/users', collection: 'users' }], collections: { users: makeRecords(3) }, faults: { rate: 1, kinds: ['429', '503'] } });
  const base = await api.start();
  try {
    const src = restApiSource({ client: { base_url: base }, resources: ['users'] }, { runtime: { ...FAST, requestMaxAttempts: 3 } });
    await assert.rejects(drain(src), /resource users: GET .*\/users failed with (429 Too Many Requests|503 Service Unavailable) \(after 3 attempts\)/);
    assert.equal(api.requests.length, 3);
  } finally {
    await api.close();
  }
});

test('20% transient faults: exactly the records served, no duplicates', async () => {
  const N = 500;
  const api = new MockApi({
    routes: [
      { path: '/users', collection: 'users', paginate: { type: 'cursor' }, pageSize: 20 },
      { path: '/users/:id/tags', handler: (req) => ({ json: { data: [{ tag: `t${req.params.id}` }] } }) },
    ],
    collections: { users: makeRecords(N) },
    faults: { rate: 0.2, kinds: ['429', '500', '502', 'reset', 'truncate'], seed: 42 },
  });
  const base = await api.start();
  try {
    const src = restApiSource(
      {
        client: { base_url: base },
        resources: [
          { name: 'users', endpoint: { path: 'users', paginator: { type: 'cursor', cursor_path: 'next_cursor' } } },
          { name: 'tags', parallelized: true, endpoint: { path: 'users/{resources.users.id}/tags', paginator: 'single_page', data_selector: 'data' }, include_from_parent: ['id'] },
        ],
      },
      { runtime: { ...FAST, requestMaxAttempts: 10 } },
    );
    const { rows } = await drain(src);
    assert.equal(rows.users!.length, N);
    assert.equal(new Set(rows.users!.map((r) => r.id)).size, N);
    assert.equal(rows.tags!.length, N);
    assert.deepEqual(rows.tags!.map((r) => r._users_id), Array.from({ length: N }, (_, i) => i + 1));
    const faults = Object.values(api.faultsServed).reduce((a, b) => a + b, 0);
    assert.ok(faults > 50, `faults served: ${faults}`);
  } finally {
    await api.close();
  }
});

test('response_actions: ignore by several status codes and by content; retry on 200 with an error body; callables', async () => {
  let flaky = 0;
  const api = new MockApi({
    routes: [
      { path: '/items/:id', handler: (req) => (Number(req.params.id) % 3 === 0 ? { status: 404, json: { error: 'gone' } } : Number(req.params.id) % 3 === 1 ? { status: 410, json: {} } : { json: { id: Number(req.params.id) } }) },
      { path: '/maybe', handler: () => ({ json: { status: 'no_data', data: [] } }) },
      { path: '/flaky', handler: () => ({ json: ++flaky < 3 ? { error: 'temporarily_unavailable' } : { data: [{ ok: true }] } }) },
      { path: '/upper', handler: () => ({ json: { data: [{ name: 'a' }, { name: 'b' }] } }) },
    ],
  });
  const base = await api.start();
  try {
    const ids = [1, 2, 3, 4, 5, 6].map((id) => ({ id }));
    const { resource } = await import('../../../src/extract/resource.js');
    const src = restApiSource(
      {
        client: { base_url: base },
        resources: [
          resource(ids, { name: 'ids', selected: false }),
          { name: 'items', endpoint: { path: 'items/{resources.ids.id}', response_actions: [{ status_code: [404, 410], action: 'ignore' }] } },
          { name: 'maybe', endpoint: { path: 'maybe', response_actions: [{ content: 'no_data', action: 'ignore' }] } },
          { name: 'flaky', endpoint: { path: 'flaky', paginator: 'single_page', response_actions: [{ status_code: 200, content: 'temporarily_unavailable', action: 'retry' }] } },
          {
            name: 'upper',
            endpoint: {
              path: 'upper',
              paginator: 'single_page',
              response_actions: [(res) => ({ ...res, status: res.status, headers: res.headers, request: res.request, text: res.text.toUpperCase(), json: () => JSON.parse(res.text.replace(/"(a|b)"/g, (m) => m.toUpperCase())) })],
            },
          },
        ],
      },
      { runtime: FAST },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.items!.map((r) => r.id), [2, 5]);
    assert.equal(rows.maybe, undefined);
    assert.deepEqual(rows.flaky, [{ ok: true }]);
    assert.equal(flaky, 3);
    assert.deepEqual(rows.upper!.map((r) => r.name), ['A', 'B']);
  } finally {
    await api.close();
  }
});

test('processing_steps: filter, map, yield_map in order', async () => {
  const api = new MockApi({ routes: [{ path: '/nums', collection: 'nums' }], collections: { nums: makeRecords(6) } });
  const base = await api.start();
  try {
    const src = restApiSource(
      {
        client: { base_url: base },
        resources: [
          {
            name: 'nums',
            endpoint: { path: 'nums', paginator: 'single_page' },
            processing_steps: [
              { filter: (r) => (r.id as number) % 2 === 0 },
              { map: (r) => ({ id: r.id, double: (r.id as number) * 2 }) },
              { yield_map: (r) => [r, { ...r, copy: true }] },
            ],
          },
        ],
      },
      { runtime: FAST },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.nums, [
      { id: 2, double: 4 }, { id: 2, double: 4, copy: true },
      { id: 4, double: 8 }, { id: 4, double: 8, copy: true },
      { id: 6, double: 12 }, { id: 6, double: 12, copy: true },
    ]);
  } finally {
    await api.close();
  }
});

test('response_actions: an ignored 5xx is ignored at once, not after the retries (dlt runs response hooks inside each attempt)', async () => {
  const api = new MockApi({
    routes: [{ path: '/items/:id', handler: (req) => (req.params.id === '2' ? { status: 500, json: { error: 'deleted item' } } : { json: { id: Number(req.params.id) } }) }],
  });
  const base = await api.start();
  try {
    const waits: number[] = [];
    const { resource } = await import('../../../src/extract/resource.js');
    const src = restApiSource(
      {
        client: { base_url: base },
        resources: [
          resource([{ id: 1 }, { id: 2 }, { id: 3 }], { name: 'ids', selected: false }),
          { name: 'items', endpoint: { path: 'items/{resources.ids.id}', response_actions: [{ status_code: 500, content: 'deleted', action: 'ignore' }] } },
        ],
      },
      { runtime: { ...FAST, sleep: async (ms: number) => void waits.push(ms) } },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.items!.map((r) => r.id), [1, 3]);
    assert.equal(api.requests.length, 3, 'one request per item');
    assert.deepEqual(waits, [], 'no backoff before ignoring');
  } finally {
    await api.close();
  }
});

test('response_actions: a 5xx that no ignore rule matches is still retried, then fails', async () => {
  const api = new MockApi({ routes: [{ path: '/items', handler: () => ({ status: 503, json: { error: 'busy' } }) }] });
  const base = await api.start();
  try {
    const src = restApiSource(
      { client: { base_url: base }, resources: [{ name: 'items', endpoint: { path: 'items', response_actions: [{ status_code: 500, action: 'ignore' }, { content: 'deleted', action: 'ignore' }] } }] },
      { runtime: { ...FAST, requestMaxAttempts: 3 } },
    );
    await assert.rejects(drain(src), /GET .*\/items failed with 503 Service Unavailable \(after 3 attempts\): \{"error":"busy"\}/);
    assert.equal(api.requests.length, 3);
  } finally {
    await api.close();
  }
});

test('response_actions: a callable that repairs an error response runs once', async () => {
  const api = new MockApi({ routes: [{ path: '/legacy', handler: () => ({ status: 404, json: { error: 'moved' } }) }] });
  const base = await api.start();
  try {
    const { HttpResponse } = await import('../../../src/sources/rest-api/client/rest-response.js');
    const seen: number[] = [];
    const repair = (res: import('../../../src/sources/rest-api/client/types.js').RestResponse) => {
      seen.push(res.status);
      return new HttpResponse(res.request, 200, { 'content-type': 'application/json' }, '[{"id":1}]', res.url ?? res.request.url);
    };
    const src = restApiSource(
      { client: { base_url: base }, resources: [{ name: 'legacy', endpoint: { path: 'legacy', paginator: 'single_page', response_actions: [repair] } }] },
      { runtime: FAST },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.legacy, [{ id: 1 }]);
    assert.deepEqual(seen, [404], 'the callable saw the 404 once and not its own replacement');
  } finally {
    await api.close();
  }
});

test('oauth2_client_credentials: the token request goes through the source client, with its runtime settings', async () => {
  const api = new MockApi({
    routes: [{ path: '/users', collection: 'users' }],
    collections: { users: makeRecords(3) },
    auth: { type: 'oauth2', clientId: 'cid-9', clientSecret: 'csecret-9999' },
    faults: { failFirst: 1, kinds: ['503'], paths: ['/oauth/token'] },
  });
  const base = await api.start();
  try {
    const waits: number[] = [];
    const auth = { type: 'oauth2_client_credentials' as const, access_token_url: `${base}/oauth/token`, client_id: 'cid-9', client_secret: 'csecret-9999' };
    const src = restApiSource({ client: { base_url: base, auth }, resources: ['users'] }, { runtime: { ...FAST, sleep: async (ms: number) => void waits.push(ms) } });
    const { rows } = await drain(src);
    assert.equal(rows.users!.length, 3);
    assert.equal(api.requestsTo('/oauth/token').length, 2, 'the 503 was retried');
    assert.deepEqual(waits, [1000], "the retry waited with the source's sleep, not a private client's real timer");

    api.setFaults({ rate: 1, kinds: ['503'], paths: ['/oauth/token'] });
    const fresh = restApiSource({ client: { base_url: base, auth }, resources: ['users'] }, { runtime: { ...FAST, requestMaxAttempts: 2 } });
    await assert.rejects(drain(fresh), /POST .*\/oauth\/token failed with 503 Service Unavailable \(after 2 attempts\)/);
  } finally {
    await api.close();
  }
});
