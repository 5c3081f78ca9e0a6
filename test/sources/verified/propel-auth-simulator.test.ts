import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPropelAuthSimulator } from '../../../src/sources/verified/propel-auth/simulator.js';

const FIXED = Date.UTC(2025, 2, 1);

test('propel_auth: Bearer api key; 401 plain text', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED });
  try {
    assert.equal(sim.credentials.auth_url, sim.url);
    const ok = await fetch(`${sim.url}/api/backend/v1/user/query`, { headers: { Authorization: `Bearer ${sim.credentials.api_key}`, 'X-Propelauth-url': 'auth.example.com' } });
    assert.equal(ok.status, 200);
    const bad = await fetch(`${sim.url}/api/backend/v1/user/query`, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(bad.status, 401);
    assert.match(bad.headers.get('content-type') ?? '', /^text\/plain/);
  } finally {
    await sim.close();
  }
});

test('propel_auth: user/query pages (0-based, snake_case envelope) return every user once', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED, counts: { users: 57 } });
  const h = { Authorization: `Bearer ${sim.credentials.api_key}` };
  try {
    const first = (await (await fetch(`${sim.url}/api/backend/v1/user/query`, { headers: h })).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).sort(), ['current_page', 'has_more_results', 'page_size', 'total_users', 'users']);
    assert.equal(first.page_size, 10);
    assert.equal(first.current_page, 0);
    const seen = new Set<string>();
    let page = 0;
    for (;;) {
      const body = (await (await fetch(`${sim.url}/api/backend/v1/user/query?page_size=25&page_number=${page}&include_orgs=true`, { headers: h })).json()) as {
        users: Record<string, unknown>[]; has_more_results: boolean; total_users: number;
      };
      for (const u of body.users) {
        seen.add(String(u.user_id));
        assert.equal(typeof u.created_at, 'number');
        assert.ok('org_id_to_org_info' in u);
        assert.ok(!('userId' in u) && !('createdAt' in u));
      }
      if (!body.has_more_results) break;
      page++;
    }
    assert.equal(page, 2);
    assert.equal(seen.size, 57);
    const noOrgs = (await (await fetch(`${sim.url}/api/backend/v1/user/query?page_size=5`, { headers: h })).json()) as { users: object[] };
    assert.ok(noOrgs.users.every((u) => !('org_id_to_org_info' in u)));
    const big = await fetch(`${sim.url}/api/backend/v1/user/query?page_size=101`, { headers: h });
    assert.equal(big.status, 400);
    assert.deepEqual(await big.json(), { page_size: ['must be <= 100'] });
  } finally {
    await sim.close();
  }
});

test('propel_auth: orgs via GET and POST, org members, invites, lookups', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED });
  const h = { Authorization: `Bearer ${sim.credentials.api_key}`, 'content-type': 'application/json' };
  try {
    const g = (await (await fetch(`${sim.url}/api/backend/v1/org/query?page_size=10&page_number=1`, { headers: h })).json()) as Record<string, unknown>;
    const p = (await (await fetch(`${sim.url}/api/backend/v1/org/query`, { method: 'POST', headers: h, body: JSON.stringify({ page_size: 10, page_number: 1 }) })).json()) as Record<string, unknown>;
    assert.deepEqual(g, p);
    assert.equal(g.total_orgs, sim.data.counts().orgs);
    let members = 0;
    for (const o of sim.data.world.orgs) {
      const m = (await (await fetch(`${sim.url}/api/backend/v1/user/org/${o.org_id}?page_size=100`, { headers: h })).json()) as { users: { role_in_org: string }[] };
      members += m.users.length;
      for (const u of m.users) assert.ok(u.role_in_org);
    }
    assert.equal(members, sim.data.counts().memberships);
    const inv = (await (await fetch(`${sim.url}/api/backend/v1/pending_org_invites?page_size=100`, { headers: h })).json()) as { invites: unknown[]; total_invites: number };
    assert.equal(inv.total_invites, sim.data.counts().invites);
    const u = sim.data.world.users[3]!;
    const byEmail = (await (await fetch(`${sim.url}/api/backend/v1/user/email?email=${encodeURIComponent(u.email)}`, { headers: h })).json()) as { user_id: string };
    assert.equal(byEmail.user_id, u.user_id);
    assert.equal((await fetch(`${sim.url}/api/backend/v1/user/not-a-uuid`, { headers: h })).status, 404);
    const batch = (await (await fetch(`${sim.url}/api/backend/v1/user/user_ids`, { method: 'POST', headers: h, body: JSON.stringify({ user_ids: [u.user_id] }) })).json()) as unknown[];
    assert.equal(batch.length, 1);
    const one = (await (await fetch(`${sim.url}/api/backend/v1/org/${sim.data.world.orgs[0]!.org_id}`, { headers: h })).json()) as Record<string, unknown>;
    assert.ok('url_safe_org_slug' in one && 'extra_domains' in one);
  } finally {
    await sim.close();
  }
});

test('propel_auth: b2c plan → 426 on orgs; OIDC discovery; userinfo needs a user token', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED, plan: 'b2c' });
  const h = { Authorization: `Bearer ${sim.credentials.api_key}` };
  try {
    assert.equal((await fetch(`${sim.url}/api/backend/v1/org/query`, { headers: h })).status, 426);
    const oidc = (await (await fetch(`${sim.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(oidc.issuer, sim.url);
    assert.equal(oidc.userinfo_endpoint, `${sim.url}/propelauth/oauth/userinfo`);
    assert.equal((await fetch(`${sim.url}/propelauth/oauth/userinfo`, { headers: h })).status, 401);
    const uid = sim.data.world.users[0]!.user_id;
    const tok = sim.data.mintAccessToken(uid);
    const info = (await (await fetch(`${sim.url}/propelauth/oauth/userinfo`, { headers: { Authorization: `Bearer ${tok}` } })).json()) as { user_id: string };
    assert.equal(info.user_id, uid);
    assert.equal(sim.actionRequests().length, 0);
  } finally {
    await sim.close();
  }
});

test('propel_auth: determinism and mutations', async () => {
  const a = await startPropelAuthSimulator({ baseTime: FIXED, seed: 9 });
  const b = await startPropelAuthSimulator({ baseTime: FIXED, seed: 9 });
  try {
    assert.deepEqual(a.data.world.users, b.data.world.users);
    assert.equal(a.credentials.api_key, b.credentials.api_key);
    const uid = a.data.world.users[0]!.user_id;
    a.data.updateUser(uid, { first_name: 'Changed' });
    a.data.addUser();
    const h = { Authorization: `Bearer ${a.credentials.api_key}` };
    const u = (await (await fetch(`${a.url}/api/backend/v1/user/${uid}`, { headers: h })).json()) as { first_name: string };
    assert.equal(u.first_name, 'Changed');
    const q = (await (await fetch(`${a.url}/api/backend/v1/user/query`, { headers: h })).json()) as { total_users: number };
    assert.equal(q.total_users, b.data.counts().users + 1);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
