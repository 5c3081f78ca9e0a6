import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { MockApi, makeRecords } from '../../../../src/testing/index.js';
import { HttpClient, HttpError, runtimeOptionsFromProviders, runtimeOptionsFromConfig, buildUrl, USER_AGENT } from '../../../../src/sources/rest-api/client/http-client.js';
import { EnvProvider } from '../../../../src/config/providers/env-provider.js';
import { ApiKeyAuth } from '../../../../src/sources/rest-api/client/auth/api-key.js';
import { BearerAuth } from '../../../../src/sources/rest-api/client/auth/bearer.js';
import { Secret } from '../../../../src/config/secret.js';
import { ConfigError } from '../../../../src/common/errors.js';
import { captureLogs, fastClient, get } from './helpers.js';

describe('HttpClient', () => {
  let calls = 0;
  const api = new MockApi({
    routes: [
      { path: '/ok', json: { data: [1, 2, 3] } },
      { path: '/items', collection: 'items', paginate: { type: 'offset' } },
      { path: '/missing', json: { title: 'Not here', detail: 'nothing at this path' }, status: 404 },
      { path: '/html', handler: () => ({ body: '<!doctype html><html><body>Maintenance</body></html>', headers: { 'content-type': 'text/html' } }) },
      { path: '/gzip', handler: () => ({ body: gzipSync(JSON.stringify({ data: ['g'] })), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }) },
      { path: '/br', handler: () => ({ body: brotliCompressSync(JSON.stringify({ data: ['b'] })), headers: { 'content-type': 'application/json', 'content-encoding': 'br' } }) },
      { path: '/cutjson', handler: () => ({ body: '{"data":[{"id":1},{"id"', headers: { 'content-type': 'application/json' } }) },
      { path: '/badjson', handler: () => ({ body: '{"data": [1, 2,, 3]}', headers: { 'content-type': 'application/json' } }) },
      { path: '/empty204', handler: () => ({ status: 204 }) },
      { path: '/flaky-200', handler: () => ({ json: calls++ < 2 ? { error: 'try again' } : { data: ['done'] } }) },
      { path: '/echo', method: 'POST', handler: (req) => ({ json: { body: req.body, headers: req.headers } }) },
      { path: '/redirect', handler: () => ({ status: 302, headers: { location: '/ok' } }) },
    ],
    collections: { items: makeRecords(5) },
  });
  let base = '';
  before(async () => (base = await api.start()));
  after(() => api.close());

  it('sends User-Agent and Accept-Encoding, parses JSON', async () => {
    const { client } = fastClient();
    const res = await client.send(get(`${base}/ok`));
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { data: [1, 2, 3] });
    const seen = api.requests.at(-1)!;
    assert.equal(seen.headers['user-agent'], USER_AGENT);
    assert.match(USER_AGENT, /^sluice\/\d+\.\d+\.\d+/);
    assert.equal(seen.headers['accept-encoding'], 'gzip, deflate, br');
    await client.close();
  });

  it('decompresses gzip and br bodies', async () => {
    const { client } = fastClient();
    assert.deepEqual((await client.send(get(`${base}/gzip`))).json(), { data: ['g'] });
    assert.deepEqual((await client.send(get(`${base}/br`))).json(), { data: ['b'] });
    await client.close();
  });

  it('sends JSON and form bodies', async () => {
    const { client } = fastClient();
    const r1 = (await client.send({ method: 'POST', url: `${base}/echo`, params: {}, headers: {}, json: { a: 1 } })).json() as { body: unknown; headers: Record<string, string> };
    assert.deepEqual(r1.body, { a: 1 });
    assert.equal(r1.headers['content-type'], 'application/json');
    const r2 = (await client.send({ method: 'POST', url: `${base}/echo`, params: {}, headers: {}, data: { x: 'y z' } })).json() as { body: unknown };
    assert.deepEqual(r2.body, { x: 'y z' });
    await client.close();
  });

  it('follows redirects', async () => {
    const { client } = fastClient();
    assert.deepEqual((await client.send(get(`${base}/redirect`))).json(), { data: [1, 2, 3] });
    await client.close();
  });

  it('builds query strings, dropping undefined params and appending to an existing query', () => {
    assert.equal(buildUrl({ url: 'http://h/p', params: { a: 1, b: undefined, c: 'x y' } }), 'http://h/p?a=1&c=x%20y');
    assert.equal(buildUrl({ url: 'http://h/p?page=2', params: { a: true } }), 'http://h/p?page=2&a=true');
    assert.equal(buildUrl({ url: 'http://h/p', params: {} }), 'http://h/p');
  });

  it('logs "Making GET request to" with sensitive params masked at debug', async () => {
    const { client } = fastClient();
    const { lines } = await captureLogs(() => client.send(get(`${base}/ok`, { api_key: 'plainkey123', page: 2 })));
    const line = lines.find((l) => l.includes('Making GET request to'));
    assert.ok(line, lines.join('\n'));
    assert.match(line, /\/ok\?api_key=\*\*\*&page=2/);
    assert.doesNotMatch(line, /plainkey123/);
    await client.close();
  });

  it('retries 5xx with exponential waits 1, 2, 4, 8 s and then fails with a clear error', async () => {
    const { client, waits } = fastClient();
    api.setFaults({ rate: 1, kinds: ['503'] });
    const before = api.requestsTo('/ok').length;
    await assert.rejects(client.send(get(`${base}/ok`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 503);
      assert.equal(e.attempts, 5);
      assert.equal(e.message, `GET ${base}/ok failed with 503 Service Unavailable (after 5 attempts): {"error":"server_error"}`);
      return true;
    });
    assert.deepEqual(waits, [1000, 2000, 4000, 8000]);
    assert.equal(api.requestsTo('/ok').length - before, 5);
    api.setFaults({});
    await client.close();
  });

  it('honours request_backoff_factor, request_max_attempts and request_max_retry_delay', async () => {
    const { client, waits } = fastClient({ requestBackoffFactor: 3, requestMaxAttempts: 4, requestMaxRetryDelay: 10 });
    api.setFaults({ rate: 1, kinds: ['500'] });
    await assert.rejects(client.send(get(`${base}/ok`)), HttpError);
    assert.deepEqual(waits, [3000, 6000, 10000]);
    api.setFaults({});
    await client.close();
  });

  it('recovers after transient 429/5xx and uses Retry-After seconds instead of the backoff', async () => {
    const { client, waits } = fastClient();
    api.setFaults({ failFirst: 3, kinds: ['429', '500', '429'], retryAfter: 7 });
    const res = await client.send(get(`${base}/ok`));
    assert.deepEqual(res.json(), { data: [1, 2, 3] });
    assert.deepEqual(waits, [7000, 2000, 7000]);
    api.setFaults({});
    await client.close();
  });

  it('reads Retry-After as an HTTP-date and clamps it to request_max_retry_delay', async () => {
    const { client, waits } = fastClient({ requestMaxRetryDelay: 20 });
    api.setFaults({ failFirst: 1, kinds: ['429'], retryAfter: 12, retryAfterFormat: 'date' });
    await client.send(get(`${base}/ok`));
    assert.equal(waits.length, 1);
    assert.ok(waits[0]! > 10_000 && waits[0]! <= 12_000, `wait ${waits[0]}`);
    api.setFaults({ failFirst: 1, kinds: ['429'], retryAfter: 3600 });
    await client.send(get(`${base}/ok`));
    assert.equal(waits[1], 20_000);
    api.setFaults({});
    await client.close();
  });

  it('retries connection resets and truncated bodies', async () => {
    const { client, waits } = fastClient();
    api.setFaults({ failFirst: 4, kinds: ['reset', 'truncate'] });
    const res = await client.send(get(`${base}/items`));
    assert.equal((res.json() as { data: unknown[] }).data.length, 5);
    assert.deepEqual(waits, [1000, 2000, 4000, 8000]);
    assert.deepEqual(api.faultsServed['reset'] !== undefined && api.faultsServed['truncate'] !== undefined, true);
    api.setFaults({});
    await client.close();
  });

  it('a connection that keeps resetting ends in an error naming the cause, status 0', async () => {
    const { client } = fastClient({ requestMaxAttempts: 2 });
    api.setFaults({ rate: 1, kinds: ['reset'] });
    await assert.rejects(client.send(get(`${base}/ok`, { token: 'tok-secret-1' })), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 0);
      assert.match(e.message, /^GET http:\/\/127\.0\.0\.1:\d+\/ok\?token=\*\*\* failed \(after 2 attempts\): /);
      assert.match(e.message, /closed|reset|ECONNRESET|UND_ERR_SOCKET/);
      assert.doesNotMatch(e.message, /tok-secret-1/);
      return true;
    });
    api.setFaults({});
    await client.close();
  });

  it('connection refused is retried, then reported', async () => {
    const dead = new MockApi({ routes: [] });
    const url = await dead.start();
    await dead.close();
    const { client, waits } = fastClient({ requestMaxAttempts: 3 });
    await assert.rejects(client.send(get(`${url}/x`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.match(e.message, /connection refused \(ECONNREFUSED/);
      return true;
    });
    assert.deepEqual(waits, [1000, 2000]);
    await client.close();
  });

  it('retries a JSON body that ends early even with a matching Content-Length', async () => {
    const { client, waits } = fastClient({ requestMaxAttempts: 2 });
    await assert.rejects(client.send(get(`${base}/cutjson`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.match(e.message, /truncated body/);
      return true;
    });
    assert.deepEqual(waits, [1000]);
    await client.close();
  });

  it('does not retry complete but malformed JSON; json() names method, URL, status, content-type and an excerpt', async () => {
    const { client, waits } = fastClient();
    const res = await client.send(get(`${base}/badjson`, { api_key: 'k-very-secret' }));
    assert.deepEqual(waits, []);
    assert.throws(() => res.json(), /^SluiceError: GET .*\/badjson\?api_key=\*\*\* returned 200 with content-type application\/json, but the body is not valid JSON \(.*\): \{"data": \[1, 2,, 3\]\}$/);
    const html = await client.send(get(`${base}/html`));
    assert.throws(() => html.json(), /returned 200 with content-type text\/html, but the body is not valid JSON .*<!doctype html>/);
    await client.close();
  });

  it('a 204 with no body parses as null', async () => {
    const { client } = fastClient();
    assert.equal((await client.send(get(`${base}/empty204`))).json(), null);
    await client.close();
  });

  it('a 404 is not retried and the error carries the body excerpt and the response', async () => {
    const { client, waits } = fastClient();
    await assert.rejects(client.send(get(`${base}/missing`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.message, `GET ${base}/missing failed with 404 Not Found: {"title":"Not here","detail":"nothing at this path"}`);
      assert.equal(e.response?.status, 404);
      return true;
    });
    assert.deepEqual(waits, []);
    await client.close();
  });

  it('retryIf retries 200 responses that carry an error (client-wide or per request)', async () => {
    const { client, waits } = fastClient();
    calls = 0;
    const res = await client.send(get(`${base}/flaky-200`), undefined, { retryIf: (r) => 'error' in (r.json() as object) });
    assert.deepEqual(res.json(), { data: ['done'] });
    assert.deepEqual(waits, [1000, 2000]);
    calls = -10;
    const c2 = new HttpClient({ sleep: async () => {}, requestMaxAttempts: 2, retryIf: (r) => 'error' in (r.json() as object) });
    await assert.rejects(c2.send(get(`${base}/flaky-200`)), /failed with 200 OK \(after 2 attempts\): the retry condition still matched: \{"error":"try again"\}/);
    await client.close();
    await c2.close();
  });

  it('times out (request_timeout) and retries', async () => {
    // undici's timers have ~1 s resolution, so a 0.5 s timeout fires after about 1 s.
    const { client, waits } = fastClient({ requestTimeout: 0.5, requestMaxAttempts: 2 });
    api.setFaults({ failFirst: 1, kinds: ['latency'], latencyMs: 2500 });
    const res = await client.send(get(`${base}/ok`));
    assert.equal(res.status, 200);
    assert.deepEqual(waits, [1000]);
    api.setFaults({});
    await client.close();
  });

  it('runtime options from env and from dlt-keyed config; invalid values name the key', () => {
    const fromEnv = (env: Record<string, string>) => runtimeOptionsFromProviders({ providers: [new EnvProvider(env)] });
    assert.deepEqual(
      fromEnv({ RUNTIME__REQUEST_TIMEOUT: '5', RUNTIME__REQUEST_MAX_ATTEMPTS: '2', RUNTIME__REQUEST_BACKOFF_FACTOR: '0.5', RUNTIME__REQUEST_MAX_RETRY_DELAY: '9' }),
      { requestTimeout: 5, requestMaxAttempts: 2, requestBackoffFactor: 0.5, requestMaxRetryDelay: 9, requestRateLimitBackoffFactor: 5 },
    );
    // Nothing set: dlt's defaults, the same the client starts from.
    const { requestTimeout, requestMaxAttempts, requestBackoffFactor, requestMaxRetryDelay, requestRateLimitBackoffFactor } = new HttpClient().options;
    assert.deepEqual(fromEnv({}), { requestTimeout, requestMaxAttempts, requestBackoffFactor, requestMaxRetryDelay, requestRateLimitBackoffFactor });
    assert.deepEqual(runtimeOptionsFromConfig({ request_timeout: 30, other: 1 }), { requestTimeout: 30 });
    assert.throws(() => fromEnv({ RUNTIME__REQUEST_MAX_ATTEMPTS: '2.5' }), (e: unknown) => e instanceof ConfigError && /request_max_attempts: expected an integer ≥ 1, got 2\.5/.test(e.message));
    assert.throws(() => runtimeOptionsFromConfig({ request_max_attempts: 'lots' }), (e: unknown) => e instanceof ConfigError && /request_max_attempts: expected an integer ≥ 1, got "lots"/.test(e.message));
    const c = new HttpClient();
    assert.equal(c.options.requestTimeout, 60);
    assert.equal(c.options.requestMaxAttempts, 5);
    assert.equal(c.options.requestBackoffFactor, 1);
    assert.equal(c.options.requestMaxRetryDelay, 300);
    void c.close();
  });

  it('auth is applied to a copy: the caller request is not mutated', async () => {
    const { client } = fastClient();
    const req = get(`${base}/ok`);
    await client.send(req, new ApiKeyAuth({ api_key: 'qkey-123456', name: 'api_key', location: 'query' }));
    await client.send(req, new BearerAuth({ token: new Secret('bearer-xyz-123') }));
    assert.deepEqual(req.params, {});
    assert.deepEqual(req.headers, {});
    assert.equal(api.requests.at(-2)!.query['api_key'], 'qkey-123456');
    assert.equal(api.requests.at(-1)!.headers['authorization'], 'Bearer bearer-xyz-123');
    await client.close();
  });
});
