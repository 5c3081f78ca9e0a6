import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MockApi, type MockAuth } from '../../../../src/testing/index.js';
import { createAuth, registerAuth } from '../../../../src/sources/rest-api/client/auth/create-auth.js';
import { BearerAuth } from '../../../../src/sources/rest-api/client/auth/bearer.js';
import { ApiKeyAuth } from '../../../../src/sources/rest-api/client/auth/api-key.js';
import { HttpBasicAuth } from '../../../../src/sources/rest-api/client/auth/http-basic.js';
import { OAuth2ClientCredentials } from '../../../../src/sources/rest-api/client/auth/oauth2-client-credentials.js';
import { HttpError, withoutQueryParam } from '../../../../src/sources/rest-api/client/http-client.js';
import { Secret, maskSecrets } from '../../../../src/config/secret.js';
import { ConfigError } from '../../../../src/common/errors.js';
import type { Auth, RestRequest } from '../../../../src/sources/rest-api/client/types.js';
import { captureLogs, fastClient, get } from './helpers.js';

const apis: MockApi[] = [];
after(async () => Promise.all(apis.map((a) => a.close())));
async function serve(auth: MockAuth): Promise<string> {
  const api = new MockApi({
    routes: [{ path: '/me', json: { ok: true } }],
    auth,
    unauthorizedBody: { title: "A valid 'ApiSecret' header is required.", status: 401 },
  });
  apis.push(api);
  return api.start();
}
function applied(auth: Auth): RestRequest {
  const r = get('http://h/x');
  void auth.apply(r);
  return r;
}

describe('auth types', () => {
  it('bearer', async () => {
    const url = await serve({ type: 'bearer', token: 'tok-bearer-001' });
    const { client } = fastClient();
    assert.equal((await client.send(get(`${url}/me`), createAuth({ type: 'bearer', token: 'tok-bearer-001' }))).status, 200);
    assert.equal((await client.send(get(`${url}/me`), createAuth({ token: 'tok-bearer-001' }))).status, 200, 'type omitted = bearer');
    assert.equal((await client.send(get(`${url}/me`), createAuth('tok-bearer-001'))).status, 200, 'string shorthand');
    assert.equal((await client.send(get(`${url}/me`), createAuth(new Secret('tok-bearer-001')))).status, 200, 'Secret shorthand');
    await client.close();
  });

  it('api_key in a custom header, sent verbatim (Passwordless ApiSecret)', async () => {
    const secret = 'myapp:secret:11f8dd7733744f2596f2a28544b5fbc4';
    const url = await serve({ type: 'api_key', name: 'ApiSecret', value: secret });
    const { client } = fastClient();
    const auth = createAuth({ type: 'api_key', name: 'ApiSecret', api_key: secret });
    assert.equal(applied(auth!).headers['ApiSecret'], secret);
    assert.equal((await client.send(get(`${url}/me`), auth)).status, 200);
    assert.equal(applied(createAuth({ type: 'api_key', api_key: 'k-123456' })!).headers['Authorization'], 'k-123456', 'default header is Authorization');
    await client.close();
  });

  it('api_key in a cookie: a base64 key goes as it is, only characters a cookie cannot hold are encoded', async () => {
    const api = new MockApi({ routes: [{ path: '/me', handler: (req) => ({ json: { cookie: req.headers['cookie'] ?? null } }) }] });
    apis.push(api);
    const url = await api.start();
    const { client } = fastClient();
    const send = async (key: string) => (await client.send(get(`${url}/me`), createAuth({ type: 'api_key', name: 'sid', api_key: key, location: 'cookie' }))).json();
    assert.deepEqual(await send('k3Y+/q9Zw1=='), { cookie: 'sid=k3Y+/q9Zw1==' });
    assert.deepEqual(await send('two words;x'), { cookie: 'sid=two%20words%3Bx' });
    await client.close();
  });

  it('api_key in the query (query and param), masked in errors', async () => {
    const url = await serve({ type: 'api_key', name: 'api_key', value: 'right-key-9876', location: 'query' });
    const { client } = fastClient();
    assert.equal((await client.send(get(`${url}/me`), createAuth({ type: 'api_key', name: 'api_key', api_key: 'right-key-9876', location: 'query' }))).status, 200);
    const wrong = createAuth({ type: 'api_key', name: 'api_key', api_key: 'wrong-key-5555', location: 'param' });
    await assert.rejects(client.send(get(`${url}/me`), wrong), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.message, `GET ${url}/me?api_key=*** failed with 401 Unauthorized (auth: api_key): {"title":"A valid 'ApiSecret' header is required.","status":401}`);
      assert.equal(e.authType, 'api_key');
      assert.equal(e.status, 401);
      assert.doesNotMatch(e.message + e.url, /wrong-key-5555/);
      return true;
    });
    await client.close();
  });

  it('api_key in the query replaces a key the URL already carries (a next link echoing it), so it is sent once', async () => {
    const url = await serve({ type: 'api_key', name: 'api_key', value: 'right-key-9876', location: 'query' });
    const { client } = fastClient();
    const auth = createAuth({ type: 'api_key', name: 'api_key', api_key: 'right-key-9876', location: 'query' });
    assert.equal((await client.send(get(`${url}/me?api_key=stale-key-0000&page=2`), auth)).status, 200);
    await client.close();
    assert.equal(withoutQueryParam('https://x.io/a?api%5Fkey=1&page=2&api_key=3#top', 'api_key'), 'https://x.io/a?page=2#top');
    assert.equal(withoutQueryParam('https://x.io/a?api_key=1', 'api_key'), 'https://x.io/a');
    assert.equal(withoutQueryParam('https://x.io/a?api_keys=1&key', 'api_key'), 'https://x.io/a?api_keys=1&key');
  });

  it('a custom-named query key is masked too (registered secret)', async () => {
    const url = await serve({ type: 'api_key', name: 'sig', value: 'sig-value-1234', location: 'query' });
    const { client } = fastClient();
    await assert.rejects(client.send(get(`${url}/me`), createAuth({ type: 'api_key', name: 'sig', api_key: 'bad-sig-77777', location: 'query' })), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /\/me\?sig=\*\*\* failed with 401/);
      return true;
    });
    await client.close();
  });

  it('http_basic: username:password, username with empty password, and a bare value', async () => {
    const { client } = fastClient();
    const u1 = await serve({ type: 'http_basic', username: 'alice', password: 'pw-alice-1' });
    assert.equal((await client.send(get(`${u1}/me`), createAuth({ type: 'http_basic', username: 'alice', password: 'pw-alice-1' }))).status, 200);
    const u2 = await serve({ type: 'http_basic', username: 'sk_live_server_secret' });
    assert.equal((await client.send(get(`${u2}/me`), createAuth({ type: 'http_basic', username: 'sk_live_server_secret' }))).status, 200);
    assert.equal(applied(new HttpBasicAuth({ username: 'sk', password: '' })).headers['Authorization'], `Basic ${Buffer.from('sk:').toString('base64')}`);
    const tenant = '6c1b3a1e-0000-4000-8000-1234567890ab';
    const u3 = await serve({ type: 'http_basic', value: tenant });
    assert.equal((await client.send(get(`${u3}/me`), createAuth({ type: 'http_basic', value: tenant }))).status, 200);
    assert.equal(applied(createAuth({ type: 'http_basic', value: tenant })!).headers['Authorization'], `Basic ${Buffer.from(tenant).toString('base64')}`);
    await client.close();
  });

  it('401/403 are never retried and name the auth type', async () => {
    const url = await serve({ type: 'bearer', token: 'good-token-1' });
    const { client, waits } = fastClient();
    await assert.rejects(client.send(get(`${url}/me`), new BearerAuth({ token: 'bad-token-22' })), /failed with 401 Unauthorized \(auth: bearer\)/);
    await assert.rejects(client.send(get(`${url}/me`)), /failed with 401 Unauthorized \(auth: none\)/);
    assert.deepEqual(waits, []);
    await client.close();
  });

  it('secrets never appear in error messages or logs', async () => {
    const url = await serve({ type: 'bearer', token: 'good-token-1' });
    const { client } = fastClient();
    const { lines } = await captureLogs(async () => {
      await assert.rejects(client.send(get(`${url}/me`), createAuth({ token: 'leaky-token-abcdef' })), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.doesNotMatch(String(e.message) + String(e.stack), /leaky-token-abcdef/);
        return true;
      });
    });
    assert.ok(lines.length > 0);
    for (const l of lines) assert.doesNotMatch(l, /leaky-token-abcdef/);
    assert.equal(maskSecrets('x leaky-token-abcdef y'), 'x *** y');
    const basic = createAuth({ type: 'http_basic', username: 'bob-user', password: 'pw-bob-secret' })!;
    const header = applied(basic).headers['Authorization']!;
    assert.equal(maskSecrets(header), '***');
    assert.doesNotMatch(JSON.stringify(basic), /pw-bob-secret/);
    await client.close();
  });
});

describe('credentials in the URL (user:password@host)', () => {
  it('are sent as Basic auth when no auth is set, as requests does, and are masked in errors and logs', async () => {
    const api = new MockApi({
      routes: [
        { path: '/me', json: { ok: true } },
        { path: '/missing', handler: () => ({ status: 404, json: { error: 'no such thing' } }) },
      ],
      auth: { type: 'http_basic', username: 'bob', password: 'url-pw-7781' },
    });
    apis.push(api);
    const url = (await api.start()).replace('http://', 'http://bob:url-pw-7781@');
    const { client } = fastClient();
    const { lines } = await captureLogs(async () => {
      const res = await client.send(get(`${url}/me`));
      assert.deepEqual(res.json(), { ok: true });
      await assert.rejects(client.send(get(`${url}/missing`)), (e: unknown) => {
        assert.ok(e instanceof HttpError);
        assert.match(e.message, /^GET http:\/\/bob:\*\*\*@127\.0\.0\.1:\d+\/missing failed with 404 Not Found/);
        assert.doesNotMatch(e.message, /url-pw-7781/);
        return true;
      });
    });
    assert.ok(lines.some((l) => l.includes('Making GET request to http://bob:***@')), lines.join('\n'));
    for (const l of lines) assert.doesNotMatch(l, /url-pw-7781/);
    // a configured auth wins over the URL's credentials (requests ignores them then)
    await assert.rejects(client.send(get(`${url}/me`), createAuth({ token: 'some-bearer-1' })), /401/);
    await client.close();
  });
});

describe('oauth2_client_credentials', () => {
  it('fetches a token lazily, reuses it, refreshes on expiry', async () => {
    const api = new MockApi({
      routes: [{ path: '/me', json: { ok: true } }],
      auth: { type: 'oauth2', clientId: 'cid-1', clientSecret: 'csecret-1234', expiresIn: 3600 },
    });
    apis.push(api);
    const url = await api.start();
    const { client } = fastClient();
    const auth = createAuth({
      type: 'oauth2_client_credentials',
      access_token_url: `${url}/oauth/token`,
      client_id: 'cid-1',
      client_secret: 'csecret-1234',
      access_token_request_data: { scope: 'read' },
    }) as OAuth2ClientCredentials;
    assert.equal(api.tokensIssued, 0);
    await client.send(get(`${url}/me`), auth);
    await client.send(get(`${url}/me`), auth);
    assert.equal(api.tokensIssued, 1);
    const tokenReq = api.requestsTo('/oauth/token')[0]!;
    assert.deepEqual(tokenReq.body, { grant_type: 'client_credentials', client_id: 'cid-1', client_secret: 'csecret-1234', scope: 'read' });
    const t0 = Date.now();
    auth.now = () => t0 + 3600_000;
    await client.send(get(`${url}/me`), auth);
    assert.equal(api.tokensIssued, 2);
    await client.close();
  });

  it('concurrent requests share one token fetch; token fetch is retried on 5xx', async () => {
    const api = new MockApi({
      routes: [{ path: '/me', json: { ok: true } }],
      auth: { type: 'oauth2', clientId: 'cid-2', clientSecret: 'csecret-5678' },
    });
    apis.push(api);
    const url = await api.start();
    const { client, waits } = fastClient();
    api.setFaults({ failFirst: 2, kinds: ['503', 'reset'], paths: ['/oauth/token'] });
    const auth = new OAuth2ClientCredentials({ access_token_url: `${url}/oauth/token`, client_id: 'cid-2', client_secret: 'csecret-5678', client });
    await Promise.all([1, 2, 3].map(() => client.send(get(`${url}/me`), auth)));
    assert.equal(api.tokensIssued, 1);
    assert.equal(api.requestsTo('/oauth/token').length, 3);
    assert.deepEqual(waits, [1000, 2000]);
    await client.close();
  });

  it('a 401 from the token endpoint is a clear error without the secret', async () => {
    const api = new MockApi({ routes: [{ path: '/me', json: {} }], auth: { type: 'oauth2', clientId: 'cid-3', clientSecret: 'right-secret-1' } });
    apis.push(api);
    const url = await api.start();
    const { client } = fastClient();
    const auth = createAuth({ type: 'oauth2_client_credentials', access_token_url: `${url}/oauth/token`, client_id: 'cid-3', client_secret: 'wrong-secret-2' });
    await assert.rejects(client.send(get(`${url}/me`), auth), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.match(e.message, /^POST http:\/\/127.0.0.1:\d+\/oauth\/token failed with 401 Unauthorized \(auth: oauth2_client_credentials\): the token endpoint rejected the client credentials; check client_id, client_secret and access_token_request_data: \{"error":"invalid_client"/);
      assert.doesNotMatch(e.message, /wrong-secret-2/);
      return true;
    });
    assert.equal(api.requestsTo('/me').length, 0);
    await client.close();
  });
});

describe('createAuth', () => {
  it('validates with key paths and hints', () => {
    assert.equal(createAuth(undefined), undefined);
    assert.throws(() => createAuth({ type: 'bearr', token: 'x' }), /auth.type: 'bearr' is not an auth type; did you mean 'bearer'\?/);
    assert.throws(() => createAuth({ type: 'api_key', apikey: 'x' }), /auth.apikey: unknown field for auth type 'api_key'; did you mean 'api_key'\?/);
    assert.throws(() => createAuth({ type: 'bearer' }), /auth.token: required for auth type 'bearer'/);
    assert.throws(() => createAuth({ type: 'bearer', token: 42 }), ConfigError);
    assert.throws(() => createAuth('http_basic'), /type 'http_basic' needs its fields/);
    assert.throws(() => createAuth({ type: 'api_key', api_key: 'k', location: 'body' }), /auth.location: expected header, query, param or cookie/);
    assert.throws(() => createAuth({ type: 'http_basic', value: 'v', username: 'u' }), /either value .* or username\/password/);
    assert.throws(() => createAuth({ type: 'oauth2_client_credentials', client_id: 'a', client_secret: 'b' }), /auth.access_token_url: required/);
  });
  it('passes Auth instances through and wraps values as Secrets', () => {
    const a = new ApiKeyAuth({ api_key: 'abc-12345' });
    assert.equal(createAuth(a), a);
    const b = createAuth({ token: 'wrapped-token-1' }) as BearerAuth;
    assert.ok(b.token instanceof Secret);
    assert.equal(String(b.token), '***');
  });
  it('registerAuth adds a type', () => {
    registerAuth('static_header', (c) => ({ type: 'static_header', apply: (r) => void (r.headers['X-Static'] = String(c['value'])) }));
    assert.equal(applied(createAuth({ type: 'static_header', value: 'v1' })!).headers['X-Static'], 'v1');
  });
});
