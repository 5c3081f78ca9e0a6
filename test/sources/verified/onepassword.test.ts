import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startOnePasswordSimulator } from '../../../src/sources/verified/onepassword/simulator.js';
import { onePasswordSourceWith } from '../../../src/sources/verified/onepassword/source.js';
import { findVerifiedSource } from '../../../src/sources/verified/index.js';
import { setLogSink, type LogLevel } from '../../../src/common/log.js';

const FIXED = Date.UTC(2025, 2, 1);
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };
const NOW = FIXED + (Date.now() % 86_400_000);

function expected(c: Record<string, number>): Record<string, number> {
  return { vaults: c.vaults!, vault_items: c.items!, activity: c.activity!, audit_events: c.audit_events!, item_usages: c.item_usages!, sign_in_attempts: c.signin_attempts! };
}
async function loaded(p: ReturnType<typeof tempPipeline>['p']): Promise<Record<string, number>> {
  const rc = await p.dataset().rowCounts();
  return Object.fromEntries(['vaults', 'vault_items', 'activity', 'audit_events', 'item_usages', 'sign_in_attempts'].map((t) => [t, rc[t] ?? 0]));
}

test('1password: exact counts, no secret values in the DB, incremental events via cursor, merge update', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('_1password_pipeline');
    const run = () => p.run(onePasswordSourceWith({ ...sim.credentials, base_url: sim.url }, FAST, NOW));
    await run();
    assert.deepEqual(await loaded(p), expected(sim.data.counts()));
    assert.deepEqual(sim.actionRequests(), []);

    // No field value, OTP or file reference lands anywhere in the dataset.
    const secrets = new Set<string>();
    for (const item of sim.data.world.items) {
      for (const f of (item['fields'] as { value?: unknown; type?: string; purpose?: string }[] | undefined) ?? []) {
        const secretish = ['CONCEALED', 'TOTP', 'OTP'].includes(String(f.type)) || f.purpose === 'PASSWORD' || f.purpose === 'NOTES';
        if (secretish && typeof f.value === 'string' && f.value.length > 3) secrets.add(f.value);
      }
    }
    assert.ok(secrets.size > 0);
    const rc = await p.dataset().rowCounts();
    for (const t of Object.keys(rc)) {
      const rows = await p.dataset().query(`SELECT * FROM "${t}"`);
      const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      for (const s of secrets) assert.ok(!text.includes(s), `secret value leaked into ${t}`);
    }

    sim.data.addEvents('auditevents', 5);
    const item = sim.data.world.items[0]!;
    sim.data.updateItem(String(item['id']), { title: 'Renamed item' });
    const before = sim.requests.length;
    await run();
    assert.deepEqual(await loaded(p), expected(sim.data.counts()));
    const auditBodies = sim.requests.slice(before).filter((r) => r.path.endsWith('/auditevents')).map((r) => r.body as Record<string, unknown>);
    assert.ok(auditBodies.length >= 1 && typeof auditBodies[0]!['cursor'] === 'string', 'second run resumes from the saved cursor');
    const rows = await p.dataset().query(`SELECT title FROM vault_items WHERE id = '${String(item['id'])}'`);
    assert.deepEqual(rows.map((r) => (r as { title: string }).title), ['Renamed item']);
  } finally {
    await sim.close();
  }
});

test('1password: no events token → Connect only with warning; wrong token names the key; faults', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, faults: { rate: 0.3, kinds: ['429', '500', '503'] } });
  try {
    const { p } = tempPipeline('_1password_pipeline');
    await p.run(onePasswordSourceWith({ access_token: sim.credentials.access_token!, base_url: sim.url }, FAST, NOW));
    const c = sim.data.counts();
    assert.deepEqual(await loaded(p), { ...expected(c), audit_events: 0, item_usages: 0, sign_in_attempts: 0 });
    const bad = tempPipeline('_1password_pipeline').p;
    await assert.rejects(bad.run(onePasswordSourceWith({ events_access_token: 'nope', events_base_url: sim.credentials.events_base_url! }, FAST, NOW)), (e: Error) => {
      assert.match(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`, /rejected the events_access_token \(sources\._1password_source\.events_access_token/);
      return true;
    });
    assert.throws(() => onePasswordSourceWith({}, FAST), /no credentials configured/);
  } finally {
    await sim.close();
  }
  const spec = findVerifiedSource('1password')!;
  assert.equal(spec.name, '_1password');
  const demo = await spec.startSimulator();
  try {
    const { p } = tempPipeline(spec.pipelineName);
    await p.run(spec.create(demo.values));
    assert.ok(((await p.dataset().rowCounts()).vault_items ?? 0) > 0);
  } finally {
    await demo.close();
  }
});

test('1password events: a token scoped to some features loads those feeds and skips the others with a warning (the out-of-scope 401 failed the run)', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, eventsFeatures: ['auditevents', 'signinattempts'] });
  const lines: string[] = [];
  const prev = setLogSink((_l: LogLevel, line) => lines.push(line));
  try {
    const { p } = tempPipeline('_1password_pipeline');
    const { events_access_token, events_base_url } = sim.credentials;
    await p.run(onePasswordSourceWith({ events_access_token: events_access_token!, events_base_url: events_base_url! }, FAST, NOW));
    const c = sim.data.counts();
    const got = await loaded(p);
    assert.equal(got.audit_events, c.audit_events);
    assert.equal(got.sign_in_attempts, c.signin_attempts);
    assert.equal(got.item_usages, 0);
    assert.ok(!sim.requests.some((r) => r.path.includes('itemusages')), 'no request to a feed outside the token scope');
    assert.ok(lines.some((l) => /item_usages skipped: the events_access_token is not scoped to 'itemusages'/.test(l)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes(events_access_token!), 'the token is never logged');
  } finally {
    setLogSink(prev);
    await sim.close();
  }
});

test('1password events: a multi-page load posts ResetCursor first, then {cursor} only (a mixed body is a 400)', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, counts: { auditevents: 2300 } });
  try {
    const { p } = tempPipeline('_1password_pipeline');
    const run = () => p.run(onePasswordSourceWith({ events_access_token: sim.credentials.events_access_token!, events_base_url: sim.credentials.events_base_url! }, FAST, NOW));
    await run();
    assert.equal((await p.dataset().rowCounts()).audit_events, 2300);
    const bodies = () => sim.requests.filter((r) => r.path.endsWith('/auditevents')).map((r) => r.body as Record<string, unknown>);
    const first = bodies();
    assert.equal(first.length, 3, 'three pages of at most 1000');
    assert.deepEqual(Object.keys(first[0]!).sort(), ['limit', 'start_time']);
    for (const b of first.slice(1)) assert.deepEqual(Object.keys(b), ['cursor']);

    // The next run resumes from the saved cursor with a Cursor body too.
    sim.data.addEvents('auditevents', 4);
    const before = first.length;
    await run();
    assert.equal((await p.dataset().rowCounts()).audit_events, 2304);
    for (const b of bodies().slice(before)) assert.deepEqual(Object.keys(b), ['cursor']);
  } finally {
    await sim.close();
  }
});

test('1password connect: /v1/activity stops at the Content-Range total — no trailing empty page request', async () => {
  // 180 → 50, 50, 50, 30; 200 → exactly four full pages (only Content-Range tells the end).
  for (const [activity, pages] of [[180, 4], [200, 4], [0, 1]] as const) {
    const sim = await startOnePasswordSimulator({ baseTime: FIXED, counts: { vaults: 1, itemsPerVault: 1, activity } });
    try {
      const { p } = tempPipeline('_1password_pipeline');
      await p.run(onePasswordSourceWith({ access_token: sim.credentials.access_token!, base_url: sim.url }, FAST, NOW));
      assert.equal((await p.dataset().rowCounts()).activity ?? 0, activity);
      const asked = sim.requests.filter((r) => r.path === '/v1/activity').map((r) => Number(r.query['offset']));
      assert.deepEqual(asked, Array.from({ length: pages }, (_, i) => i * 50), `${activity} activity records`);
    } finally {
      await sim.close();
    }
  }
});
