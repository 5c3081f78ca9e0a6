/** Each simulator's 429 looks like its API's (apis.md §1.3, §2.2, §3.2, §4.2, §6.2): headers and body. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulators, type SimulatorName } from '../../../src/sources/verified/simulators.js';
import { startOnePasswordSimulator } from '../../../src/sources/verified/onepassword/simulator.js';
import { onePasswordSourceWith } from '../../../src/sources/verified/onepassword/source.js';
import { tempPipeline } from '../../helpers.js';

const WAIT_HEADERS = ['retry-after', 'ratelimit-reset', 'x-ratelimit-reset', 'x-ratelimit-remaining', 'x-ratelimit-limit'];

/** What each API's 429 carries: the wait headers it sends, and a check of the body. */
const EXPECTED: Record<SimulatorName, { waitHeaders: string[]; body: (text: string) => void }> = {
  passwordless: { waitHeaders: [], body: (t) => assert.equal(t, '') },
  authsignal: { waitHeaders: [], body: (t) => assert.equal((JSON.parse(t) as { errorCode: string }).errorCode, 'too_many_requests') },
  propel_auth: { waitHeaders: [], body: (t) => assert.ok(t.length > 0 && !t.startsWith('{'), t) },
  descope_management_users: { waitHeaders: ['retry-after'], body: (t) => assert.equal((JSON.parse(t) as { errorCode: string }).errorCode, 'E130429') },
  _1password: { waitHeaders: [], body: (t) => assert.equal((JSON.parse(t) as { status: number }).status, 429) },
};

test('every simulator answers 429 with its API headers and body', async () => {
  for (const [name, want] of Object.entries(EXPECTED) as [SimulatorName, (typeof EXPECTED)[SimulatorName]][]) {
    const sim = await simulators[name]({ faults: { rate: 1, kinds: ['429'], maxConsecutive: Infinity } });
    try {
      const r = await fetch(`${sim.url}/anything`);
      assert.equal(r.status, 429, name);
      const sent = WAIT_HEADERS.filter((h) => r.headers.has(h));
      assert.deepEqual(sent, want.waitHeaders, name);
      if (sent.includes('retry-after')) assert.match(r.headers.get('retry-after')!, /^\d+$/, `${name}: Retry-After in seconds`);
      want.body(await r.text());
    } finally {
      await sim.close();
    }
  }
});

test('1Password Events: past 600/minute the limiter answers 429 {"Error":{"Message"}} with no wait header', async () => {
  let now = Date.UTC(2025, 2, 1, 12);
  const sim = await startOnePasswordSimulator({ now: () => now, eventsRateLimits: { perMinute: 1, perHour: 100 } });
  try {
    const post = () =>
      fetch(`${sim.credentials.events_base_url}/api/v2/auditevents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${sim.credentials.events_access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ limit: 1 }),
      });
    assert.equal((await post()).status, 200);
    const r = await post();
    assert.equal(r.status, 429);
    assert.deepEqual(WAIT_HEADERS.filter((h) => r.headers.has(h)), []);
    assert.deepEqual(await r.json(), { Error: { Message: 'Too Many Requests' } });
    now += 60_000;
    assert.equal((await post()).status, 200, 'the next minute window accepts again');
  } finally {
    await sim.close();
  }
});

test('1Password Events: a load held up by the per-minute limit waits it out (no wait header) and completes', async () => {
  const FIXED = Date.UTC(2025, 2, 1);
  let now = FIXED + 12 * 3_600_000;
  const waits: number[] = [];
  // The simulated clock moves only when the client sleeps, so the run takes no real time.
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
    now += ms;
  };
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, now: () => now, eventsRateLimits: { perMinute: 2, perHour: 1000 } });
  try {
    const { p } = tempPipeline('_1password_pipeline');
    const { events_access_token, events_base_url } = sim.credentials;
    await p.run(onePasswordSourceWith({ events_access_token, events_base_url }, { sleep }, now));
    const c = sim.data.counts();
    const rc = await p.dataset().rowCounts();
    assert.deepEqual([rc['audit_events'], rc['item_usages'], rc['sign_in_attempts']], [c.audit_events, c.item_usages, c.signin_attempts]);
    assert.ok(sim.requests.some((r) => r.status === 429), 'the limit was hit');
    assert.ok(waits.length > 0 && waits.every((w) => w >= 5000), `rate-limit waits start at 5 s: ${waits.join(', ')}`);
  } finally {
    await sim.close();
  }
});
