import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startPasswordlessSimulator } from '../../../src/sources/verified/passwordless/simulator.js';
import { passwordlessSourceWith } from '../../../src/sources/verified/passwordless/source.js';
import { findVerifiedSource } from '../../../src/sources/verified/index.js';
import { setLogSink, type LogLevel } from '../../../src/common/log.js';

const FIXED = Date.UTC(2025, 2, 1);
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };
const TABLES = ['users', 'credentials', 'aliases', 'auth_configs', 'events'];

async function counts(p: ReturnType<typeof tempPipeline>['p']): Promise<Record<string, number>> {
  const rc = await p.dataset().rowCounts();
  return Object.fromEntries(TABLES.map((t) => [t, rc[t] ?? 0]));
}

test('passwordless: loads every table with exact counts; no action endpoint called', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise' });
  try {
    const { p } = tempPipeline('passwordless_pipeline');
    const src = () => passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST);
    await p.run(src());
    assert.deepEqual(await counts(p), sim.data.counts());
    assert.deepEqual(sim.actionRequests(), []);

    // incremental events: only new ones are added; paging stops at the first already-seen page
    sim.data.addEvents(7);
    const before = sim.requests.length;
    // merge: a changed credential updates in place
    const cred = sim.data.world.credentials[0]!;
    sim.data.useCredential(cred.descriptor.id);
    await p.run(src());
    assert.deepEqual(await counts(p), sim.data.counts());
    const eventPages = sim.requests.slice(before).filter((r) => r.path === '/events').length;
    assert.equal(eventPages, 1, 'second run reads only the newest events page');
    const [row] = await p.dataset().query(`SELECT signature_counter FROM credentials WHERE credential_id = '${cred.descriptor.id}'`);
    assert.equal(Number((row as { signature_counter: number }).signature_counter), cred.signatureCounter);
    assert.deepEqual(sim.actionRequests(), []);
  } finally {
    await sim.close();
  }
});

test('passwordless: /events 403 below Enterprise is skipped with a warning', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'free' });
  const lines: string[] = [];
  const prev = setLogSink((_l: LogLevel, line: string) => lines.push(line));
  try {
    const { p } = tempPipeline('passwordless_pipeline');
    await p.run(passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST));
    const c = await counts(p);
    assert.equal(c.events, 0);
    assert.equal(c.users, sim.data.counts().users);
    assert.ok(lines.some((l) => /events skipped: .*Enterprise/.test(l)), lines.join('\n'));
  } finally {
    setLogSink(prev);
    await sim.close();
  }
});

test('passwordless: a key the API does not recognize is echoed back by its first 10 characters; the error never shows them', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('passwordless_pipeline');
    const wrong = 'pasted-the-wrong-value-0123456789';
    await assert.rejects(
      p.run(passwordlessSourceWith({ api_secret: wrong, base_url: sim.url }, FAST)),
      (e: Error) => {
        const all = `${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`;
        assert.match(all, /401/);
        assert.ok(!all.includes(wrong.slice(0, 8)), all);
        return true;
      },
    );
    assert.ok(sim.requests.some((r) => r.status === 401));
  } finally {
    await sim.close();
  }
});

test('passwordless: wrong api_secret fails fast naming the key', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('passwordless_pipeline');
    await assert.rejects(
      p.run(passwordlessSourceWith({ api_secret: 'app:secret:00000000000000000000000000000000', base_url: sim.url }, FAST)),
      (e: Error) => {
        const all = `${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`;
        assert.match(all, /Passwordless rejected the api_secret \(sources\.passwordless_source\.api_secret/);
        assert.match(all, /401/);
        return true;
      },
    );
    assert.ok(sim.requests.length <= 3, 'no retries on 401 (one request per root resource at most)');
  } finally {
    await sim.close();
  }
});

test('passwordless: transient 429/5xx faults still yield complete data', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise', faults: { rate: 0.3, kinds: ['429', '500', '502', '503'] } });
  try {
    const { p } = tempPipeline('passwordless_pipeline');
    await p.run(passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST));
    assert.deepEqual(await counts(p), sim.data.counts());
  } finally {
    await sim.close();
  }
});

test('passwordless: registry spec starts the simulator and builds the source', async () => {
  const spec = findVerifiedSource('passwordless')!;
  assert.equal(spec.section, 'passwordless_source');
  assert.equal(spec.duckdbFile, 'passwordless.duckdb');
  const sim = await spec.startSimulator();
  try {
    const { p } = tempPipeline(spec.pipelineName);
    const info = await p.run(spec.create(sim.values));
    assert.ok(info);
    const c = await counts(p);
    for (const t of TABLES) assert.ok(c[t]! > 0, `${t} loaded`);
  } finally {
    await sim.close();
  }
});

test('passwordless: /events stops at totalEventCount — no trailing empty page request', async () => {
  // 250 → pages of 100, 100, 50; 300 → exactly three full pages (only totalEventCount tells the end).
  for (const [events, pages] of [[250, 3], [300, 3], [0, 1]] as const) {
    const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise', counts: { users: 2, events } });
    try {
      const { p } = tempPipeline('passwordless_pipeline');
      await p.run(passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST));
      assert.equal((await p.dataset().rowCounts()).events ?? 0, events);
      const asked = sim.requests.filter((r) => r.path === '/events').map((r) => Number(r.query['pageNumber']));
      assert.deepEqual(asked, Array.from({ length: pages }, (_, i) => i + 1), `${events} events`);
    } finally {
      await sim.close();
    }
  }
});

test('passwordless: users whose summary shows no credentials or no aliases get no per-user call for them', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise' });
  try {
    sim.data.addUser({ credentials: 0, aliases: ['alias-only@example.com'] });
    sim.data.addUser({ credentials: 1, aliases: [] });
    const summaries = sim.data.world.userSummaries();
    const withCreds = summaries.filter((u) => u.credentialsCount > 0).map((u) => u.userId).sort();
    const withAliases = summaries.filter((u) => u.aliasCount > 0).map((u) => u.userId).sort();
    const { p } = tempPipeline('passwordless_pipeline');
    await p.run(passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST));
    const asked = (path: string) => sim.requests.filter((r) => r.path === path).map((r) => r.query.userId!).sort();
    assert.deepEqual(asked('/credentials/list'), withCreds);
    assert.deepEqual(asked('/alias/list'), withAliases);
    assert.deepEqual(await counts(p), sim.data.counts());
  } finally {
    await sim.close();
  }
});

test('passwordless: at the users/list cap of 1000 credential owners every user is asked, so one past the cap loses no credential', async () => {
  const sim = await startPasswordlessSimulator({ baseTime: FIXED, counts: { users: 0, events: 0 } });
  try {
    for (let i = 0; i < 1000; i++) sim.data.addUser({ credentials: 1, aliases: [] });
    // The 1001st credential owner: past the cap on the credential side, listed through its alias with credentialsCount 0.
    const late = sim.data.addUser({ userId: 'u-late', credentials: 2, aliases: ['late@example.com'] });
    assert.equal(sim.data.world.userSummaries().find((u) => u.userId === late)?.credentialsCount, 0);
    const { p } = tempPipeline('passwordless_pipeline');
    await p.run(passwordlessSourceWith({ api_secret: sim.credentials.api_secret!, base_url: sim.url }, FAST));
    const [row] = await p.dataset().query(`SELECT COUNT(*) AS n FROM credentials WHERE user_id = 'u-late'`);
    assert.equal(Number(row!.n), 2);
    // The alias side is under its cap: only the one alias owner is asked.
    assert.deepEqual(sim.requests.filter((r) => r.path === '/alias/list').map((r) => r.query.userId), [late]);
  } finally {
    await sim.close();
  }
});
