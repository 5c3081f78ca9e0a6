import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockApi } from '../../../../src/testing/index.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient, HttpError, runtimeOptionsFromProviders } from '../../../../src/sources/rest-api/client/http-client.js';
import { EnvProvider } from '../../../../src/config/providers/env-provider.js';
import { requestedWait } from '../../../../src/sources/rest-api/client/rate-limit.js';
import { apiErrorReason } from '../../../../src/sources/rest-api/client/error-reason.js';
import { fastClient, get } from './helpers.js';
import { restApiSource } from '../../../../src/sources/rest-api/index.js';
import { tempPipeline } from '../../../helpers.js';

/** A fixed clock: 2026-03-01T00:00:00Z. */
const NOW = Date.UTC(2026, 2, 1);

describe('rate limits (429)', () => {
  let headers: Record<string, string> = {};
  let body = '';
  const api = new MockApi({
    routes: [{ path: '/limited', handler: () => ({ status: 429, headers, body }) }],
  });
  let base = '';
  before(async () => (base = await api.start()));
  after(() => api.close());

  it('a 429 without any wait signal backs off 5, 10, 20, 40 s and the error says it was rate limited', async () => {
    headers = {};
    body = '';
    const { client, waits } = fastClient();
    await assert.rejects(client.send(get(`${base}/limited`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.rateLimited, true);
      assert.equal(e.attempts, 5);
      assert.equal(e.retryAfter, undefined);
      assert.equal(
        e.message,
        `GET ${base}/limited failed with 429 Too Many Requests (after 5 attempts): rate limited; the API named no wait ` +
          '(no Retry-After or RateLimit-Reset header), 75 s waited in all; raise runtime.request_max_attempts or ' +
          'runtime.request_rate_limit_backoff_factor for a per-minute or per-hour limit',
      );
      return true;
    });
    assert.deepEqual(waits, [5000, 10_000, 20_000, 40_000]);
    await client.close();
  });

  it('the rate-limit backoff is configurable and capped by request_max_retry_delay', async () => {
    headers = {};
    const { client, waits } = fastClient({ requestRateLimitBackoffFactor: 30, requestMaxRetryDelay: 100 });
    await assert.rejects(client.send(get(`${base}/limited`)), HttpError);
    assert.deepEqual(waits, [30_000, 60_000, 100_000, 100_000]);
    await client.close();
    assert.equal(runtimeOptionsFromProviders({ providers: [new EnvProvider({ RUNTIME__REQUEST_RATE_LIMIT_BACKOFF_FACTOR: '12' })] }).requestRateLimitBackoffFactor, 12);
  });

  it('honours X-RateLimit-Reset (Unix time) and RateLimit-Reset (seconds) against the injected clock', async () => {
    headers = { 'x-ratelimit-reset': String(NOW / 1000 + 42) };
    const a = fastClient({ now: () => NOW, requestMaxAttempts: 2 });
    await assert.rejects(a.client.send(get(`${base}/limited`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.retryAfter, 42);
      assert.match(e.message, /\(after 2 attempts\): rate limited; the API asks to wait 42 s \(X-RateLimit-Reset: \d+\)$/);
      return true;
    });
    assert.deepEqual(a.waits, [42_000]);
    await a.client.close();
    headers = { 'ratelimit-reset': '17' };
    const b = fastClient({ now: () => NOW, requestMaxAttempts: 2 });
    await assert.rejects(b.client.send(get(`${base}/limited`)), /asks to wait 17 s \(RateLimit-Reset: 17\)/);
    assert.deepEqual(b.waits, [17_000]);
    await b.client.close();
  });

  it('a Retry-After beyond request_max_retry_delay is capped, and the error says how long the API wanted', async () => {
    headers = { 'retry-after': '3600' };
    body = JSON.stringify({ errorCode: 'E130429', errorDescription: 'Rate limit exceeded', errorMessage: 'Too many requests' });
    const { client, waits } = fastClient({ requestMaxRetryDelay: 60, requestMaxAttempts: 3 });
    await assert.rejects(client.send(get(`${base}/limited`)), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.retryAfter, 3600);
      assert.equal(
        e.message,
        `GET ${base}/limited failed with 429 Too Many Requests (after 3 attempts): rate limited; the API asks to wait 3600 s ` +
          '(Retry-After: 3600), more than runtime.request_max_retry_delay (60 s): E130429: Rate limit exceeded Too many requests',
      );
      return true;
    });
    assert.deepEqual(waits, [60_000, 60_000]);
    await client.close();
  });

  it('reads the wait headers in order of precedence, in their units', () => {
    assert.deepEqual(requestedWait({ 'retry-after': '3', 'ratelimit-reset': '9' }, NOW), { seconds: 3, source: 'Retry-After: 3' });
    assert.deepEqual(requestedWait({ 'retry-after': new Date(NOW + 8000).toUTCString() }, NOW)?.seconds, 8);
    assert.deepEqual(requestedWait({ 'x-ratelimit-reset': '30' }, NOW)?.seconds, 30);
    assert.equal(requestedWait({ 'retry-after': 'soon' }, NOW), undefined);
    assert.equal(requestedWait({ 'x-ratelimit-reset': String(NOW / 1000 - 5) }, NOW)?.seconds, 0);
  });
});

describe('the API reason of an error body', () => {
  it('reads each verified API error shape', () => {
    const cases: [string, string][] = [
      ['{"type":"https://docs.passwordless.dev/guide/errors.html#api_key_locked","title":"The API key is locked.","status":403,"errorCode":"api_key_locked"}', 'api_key_locked: The API key is locked.'],
      ['{"type":"https://docs.passwordless.dev/guide/errors.html#forbidden","title":"You are forbidden from accessing this resource.","status":403,"detail":"Required scopes: token_verify"}', 'You are forbidden from accessing this resource. Required scopes: token_verify'],
      ['{"error":"forbidden","errorCode":"forbidden","errorDescription":"Not allowed."}', 'forbidden: Not allowed.'],
      ['{"errorCode":"E011103","errorDescription":"Access denied","errorMessage":"Management key lacks permission"}', 'E011103: Access denied Management key lacks permission'],
      ['{"status":403,"message":"vault abc is not in scope"}', 'vault abc is not in scope'],
      ['{"Error":{"Message":"Forbidden"}}', 'Forbidden'],
      ['Forbidden', 'Forbidden'],
    ];
    for (const [text, want] of cases) assert.equal(apiErrorReason(text), want, text);
    assert.equal(apiErrorReason(''), undefined);
    assert.equal(apiErrorReason('<html>denied</html>', 'text/html'), undefined);
  });
});

describe('retry settings from .dlt/config.toml', () => {
  it('[runtime] in the project config.toml reaches the client; env vars win over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-runtime-'));
    mkdirSync(join(dir, '.dlt'));
    writeFileSync(join(dir, '.dlt', 'config.toml'), '[runtime]\nrequest_max_attempts = 2\nrequest_max_retry_delay = 30\nrequest_rate_limit_backoff_factor = 10\n');
    const saved = { dir: process.env['SLUICE_PROJECT_DIR'], delay: process.env['RUNTIME__REQUEST_MAX_RETRY_DELAY'] };
    process.env['SLUICE_PROJECT_DIR'] = dir;
    process.env['RUNTIME__REQUEST_MAX_RETRY_DELAY'] = '45';
    try {
      const c = new HttpClient();
      assert.equal(c.options.requestMaxAttempts, 2);
      assert.equal(c.options.requestRateLimitBackoffFactor, 10);
      assert.equal(c.options.requestMaxRetryDelay, 45);
      await c.close();
    } finally {
      for (const [k, v] of [['SLUICE_PROJECT_DIR', saved.dir], ['RUNTIME__REQUEST_MAX_RETRY_DELAY', saved.delay]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('retry settings in the pipeline\'s own section', () => {
  it('[<pipeline>.runtime] wins over [runtime] for the REST client of a run of that pipeline (it was not read)', async () => {
    let hits = 0;
    const api = new MockApi({ routes: [{ path: '/down', handler: () => (hits++, { status: 503, body: 'down' }) }] });
    const base = await api.start();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-runtime-'));
    mkdirSync(join(dir, '.dlt'));
    writeFileSync(join(dir, '.dlt', 'config.toml'), '[runtime]\nrequest_max_attempts = 4\n\n[flaky_api.runtime]\nrequest_max_attempts = 2\n');
    const saved = process.env['SLUICE_PROJECT_DIR'];
    process.env['SLUICE_PROJECT_DIR'] = dir;
    try {
      const src = () => restApiSource({ client: { base_url: base }, resources: [{ name: 'down', endpoint: { path: 'down', paginator: 'single_page' } }] }, { runtime: { requestBackoffFactor: 0.001 } });
      await assert.rejects(tempPipeline('flaky_api').p.run(src()), /503/);
      assert.equal(hits, 2, 'the pipeline section sets 2 attempts');
      hits = 0;
      await assert.rejects(tempPipeline('other_pipeline').p.run(src()), /503/);
      assert.equal(hits, 4, 'another pipeline reads [runtime]');
    } finally {
      if (saved === undefined) delete process.env['SLUICE_PROJECT_DIR'];
      else process.env['SLUICE_PROJECT_DIR'] = saved;
      await api.close();
    }
  });
});
