import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startOnePasswordSimulator } from '../../../src/sources/verified/onepassword/simulator.js';

const FIXED = Date.UTC(2025, 2, 1);

test('1password connect: bearer auth, {status,message} errors, version header, root health endpoints', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED });
  try {
    const ok = await fetch(`${sim.url}/v1/vaults`, { headers: { Authorization: `Bearer ${sim.credentials.access_token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('1password-connect-version'), '1.7.1');
    const vaults = (await ok.json()) as Record<string, unknown>[];
    assert.ok(Array.isArray(vaults));
    assert.equal(vaults.length, sim.data.counts().vaults);
    assert.match(String(vaults[0]!.id), /^[a-z0-9]{26}$/);
    const bad = await fetch(`${sim.url}/v1/vaults`, { headers: { Authorization: `Bearer ${sim.credentials.events_access_token}` } });
    assert.equal(bad.status, 401);
    assert.deepEqual(await bad.json(), { status: 401, message: 'Invalid token signature' });
    const hidden = sim.data.world.hiddenVault.id;
    const h = { Authorization: `Bearer ${sim.credentials.access_token}` };
    assert.deepEqual(await (await fetch(`${sim.url}/v1/vaults/${hidden}`, { headers: h })).json(), { status: 403, message: `vault ${hidden} is not in scope` });
    assert.equal((await fetch(`${sim.url}/v1/vaults/zzzzzzzzzzzzzzzzzzzzzzzzzz/items`, { headers: h })).status, 404);
    const hb = await fetch(`${sim.url}/heartbeat`);
    assert.equal(await hb.text(), '.');
    assert.equal((await fetch(`${sim.url}/v1/heartbeat`)).status, 404);
    assert.equal(((await (await fetch(`${sim.url}/health`)).json()) as { version: string }).version, '1.7.1');
  } finally {
    await sim.close();
  }
});

test('1password connect: items are summaries per vault, full items carry fields; filters eq/co on title and name', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED });
  const h = { Authorization: `Bearer ${sim.credentials.access_token}` };
  try {
    let total = 0;
    for (const v of sim.data.world.vaults) {
      const items = (await (await fetch(`${sim.url}/v1/vaults/${v.id}/items`, { headers: h })).json()) as Record<string, unknown>[];
      total += items.length;
      for (const i of items) {
        assert.ok(!('fields' in i) && !('sections' in i) && !('files' in i));
        assert.deepEqual(i.vault, { id: v.id });
        if ('tags' in i) assert.ok((i.tags as unknown[]).length > 0);
        if ('favorite' in i) assert.equal(i.favorite, true);
      }
    }
    assert.equal(total, sim.data.counts().items);
    const item = sim.data.world.items[0]!;
    const full = (await (await fetch(`${sim.url}/v1/vaults/${item.vault.id}/items/${item.id}`, { headers: h })).json()) as Record<string, unknown>;
    assert.ok(Array.isArray(full.fields) && Array.isArray(full.sections));
    const name = sim.data.world.vaults[1]!.name;
    for (const f of [`name eq "${name}"`, `title eq "${name}"`, `title co "${name.slice(1, 4).toLowerCase()}"`]) {
      const got = (await (await fetch(`${sim.url}/v1/vaults?filter=${encodeURIComponent(f)}`, { headers: h })).json()) as { name: string }[];
      assert.ok(got.some((v) => v.name === name), f);
    }
    const byTitle = (await (await fetch(`${sim.url}/v1/vaults/${item.vault.id}/items?filter=${encodeURIComponent(`title eq "${item.title}"`)}`, { headers: h })).json()) as unknown[];
    assert.equal(byTitle.length, 1);
    assert.equal((await fetch(`${sim.url}/v1/vaults?filter=garbage`, { headers: h })).status, 400);
  } finally {
    await sim.close();
  }
});

test('1password connect: activity pages by limit/offset with Content-Range', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, counts: { activity: 134 } });
  const h = { Authorization: `Bearer ${sim.credentials.access_token}` };
  try {
    const first = await fetch(`${sim.url}/v1/activity`, { headers: h });
    assert.equal(first.headers.get('content-range'), '1-50/134');
    const seen = new Set<string>();
    let offset = 0;
    for (;;) {
      const r = await fetch(`${sim.url}/v1/activity?limit=50&offset=${offset}`, { headers: h });
      const page = (await r.json()) as { requestId: string }[];
      const total = Number(r.headers.get('content-range')!.split('/')[1]);
      for (const a of page) seen.add(a.requestId);
      if (offset + page.length >= total || page.length < 50) break;
      offset += 50;
    }
    assert.equal(seen.size, 134);
    assert.equal((await fetch(`${sim.url}/v1/activity?offset=500`, { headers: h })).headers.get('content-range'), '*/134');
  } finally {
    await sim.close();
  }
});

test('1password events: cursor walk returns every event once; has_more; v1 and introspect', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, now: () => FIXED });
  const base = sim.credentials.events_base_url!;
  const h = { Authorization: `Bearer ${sim.credentials.events_access_token}`, 'content-type': 'application/json' };
  try {
    const intro = (await (await fetch(`${base}/api/v2/auth/introspect`, { headers: h })).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(intro), ['uuid', 'issued_at', 'features', 'account_uuid']);
    const v1 = (await (await fetch(`${base}/api/auth/introspect`, { headers: h })).json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(v1), ['UUID', 'IssuedAt', 'Features']);
    for (const [kind, key] of [['auditevents', 'audit_events'], ['itemusages', 'item_usages'], ['signinattempts', 'signin_attempts']] as const) {
      const seen = new Set<string>();
      let body: unknown = { limit: 100, start_time: new Date(FIXED - 30 * 86_400_000).toISOString() };
      let cursor = '';
      for (;;) {
        const r = (await (await fetch(`${base}/api/v2/${kind}`, { method: 'POST', headers: h, body: JSON.stringify(body) })).json()) as { items: { uuid: string; timestamp: string }[]; cursor: string; has_more: boolean };
        for (const e of r.items) {
          assert.ok(!seen.has(e.uuid));
          seen.add(e.uuid);
          assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
        }
        cursor = r.cursor;
        if (!r.has_more) break;
        body = { cursor };
      }
      assert.equal(seen.size, sim.data.counts()[key]);
      // A later poll with the saved cursor sees only new events.
      sim.data.addEvents(kind, 3);
      const later = (await (await fetch(`${base}/api/v1/${kind}`, { method: 'POST', headers: h, body: JSON.stringify({ cursor }) })).json()) as { items: unknown[]; has_more: boolean };
      assert.equal(later.items.length, 3);
      assert.equal(later.has_more, false);
    }
    const def = (await (await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: '{}' })).json()) as { items: unknown[]; cursor: string };
    assert.ok(def.cursor, 'a cursor comes back even when items is empty');
    const seedShape = await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: JSON.stringify({ reset_cursor: { limit: 10 } }) });
    assert.equal(seedShape.status, 400);
    assert.ok(((await seedShape.json()) as { Error: { Message: string } }).Error.Message);
    // A follow-up body is a Cursor ({cursor} only): reset fields next to a cursor are rejected.
    const first = (await (await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: JSON.stringify({ limit: 2 }) })).json()) as { cursor: string };
    const mixed = await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: JSON.stringify({ limit: 2, start_time: '2025-01-01T00:00:00Z', cursor: first.cursor }) });
    assert.equal(mixed.status, 400);
    assert.match(((await mixed.json()) as { Error: { Message: string } }).Error.Message, /only "cursor"/);
    const clean = await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: JSON.stringify({ cursor: first.cursor }) });
    assert.equal(clean.status, 200);
    const unauth = await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: { Authorization: `Bearer ${sim.credentials.access_token}` }, body: '{}' });
    assert.equal(unauth.status, 401);
    assert.deepEqual(await unauth.json(), { Error: { Message: 'Unauthorized' } });
  } finally {
    await sim.close();
  }
});

test('1password events: feature scoping and 600/minute limit → 429', async () => {
  let t = FIXED;
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, now: () => t, eventsFeatures: ['auditevents'], eventsRateLimits: { perMinute: 5, perHour: 100 } });
  const base = sim.credentials.events_base_url!;
  const h = { Authorization: `Bearer ${sim.credentials.events_access_token}`, 'content-type': 'application/json' };
  try {
    assert.equal((await fetch(`${base}/api/v2/itemusages`, { method: 'POST', headers: h, body: '{}' })).status, 401);
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: '{}' })).status, 200);
    const r = await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: '{}' });
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), null);
    assert.deepEqual(await r.json(), { Error: { Message: 'Too Many Requests' } });
    t += 60_000;
    assert.equal((await fetch(`${base}/api/v2/auditevents`, { method: 'POST', headers: h, body: '{}' })).status, 200);
  } finally {
    await sim.close();
  }
});

test('1password: writes are action endpoints; determinism; item update visible', async () => {
  const a = await startOnePasswordSimulator({ baseTime: FIXED, seed: 11 });
  const b = await startOnePasswordSimulator({ baseTime: FIXED, seed: 11 });
  const h = { Authorization: `Bearer ${a.credentials.access_token}`, 'content-type': 'application/json' };
  try {
    assert.deepEqual(a.data.world.items, b.data.world.items);
    assert.deepEqual(a.data.world.events, b.data.world.events);
    assert.equal(a.credentials.access_token, b.credentials.access_token);
    const v = a.data.world.vaults[0]!.id;
    const item = a.data.world.items.find((i) => i.vault.id === v)!;
    a.data.updateItem(item.id, { title: 'Renamed' });
    const list = (await (await fetch(`${a.url}/v1/vaults/${v}/items`, { headers: h })).json()) as { id: string; title: string; version: number }[];
    assert.equal(list.find((i) => i.id === item.id)!.title, 'Renamed');
    assert.equal(a.actionRequests().length, 0);
    const created = await fetch(`${a.url}/v1/vaults/${v}/items`, { method: 'POST', headers: h, body: JSON.stringify({ title: 'New', category: 'LOGIN', vault: { id: v } }) });
    assert.equal(created.status, 200);
    assert.equal(a.actionRequests().length, 1);
    assert.ok(a.actionEndpoints.some((e) => e.method === 'DELETE'));
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
