import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPasswordlessSimulator } from '../../../src/sources/verified/passwordless/simulator.js';

const FIXED = Date.UTC(2025, 2, 1);

test('passwordless: ApiSecret accepted; 401 problem bodies match the server', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED });
  try {
    const ok = await fetch(`${sim.url}/users/list`, { headers: { ApiSecret: sim.credentials.api_secret! } });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { values: { userId: string; aliases: (string | null)[] }[] };
    assert.equal(body.values.length, sim.data.counts().users);
    assert.ok(body.values.some((u) => u.aliases.includes(null)), 'hashed aliases appear as null');

    const missing = await fetch(`${sim.url}/users/list`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json');
    assert.equal(missing.headers.get('www-authenticate'), 'ApiSecret');
    const p = (await missing.json()) as Record<string, unknown>;
    assert.equal(p.type, 'https://docs.passwordless.dev/guide/errors.html#ApiSecret');
    assert.equal(p.title, "A valid 'ApiSecret' header is required.");
    assert.equal(p.detail, "A valid 'ApiSecret' header is required.");
    assert.match(String(p.traceId), /^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    const detail = async (headers: Record<string, string>) =>
      ((await (await fetch(`${sim.url}/users/list`, { headers })).json()) as { detail: string }).detail;
    assert.equal(await detail({ ApiKey: sim.data.publicKey }), "A 'ApiKey' header was supplied when a 'ApiSecret' header should have been supplied.");
    assert.equal(await detail({ ApiSecret: sim.data.publicKey }), "Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'.");
    assert.equal(await detail({ ApiSecret: 'xxxxxxxxxxyyyy' }), "We don't recognize the value you supplied for your 'ApiSecret'. It started with: 'xxxxxxxxxx'.");
    assert.equal(await detail({ ApiSecret: 'app:secret:00000000000000000000000000000000' }), "The value of your 'ApiSecret' is not valid.");
  } finally {
    await sim.close();
  }
});

test('passwordless: credentials/list needs userId, answers {values}; GET and POST agree', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED });
  const h = { ApiSecret: sim.credentials.api_secret!, 'content-type': 'application/json' };
  try {
    const none = await fetch(`${sim.url}/credentials/list`, { headers: h });
    assert.equal(none.status, 400);
    assert.equal(((await none.json()) as { title: string }).title, 'Required parameter "string UserId" was not provided from query string.');
    let total = 0;
    for (const u of sim.data.world.userIds) {
      const g = (await (await fetch(`${sim.url}/credentials/list?userid=${u}`, { headers: h })).json()) as { values: Record<string, unknown>[] };
      const p = (await (await fetch(`${sim.url}/credentials/list`, { method: 'POST', headers: h, body: JSON.stringify({ userId: u }) })).json()) as { values: unknown[] };
      assert.deepEqual(g, p);
      total += g.values.length;
      for (const c of g.values) {
        assert.equal(c.userId, u);
        assert.equal(c.userHandle, Buffer.from(u).toString('base64'));
        assert.match(String(c.createdAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
        assert.deepEqual(Object.keys(c.descriptor as object), ['type', 'id']);
      }
    }
    assert.equal(total, sim.data.counts().credentials);
    const cfg = (await (await fetch(`${sim.url}/auth-configs/list`, { headers: h })).json()) as { configurations: { purpose: string; hints: string }[] };
    assert.deepEqual(cfg.configurations.slice(0, 2).map((c) => c.purpose), ['sign-in', 'step-up']);
    assert.equal(typeof cfg.configurations[1]!.hints, 'string');
    const one = (await (await fetch(`${sim.url}/auth-configs/list?purpose=step-up`, { headers: h })).json()) as { configurations: unknown[] };
    assert.equal(one.configurations.length, 1);
    const unknown = await fetch(`${sim.url}/nope`, { headers: h });
    assert.equal(unknown.status, 404);
    assert.equal(await unknown.text(), '');
  } finally {
    await sim.close();
  }
});

test('passwordless: /events is Enterprise-only and page-numbered', async () => {
  const gated = await startPasswordlessSimulator({ baseTime: FIXED });
  try {
    const r = await fetch(`${gated.url}/events?pageNumber=1&numberOfResults=100`, { headers: { ApiSecret: gated.credentials.api_secret! } });
    assert.equal(r.status, 403);
    const body = (await r.json()) as Record<string, unknown>;
    assert.equal(body.type, 'https://docs.passwordless.dev/guide/errors.html#forbidden');
    assert.equal(body.title, 'You are forbidden from accessing this resource.');
    assert.equal(body.status, 403);
  } finally {
    await gated.close();
  }
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise', counts: { events: 250 } });
  const h = { ApiSecret: sim.credentials.api_secret! };
  try {
    const seen = new Set<string>();
    let pageNumber = 1;
    for (;;) {
      const page = (await (await fetch(`${sim.url}/events?pageNumber=${pageNumber}&numberOfResults=100`, { headers: h })).json()) as {
        tenantId: string; events: Record<string, string>[]; totalEventCount: number;
      };
      assert.equal(page.totalEventCount, 250);
      for (const e of page.events) seen.add(JSON.stringify(e));
      if (page.events.length === 0 || pageNumber * 100 >= page.totalEventCount) break;
      pageNumber++;
    }
    assert.equal(pageNumber, 3);
    assert.equal(seen.size, 250);
    const bad = await fetch(`${sim.url}/events?pageNumber=1&numberOfResults=1001`, { headers: h });
    assert.equal(bad.status, 400);
    assert.ok(((await bad.json()) as { errors: Record<string, unknown> }).errors.NumberOfResults);
  } finally {
    await sim.close();
  }
});

test('passwordless: action endpoints work, are listed, and magic links are rate limited (429, empty body)', async () => {
  let t = FIXED;
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, now: () => t });
  const h = { ApiSecret: sim.credentials.api_secret!, 'content-type': 'application/json' };
  try {
    await fetch(`${sim.url}/users/list`, { headers: h });
    assert.equal(sim.actionRequests().length, 0);
    const tok = (await (await fetch(`${sim.url}/signin/generate-token`, { method: 'POST', headers: h, body: JSON.stringify({ userId: 'u-1001' }) })).json()) as { token: string };
    assert.match(tok.token, /^verify_/);
    const v = (await (await fetch(`${sim.url}/signin/verify`, { method: 'POST', headers: h, body: JSON.stringify({ token: tok.token }) })).json()) as Record<string, unknown>;
    assert.equal(v.success, true);
    assert.equal(v.userId, 'u-1001');
    const send = () => fetch(`${sim.url}/magic-links/send`, { method: 'POST', headers: h, body: JSON.stringify({ emailAddress: 'a@example.com', urlTemplate: 'https://x/?t=$TOKEN', userId: 'u-1001' }) });
    for (let i = 0; i < 10; i++) assert.equal((await send()).status, 204);
    const limited = await send();
    assert.equal(limited.status, 429);
    assert.equal(await limited.text(), '');
    assert.equal(limited.headers.get('retry-after'), null);
    t += 5 * 60_000;
    assert.equal((await send()).status, 204);
    const cred = sim.data.world.credentials[0]!;
    const before = sim.data.counts().credentials;
    assert.equal((await fetch(`${sim.url}/credentials/delete`, { method: 'POST', headers: h, body: JSON.stringify({ credentialId: cred.descriptor.id }) })).status, 204);
    assert.equal(sim.data.counts().credentials, before - 1);
    assert.equal(sim.actionRequests().length, 15);
    assert.ok(sim.actionEndpoints.some((e) => e.method === 'POST' && e.path === '/register/token'));
  } finally {
    await sim.close();
  }
});

test('passwordless: a key without scopes gets 403 with the required scope', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, secrets: { scopes: [] } });
  try {
    const r = await fetch(`${sim.url}/register/token`, { method: 'POST', headers: { ApiSecret: sim.credentials.api_secret!, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u', username: 'u' }) });
    assert.equal(r.status, 403);
    assert.match(((await r.json()) as { detail: string }).detail, /Required scopes: token_register$/);
  } finally {
    await sim.close();
  }
});

test('passwordless: same seed same data; mutations visible; faults deterministic', async () => {
  const a = await startPasswordlessSimulator({ baseTime: FIXED, seed: 7 });
  const b = await startPasswordlessSimulator({ baseTime: FIXED, seed: 7 });
  const c = await startPasswordlessSimulator({ baseTime: FIXED, seed: 8 });
  try {
    const get = async (s: typeof a) => (await fetch(`${s.url}/users/list`, { headers: { ApiSecret: s.credentials.api_secret! } })).text();
    assert.equal(await get(a), await get(b));
    assert.notEqual(await get(a), await get(c));
    assert.equal(a.credentials.api_secret, b.credentials.api_secret);
    const n = a.data.counts().users;
    const id = a.data.addUser({ credentials: 2 });
    assert.equal(a.data.counts().users, n + 1);
    const list = JSON.parse(await get(a)) as { values: { userId: string; credentialsCount: number }[] };
    assert.equal(list.values.find((u) => u.userId === id)?.credentialsCount, 2);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
  const statuses = async () => {
    const s = await startPasswordlessSimulator({ baseTime: FIXED, faults: { rate: 0.5, kinds: ['429', '503', 'reset'], seed: 3 } });
    const out: (number | string)[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        try {
          out.push((await fetch(`${s.url}/users/count`, { headers: { ApiSecret: s.credentials.api_secret! } })).status);
        } catch {
          out.push('reset');
        }
      }
    } finally {
      await s.close();
    }
    return out;
  };
  const first = await statuses();
  assert.deepEqual(await statuses(), first);
  assert.ok(first.includes(200) && first.some((x) => x !== 200));
});
