import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startAuthsignalSimulator } from '../../../src/sources/verified/authsignal/simulator.js';

const FIXED = Date.UTC(2025, 2, 1);
const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;

test('authsignal: server Basic auth (secret as username, empty password); exact error shape', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  try {
    assert.match(sim.url, /\/v1$/);
    const ok = await fetch(`${sim.url}/users?limit=5`, { headers: { Authorization: basic(`${sim.credentials.secret_key}:`) } });
    assert.equal(ok.status, 200);
    for (const bad of [undefined, basic('nope:'), `Bearer ${sim.credentials.secret_key}`]) {
      const r = await fetch(`${sim.url}/users`, { headers: bad ? { Authorization: bad } : {} });
      assert.equal(r.status, 401);
      const body = (await r.json()) as Record<string, string>;
      assert.deepEqual(Object.keys(body), ['error', 'errorCode', 'errorDescription']);
      assert.equal(body.error, 'unauthorized');
      assert.equal(body.errorCode, 'unauthorized');
    }
  } finally {
    await sim.close();
  }
});

test('authsignal: GET /users keyset walk returns every user once and stops without lastEvaluatedUserId', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED, counts: { users: 53 } });
  const h = { Authorization: basic(`${sim.credentials.secret_key}:`) };
  try {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const q = new URLSearchParams({ limit: '10', ...(cursor ? { lastEvaluatedUserId: cursor } : {}) });
      const page = (await (await fetch(`${sim.url}/users?${q}`, { headers: h })).json()) as { users: Record<string, unknown>[]; lastEvaluatedUserId?: string };
      pages++;
      for (const u of page.users) {
        seen.push(String(u.userId));
        assert.equal(typeof u.isEnrolled, 'boolean');
        assert.ok(Array.isArray(u.enrolledVerificationMethods));
        assert.match(String(u.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      cursor = page.lastEvaluatedUserId;
    } while (cursor);
    assert.equal(pages, 6);
    assert.equal(new Set(seen).size, 53);
    assert.equal(seen.length, sim.data.counts().users);
    const bad = await fetch(`${sim.url}/users?limit=0`, { headers: h });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { errorCode: string }).errorCode, 'invalid_request');
  } finally {
    await sim.close();
  }
});

test('authsignal: per-user fan-out: authenticators and actions (30-day window), 404 for unknown users', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED, now: () => FIXED });
  const h = { Authorization: basic(`${sim.credentials.secret_key}:`) };
  try {
    let auths = 0;
    let actions = 0;
    for (const u of sim.data.world.users) {
      const a = (await (await fetch(`${sim.url}/users/${u.userId}/authenticators`, { headers: h })).json()) as Record<string, unknown>[];
      auths += a.length;
      for (const x of a) assert.equal(x.userId, u.userId);
      const acts = (await (await fetch(`${sim.url}/users/${u.userId}/actions`, { headers: h })).json()) as { createdAt: string }[];
      actions += acts.length;
      for (const x of acts) assert.ok(Date.parse(x.createdAt) >= FIXED - 30 * 86_400_000);
    }
    assert.equal(auths, sim.data.counts().authenticators);
    const inWindow = sim.data.world.actions.filter((a) => Date.parse(a.createdAt) >= FIXED - 30 * 86_400_000).length;
    assert.equal(actions, inWindow);
    assert.ok(inWindow < sim.data.counts().actions, 'some actions are older than 30 days');
    const missing = await fetch(`${sim.url}/users/nobody`, { headers: h });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { errorCode: string }).errorCode, 'not_found');
    const one = (await (await fetch(`${sim.url}/users/${sim.data.world.users[0]!.userId}`, { headers: h })).json()) as Record<string, unknown>;
    assert.ok('allowedVerificationMethods' in one && 'defaultVerificationMethod' in one);
  } finally {
    await sim.close();
  }
});

test('authsignal: client API bearer token (masked, bare array), 10-minute expiry, Basic(tenantId) without colon', async () => {
  let t = FIXED;
  const sim = await startAuthsignalSimulator({ baseTime: FIXED, now: () => t });
  try {
    const r = await fetch(`${sim.url}/client/user-authenticators`, { headers: { Authorization: `Bearer ${sim.credentials.token}` } });
    assert.equal(r.status, 200);
    const list = (await r.json()) as Record<string, unknown>[];
    assert.ok(Array.isArray(list) && list.length > 0);
    const pk = list.find((a) => a.verificationMethod === 'PASSKEY')!;
    assert.ok(pk, 'token user holds a passkey');
    assert.ok(!('userId' in pk));
    const wc = pk.webauthnCredential as Record<string, unknown>;
    assert.ok(wc.credentialId && wc.aaguidMapping && 'credentialBackedUp' in wc);
    for (const a of list) if (a.email) assert.match(String(a.email), /^.\*\*\*@/);

    const tenant = sim.credentials.tenant_id!;
    const anon = (auth: string) => fetch(`${sim.url}/client/challenge`, { method: 'POST', headers: { Authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'signIn' }) });
    assert.equal((await anon(basic(tenant))).status, 200);
    assert.equal((await anon(basic(`${tenant}:`))).status, 401);
    assert.equal((await fetch(`${sim.url}/client/user-authenticators`, { headers: { Authorization: basic(tenant) } })).status, 401);

    t += 10 * 60_000;
    const expired = await fetch(`${sim.url}/client/user-authenticators`, { headers: { Authorization: `Bearer ${sim.credentials.token}` } });
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { errorCode: string }).errorCode, 'expired_token');
    assert.equal(sim.actionRequests().length, 2);
  } finally {
    await sim.close();
  }
});

test('authsignal: passkey ceremonies are action endpoints at the real paths', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  try {
    const paths = sim.actionEndpoints.map((e) => `${e.method} ${e.path}`);
    for (const p of [
      'POST /v1/client/user-authenticators/passkey/registration-options',
      'POST /v1/client/user-authenticators/passkey',
      'POST /v1/client/user-authenticators/passkey/authentication-options',
      'POST /v1/client/verify/passkey',
      'POST /v1/client/challenge',
      'POST /v1/users/:userId/actions/:action',
      'POST /v1/challenge',
    ]) assert.ok(paths.includes(p), p);
    const h = { Authorization: `Bearer ${sim.credentials.token}`, 'content-type': 'application/json' };
    const opts = (await (await fetch(`${sim.url}/client/user-authenticators/passkey/registration-options`, { method: 'POST', headers: h, body: '{}' })).json()) as { challengeId: string; options: { challenge: string } };
    assert.ok(opts.challengeId && opts.options.challenge);
    const n = sim.data.counts().authenticators;
    const reg = (await (await fetch(`${sim.url}/client/user-authenticators/passkey`, { method: 'POST', headers: h, body: JSON.stringify({ challengeId: opts.challengeId, registrationCredential: { id: 'x' } }) })).json()) as { isVerified: boolean };
    assert.equal(reg.isVerified, true);
    assert.equal(sim.data.counts().authenticators, n + 1);
    assert.equal(sim.actionRequests().length, 2);
  } finally {
    await sim.close();
  }
});

test('authsignal: determinism, mutations, 429 fault shape', async () => {
  const a = await startAuthsignalSimulator({ baseTime: FIXED, seed: 5 });
  const b = await startAuthsignalSimulator({ baseTime: FIXED, seed: 5, faults: { rate: 1, kinds: ['429'], maxConsecutive: Infinity } });
  try {
    assert.deepEqual(a.data.world.users, b.data.world.users);
    // the client token is issued at the simulated time of day, so its iat may differ by a second
    const stable = (c: typeof a.credentials) => {
      const [head, payload, sig] = c.token!.split('.');
      const { iat: _iat, ...claims } = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      return { ...c, token: { head, claims, sig } };
    };
    assert.deepEqual(stable(a.credentials), stable(b.credentials));
    const r = await fetch(`${b.url}/users`, { headers: { Authorization: basic(`${b.credentials.secret_key}:`) } });
    assert.equal(r.status, 429);
    assert.equal(((await r.json()) as { errorCode: string }).errorCode, 'too_many_requests');
    const id = a.data.addUser();
    a.data.updateUser(id, { displayName: 'Changed' });
    const h = { Authorization: basic(`${a.credentials.secret_key}:`) };
    const u = (await (await fetch(`${a.url}/users/${id}`, { headers: h })).json()) as { displayName: string };
    assert.equal(u.displayName, 'Changed');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
