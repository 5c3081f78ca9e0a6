import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startDescopeSimulator } from '../../../src/sources/verified/descope/simulator.js';
import { auditFrom, descopeBaseUrl, descopeConfig, descopeSourceWith } from '../../../src/sources/verified/descope/source.js';
import { findVerifiedSource } from '../../../src/sources/verified/index.js';
import { configToml } from '../../../src/cli/init/project-files.js';

// The simulator's clock is real time (no fixed baseTime): the audit `from` is clamped to the real 30-day window.
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };
const TABLES = ['users', 'test_users', 'tenants', 'roles', 'permissions', 'access_keys', 'audits', 'login_history'];

async function counts(p: ReturnType<typeof tempPipeline>['p']): Promise<Record<string, number>> {
  const rc = await p.dataset().rowCounts();
  return Object.fromEntries(TABLES.map((t) => [t, rc[t] ?? 0]));
}

test('descope: loads every table with exact counts; incremental audits; merge update; no action endpoint called', async () => {
  const sim = await startDescopeSimulator({ rateLimits: false });
  try {
    const { p } = tempPipeline('descope_management_users_pipeline');
    const src = () =>
      descopeSourceWith({ project_id: sim.credentials.project_id!, management_key: sim.credentials.management_key!, base_url: sim.url }, FAST);
    await p.run(src());
    assert.deepEqual(await counts(p), sim.data.counts());
    assert.deepEqual(sim.actionRequests(), []);
    // a short page is the last one: one search request per page of 100 users, none for an empty page
    const userSearches = sim.requests.filter((r) => r.path === '/v2/mgmt/user/search').length;
    const realUsers = sim.data.world.users.filter((u) => !u.test).length;
    assert.equal(userSearches, Math.floor(realUsers / 100) + 1, `${userSearches} user searches for ${realUsers} users`);

    // incremental: only the new audits are appended (no duplicates of the first run)
    const newest = Math.max(...sim.data.world.audits.map((a) => Number(a.occurred)));
    sim.data.addAudits(9);
    // merge: a changed user updates in place
    const user = sim.data.world.users.find((u) => !u.test)!;
    sim.data.updateUser(user.userId, { name: 'Renamed Person' });
    const before = sim.requests.length;
    await p.run(src());
    assert.deepEqual(await counts(p), sim.data.counts());
    const auditBodies = sim.requests.slice(before).filter((r) => r.path === '/v1/mgmt/audit/search');
    assert.equal(auditBodies.length, 1, 'second run reads only the new audits: one short page');
    // The first run's data ends before today's midnight (UTC), so compare with it, not with the clock.
    assert.equal(Number((auditBodies[0]!.body as { from: number }).from), newest, 'from is the incremental cursor: the newest audit of the first run');
    const [row] = await p.dataset().query(`SELECT name FROM users WHERE user_id = '${user.userId}'`);
    assert.equal((row as { name: string }).name, 'Renamed Person');
    assert.deepEqual(sim.actionRequests(), []);
  } finally {
    await sim.close();
  }
});

test('descope: login_history shares the source\'s HTTP client: its calls reuse the pool\'s connections, not a new client per users page', async () => {
  const sim = await startDescopeSimulator({ rateLimits: false });
  try {
    const { p } = tempPipeline('descope_management_users_pipeline');
    await p.run(descopeSourceWith({ project_id: sim.credentials.project_id!, management_key: sim.credentials.management_key!, base_url: sim.url }, FAST));
    const history = sim.requests.filter((r) => r.path === '/v1/mgmt/user/history');
    assert.ok(history.length >= 3, `${history.length} history calls: the test needs several users pages`);
    // every history call rides a connection of the shared pool; a client of its own would open one just for it
    const shared = new Set(sim.requests.filter((r) => r.path !== '/v1/mgmt/user/history').map((r) => r.connection));
    const own = history.filter((r) => !shared.has(r.connection)).length;
    assert.equal(own, 0, `${own} of ${history.length} history calls opened a connection of their own (a new client per users page)`);
  } finally {
    await sim.close();
  }
});

test('descope: audit from is clamped to the 30-day window', () => {
  const now = Date.UTC(2025, 2, 1);
  assert.equal(auditFrom('0', now), now - 30 * 86_400_000 + 5 * 60_000);
  assert.equal(auditFrom(String(now - 1000), now), now - 1000);
});

test('descope: wrong management_key fails fast naming the key', async () => {
  const sim = await startDescopeSimulator({ rateLimits: false });
  try {
    const { p } = tempPipeline('descope_management_users_pipeline');
    await assert.rejects(
      p.run(descopeSourceWith({ project_id: sim.credentials.project_id!, management_key: 'K2wrong:wrong', base_url: sim.url }, FAST)),
      (e: Error) => {
        const all = `${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`;
        assert.match(all, /Descope rejected the management_key \(sources\.descope_management_users_source\.management_key/);
        assert.match(all, /401/);
        return true;
      },
    );
    assert.ok(sim.requests.length <= 8, `no retries on 401 (got ${sim.requests.length} requests)`);
  } finally {
    await sim.close();
  }
});

test('descope: transient 429/5xx faults still yield complete data', async () => {
  const sim = await startDescopeSimulator({ rateLimits: false, faults: { rate: 0.3, kinds: ['429', '500', '502', '503'] } });
  try {
    const { p } = tempPipeline('descope_management_users_pipeline');
    await p.run(descopeSourceWith({ project_id: sim.credentials.project_id!, management_key: sim.credentials.management_key!, base_url: sim.url }, FAST));
    assert.deepEqual(await counts(p), sim.data.counts());
  } finally {
    await sim.close();
  }
});

test('descope: registry spec (and alias) starts the simulator and builds the source', async () => {
  const spec = findVerifiedSource('descope')!;
  assert.equal(spec.name, 'descope_management_users');
  assert.equal(spec.section, 'descope_management_users_source');
  assert.equal(spec.pipelineName, 'descope_management_users_pipeline');
  assert.equal(spec.datasetName, 'descope_management_users_data');
  assert.equal(spec.duckdbFile, 'descope_management_users.duckdb');
  const sim = await spec.startSimulator();
  try {
    const { p } = tempPipeline(spec.pipelineName);
    await p.run(spec.create(sim.values));
    const c = await counts(p);
    for (const t of TABLES) assert.ok(c[t]! > 0, `${t} loaded`);
  } finally {
    await sim.close();
  }
});

test('descope: without base_url a regional project ID (32+ characters) is sent to its regional host, as the SDKs do', async () => {
  const regional = `P${'use1'}${'x'.repeat(27)}`;
  assert.equal(descopeBaseUrl(regional), 'https://api.use1.descope.com');
  assert.equal(descopeBaseUrl('P2abc'), 'https://api.descope.com');
  assert.equal(descopeConfig(regional, 'k').client.base_url, 'https://api.use1.descope.com');
  assert.equal(descopeConfig(regional, 'k', 'http://127.0.0.1:9/').client.base_url, 'http://127.0.0.1:9');
  // end to end: the request goes to the regional host (unresolvable here, so the run fails naming it)
  const { p } = tempPipeline('descope_management_users_pipeline');
  await assert.rejects(p.run(descopeSourceWith({ project_id: regional, management_key: 'k' }, { ...FAST, requestMaxAttempts: 1 })), (e: Error) => {
    assert.match(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`, /api\.use1\.descope\.com/);
    return true;
  });
});

test('descope: sluice init leaves base_url unset (commented out) so the regional host is derived', () => {
  const toml = configToml(findVerifiedSource('descope')!);
  assert.match(toml, /^# base_url = /m);
  assert.doesNotMatch(toml, /^base_url\s*=/m);
});
