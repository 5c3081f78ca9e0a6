/**
 * Probes for an api key sent as a query param (`auth: { type: 'api_key', location: 'query' }`) under a
 * name that is not a sensitive param name: the key must not show in what a failed or logged request
 * prints, in any of the encodings an API echoes it back in.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { MockApi } from '../../../src/testing/mock-api.js';
import { restApiSource } from '../../../src/sources/rest-api/index.js';
import { captureLogs, drain, FAST } from './helpers.js';

/** A key with the characters encoders disagree on (`/`, `+`, `~`, `=`). */
const KEY = 'Pr0be/K3y+Zq9~x=';

/** The fragments of KEY at least 5 characters long, so a partly masked key is caught too. */
function assertNoKey(text: string, key = KEY): void {
  for (let i = 0; i + 5 <= key.length; i++) assert.ok(!text.includes(key.slice(i, i + 5)), `${key.slice(i, i + 5)} in ${text}`);
}

function source(base: string, path: string) {
  return restApiSource(
    { client: { base_url: base, auth: { type: 'api_key', name: 'appid', api_key: KEY, location: 'query' } }, resources: [{ name: 'r', endpoint: { path } }] },
    { runtime: FAST },
  );
}

test('a failed request with a query-param key: inspecting or serializing the error shows no key', async () => {
  const api = new MockApi({ routes: [{ path: '/boom', auth: false, json: { message: 'bad request' }, status: 400 }] });
  const base = await api.start();
  try {
    const err = await drain(source(base, 'boom')).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Error);
    const cause = err.cause as Error;
    assert.match(err.message, /400 Bad Request/);
    for (const text of [inspect(err, { depth: 10 }), inspect(cause, { depth: 10 }), JSON.stringify(cause)]) assertNoKey(text);
  } finally {
    await api.close();
  }
});

test('a next link that echoes the key in another percent-encoding: DEBUG request lines show no key', async () => {
  // Lower-case escapes, `/` and `~` left as they are: how many servers build their next links.
  const echoed = KEY.replace(/[+=]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  let base = '';
  const api = new MockApi({
    routes: [
      {
        path: '/items',
        auth: false,
        handler: (req) => {
          const page = Number(req.query.page ?? 1);
          return { json: { data: [{ id: page }], next: page < 2 ? `${base}/items?page=2&appid=${echoed}` : null } };
        },
      },
    ],
  });
  base = await api.start();
  try {
    const src = restApiSource(
      {
        client: { base_url: base, auth: { type: 'api_key', name: 'appid', api_key: KEY, location: 'query' }, paginator: { type: 'json_link', next_url_path: 'next' } },
        resources: ['items'],
      },
      { runtime: FAST },
    );
    const { result, lines } = await captureLogs(() => drain(src), 'DEBUG');
    assert.equal(result.rows.items?.length, 2);
    assert.ok(lines.some((l) => l.includes('page=2')), lines.join('\n'));
    assertNoKey(lines.join('\n'));
  } finally {
    await api.close();
  }
});

test('an error body that quotes the key JSON-escaped or form-encoded: the error message shows no key', async () => {
  const quoted = [
    JSON.stringify({ sent: KEY }).replace(/\//g, '\\/'), // PHP's json_encode escapes '/'
    `appid=${new URLSearchParams({ v: KEY }).toString().slice(2).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())}`, // %7e for '~'
  ];
  for (const body of quoted) {
    const api = new MockApi({ routes: [{ path: '/boom', auth: false, handler: () => ({ status: 400, body, headers: { 'content-type': 'text/plain' } }) }] });
    const base = await api.start();
    try {
      const err = await drain(source(base, 'boom')).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, /400 Bad Request/);
      assertNoKey(err.message);
    } finally {
      await api.close();
    }
  }
});

test('a body excerpt cut through the key shows none of it, at its start or its end', async () => {
  const bodies = [
    // a 400 body whose 200-character excerpt ends 6 characters into the key
    { status: 400, body: `${'x'.repeat(194)}${KEY} and more`, type: 'text/plain' },
    // a cut-off JSON page whose last-80-characters excerpt starts 5 characters into the key
    { status: 200, body: `{"data":[{"token":"${KEY}","pad":"${'z'.repeat(60)}`, type: 'application/json' },
  ];
  for (const { status, body, type } of bodies) {
    const api = new MockApi({ routes: [{ path: '/cut', auth: false, handler: () => ({ status, body, headers: { 'content-type': type } }) }] });
    const base = await api.start();
    try {
      const err = await drain(source(base, 'cut')).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, /400 Bad Request|ends early/);
      assertNoKey(err.message);
    } finally {
      await api.close();
    }
  }
});

test('a token endpoint reply that is not JSON or cut off: the error shows no part of the issued token', async () => {
  const token = 'at_Issued9f8e7d6c5b4a';
  const replies = [
    { type: 'text/plain', body: `access_token=${token}&token_type=bearer` }, // form-encoded, as some OAuth servers answer
    { type: 'application/json', body: `{"access_token":"${token}","token_type":"bearer"` }, // cut off
  ];
  for (const { type, body } of replies) {
    const api = new MockApi({
      routes: [
        { path: '/token', method: 'POST', auth: false, handler: () => ({ body, headers: { 'content-type': type } }) },
        { path: '/r', auth: false, json: { data: [] } },
      ],
    });
    const base = await api.start();
    try {
      const auth = { type: 'oauth2_client_credentials', access_token_url: `${base}/token`, client_id: 'cid-123456', client_secret: 'csecret-abcdef' } as const;
      const src = restApiSource({ client: { base_url: base, auth }, resources: ['r'] }, { runtime: { ...FAST, requestMaxAttempts: 1 } });
      const err = await drain(src).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof Error);
      assert.match(err.message, /\/token/);
      assertNoKey(err.message + inspect(err, { depth: 10 }), token);
    } finally {
      await api.close();
    }
  }
});

test('a credential given as a plain client or endpoint header is masked when the API echoes it', async () => {
  const api = new MockApi({
    routes: [{ path: '/r', auth: false, handler: (req) => ({ status: 401, json: { error: `key ${req.headers['x-api-key']} / ${req.headers['x-auth-token']} is not valid` } }) }],
  });
  const base = await api.start();
  try {
    const src = restApiSource(
      { client: { base_url: base, headers: { 'X-API-Key': 'literal-Zq9x7abc' } }, resources: [{ name: 'r', endpoint: { path: 'r', headers: { 'X-Auth-Token': 'endpoint-Wv4k2def' } } }] },
      { runtime: FAST },
    );
    const err = await drain(src).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.match(err.message, /401 Unauthorized/);
    assertNoKey(err.message, 'literal-Zq9x7abc');
    assertNoKey(err.message, 'endpoint-Wv4k2def');
  } finally {
    await api.close();
  }
});
