import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDescopeSimulator } from '../../../src/sources/verified/descope/simulator.js';

const FIXED = Date.UTC(2025, 2, 1);
const post = (url: string, auth: string, body: unknown, extra: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { Authorization: auth, 'content-type': 'application/json', ...extra }, body: JSON.stringify(body) });

test('descope: Bearer projectId:managementKey; error shape on bad key', async () => {
  const sim = await startDescopeSimulator({ baseTime: FIXED });
  const auth = `Bearer ${sim.credentials.project_id}:${sim.credentials.management_key}`;
  try {
    assert.equal((await fetch(`${sim.url}/v1/mgmt/tenant/all`, { headers: { Authorization: auth } })).status, 200);
    for (const bad of [`Bearer ${sim.credentials.management_key}`, `Bearer ${sim.credentials.project_id}`, '']) {
      const r = await fetch(`${sim.url}/v1/mgmt/tenant/all`, { headers: bad ? { Authorization: bad } : {} });
      assert.equal(r.status, 401);
      assert.deepEqual(Object.keys((await r.json()) as object), ['errorCode', 'errorDescription', 'errorMessage']);
    }
  } finally {
    await sim.close();
  }
});

test('descope: v2 user search pages by limit/page with total; excludes test users; every user once', async () => {
  const sim = await startDescopeSimulator({ baseTime: FIXED });
  const auth = `Bearer ${sim.credentials.project_id}:${sim.credentials.management_key}`;
  try {
    const seen = new Set<string>();
    let page = 0;
    for (;;) {
      const r = (await (await post(`${sim.url}/v2/mgmt/user/search`, auth, { limit: 100, page })).json()) as { users: Record<string, unknown>[]; total: number };
      assert.equal(r.total, sim.data.counts().users);
      for (const u of r.users) {
        seen.add(String(u.userId));
        assert.equal(u.test, false);
        assert.equal(typeof u.createdTime, 'number');
        for (const k of ['loginIds', 'userTenants', 'roleNames', 'TOTP', 'SAML', 'OAuth', 'SCIM', 'webauthn', 'customAttributes']) assert.ok(k in u, k);
      }
      if (r.users.length < 100 || (page + 1) * 100 >= r.total) break;
      page++;
    }
    assert.equal(page, 2);
    assert.equal(seen.size, 230);
    const v1 = (await (await post(`${sim.url}/v1/mgmt/user/search`, auth, { limit: 5 })).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(v1), ['users']);
    const t = (await (await post(`${sim.url}/v2/mgmt/user/search/test`, auth, {})).json()) as { users: { test: boolean }[]; total: number };
    assert.equal(t.total, sim.data.counts().test_users);
    assert.ok(t.users.every((u) => u.test));
    const byOffset = (await (await post(`${sim.url}/v2/mgmt/user/search`, auth, { limit: 10, offset: 100 })).json()) as { users: { userId: string }[] };
    const byPage = (await (await post(`${sim.url}/v2/mgmt/user/search`, auth, { limit: 10, page: 10 })).json()) as { users: { userId: string }[] };
    assert.deepEqual(byOffset, byPage);
  } finally {
    await sim.close();
  }
});

test('descope: audit search (size/page, 30-day window, occurred as ms string), history bare array, singles', async () => {
  const sim = await startDescopeSimulator({ baseTime: FIXED, now: () => FIXED });
  const auth = `Bearer ${sim.credentials.project_id}:${sim.credentials.management_key}`;
  try {
    const from = FIXED - 29 * 86_400_000;
    const ids = new Set<string>();
    let page = 0;
    let total = 0;
    for (;;) {
      const r = (await (await post(`${sim.url}/v1/mgmt/audit/search`, auth, { from, size: 100, page })).json()) as { audits: Record<string, unknown>[]; total: number };
      total = r.total;
      for (const a of r.audits) {
        assert.equal(typeof a.occurred, 'string');
        assert.match(String(a.occurred), /^\d{13}$/);
        ids.add(JSON.stringify(a));
      }
      if (r.audits.length < 100) break;
      page++;
    }
    assert.equal(ids.size, total);
    assert.equal(total, sim.data.counts().audits);
    const old = await post(`${sim.url}/v1/mgmt/audit/search`, auth, { from: FIXED - 31 * 86_400_000 });
    assert.equal(old.status, 400);
    assert.equal(((await old.json()) as { errorCode: string }).errorCode, 'E011003');

    const userIds = sim.data.world.users.map((u) => u.userId);
    const hist = (await (await post(`${sim.url}/v1/mgmt/user/history`, auth, userIds)).json()) as Record<string, unknown>[];
    assert.ok(Array.isArray(hist));
    assert.equal(hist.length, sim.data.counts().login_history);
    assert.deepEqual(Object.keys(hist[0]!), ['userId', 'loginTime', 'city', 'country', 'ip', 'selectedTenant']);
    assert.equal((await post(`${sim.url}/v1/mgmt/user/history`, auth, { userIds })).status, 400);

    const u = sim.data.world.users[0]!;
    const one = (await (await fetch(`${sim.url}/v1/mgmt/user?loginId=${encodeURIComponent(u.loginIds[0]!)}`, { headers: { Authorization: auth } })).json()) as { user: { userId: string } };
    assert.equal(one.user.userId, u.userId);
    const loaded = (await (await post(`${sim.url}/v1/mgmt/users/load`, auth, { userIds: [u.userId] })).json()) as { users: unknown[] };
    assert.equal(loaded.users.length, 1);
    for (const [path, key, n] of [['/v1/mgmt/role/all', 'roles', 'roles'], ['/v1/mgmt/permission/all', 'permissions', 'permissions'], ['/v1/mgmt/tenant/all', 'tenants', 'tenants']] as const) {
      const b = (await (await fetch(`${sim.url}${path}`, { headers: { Authorization: auth } })).json()) as Record<string, unknown[]>;
      assert.equal(b[key]!.length, sim.data.counts()[n]);
    }
    const keys = (await (await post(`${sim.url}/v1/mgmt/accesskey/search`, auth, {})).json()) as { keys: Record<string, unknown>[] };
    assert.equal(keys.keys.length, sim.data.counts().access_keys);
    assert.ok('expireTime' in keys.keys[0]!);
    assert.equal(sim.actionRequests().length, 0);
  } finally {
    await sim.close();
  }
});

test('descope: 429 E130429 with Retry-After once the raw bucket is spent; search has its own bucket', async () => {
  let t = FIXED;
  const sim = await startDescopeSimulator({ baseTime: FIXED, now: () => t, rateLimits: { raw: { limit: 3, windowMs: 60_000 }, search: { limit: 2, windowMs: 60_000 } } });
  const auth = `Bearer ${sim.credentials.project_id}:${sim.credentials.management_key}`;
  try {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${sim.url}/v1/mgmt/role/all`, { headers: { Authorization: auth } })).status, 200);
    t += 15_000;
    const r = await fetch(`${sim.url}/v1/mgmt/role/all`, { headers: { Authorization: auth } });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '45');
    assert.equal(((await r.json()) as { errorCode: string }).errorCode, 'E130429');
    assert.equal((await post(`${sim.url}/v2/mgmt/user/search`, auth, {})).status, 200);
    assert.equal((await post(`${sim.url}/v2/mgmt/user/search`, auth, {})).status, 200);
    assert.equal((await post(`${sim.url}/v2/mgmt/user/search`, auth, {})).status, 429);
    t += 60_000;
    assert.equal((await fetch(`${sim.url}/v1/mgmt/role/all`, { headers: { Authorization: auth } })).status, 200);
  } finally {
    await sim.close();
  }
});

test('descope: test-user actions are listed and logged; mutations and determinism', async () => {
  const a = await startDescopeSimulator({ baseTime: FIXED, seed: 3 });
  const b = await startDescopeSimulator({ baseTime: FIXED, seed: 3 });
  const auth = `Bearer ${a.credentials.project_id}:${a.credentials.management_key}`;
  try {
    assert.deepEqual(a.data.world.users, b.data.world.users);
    assert.deepEqual(a.credentials, b.credentials);
    const paths = a.actionEndpoints.map((e) => `${e.method} ${e.path}`);
    for (const p of ['POST /v1/mgmt/user/create/test', 'DELETE /v1/mgmt/user/test/delete/all', 'POST /v1/mgmt/tests/generate/otp']) assert.ok(paths.includes(p), p);
    const created = (await (await post(`${a.url}/v1/mgmt/user/create/test`, auth, { loginId: 'qa@example.com' })).json()) as { user: { test: boolean } };
    assert.equal(created.user.test, true);
    const otp = (await (await post(`${a.url}/v1/mgmt/tests/generate/otp`, auth, { loginId: 'qa@example.com', deliveryMethod: 'email' })).json()) as { code: string };
    assert.match(otp.code, /^\d{6}$/);
    assert.equal(a.actionRequests().length, 2);
    const u = a.data.world.users[0]!;
    a.data.updateUser(u.userId, { name: 'Changed Name' });
    const r = (await (await post(`${a.url}/v2/mgmt/user/search`, auth, { userIds: [u.userId] })).json()) as { users: { name: string; modifiedTime: number }[] };
    assert.equal(r.users[0]!.name, 'Changed Name');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
