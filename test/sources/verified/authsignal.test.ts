import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startAuthsignalSimulator } from '../../../src/sources/verified/authsignal/simulator.js';
import { authsignalSourceWith } from '../../../src/sources/verified/authsignal/source.js';
import { findVerifiedSource } from '../../../src/sources/verified/index.js';
import { setLogSink, type LogLevel } from '../../../src/common/log.js';

const FIXED = Date.UTC(2025, 2, 1);
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };

/** Actions the API can serve: `GET /users/{id}/actions` reaches back 30 days at most (simulated clock). */
function servableActions(world: { actions: { createdAt: string }[] }): number {
  const floor = FIXED + (Date.now() % 86_400_000) - 30 * 86_400_000 + 60_000;
  return world.actions.filter((a) => Date.parse(a.createdAt) >= floor).length;
}

test('authsignal: exact counts per table, merge updates in place, no action endpoint called', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('authsignal_pipeline');
    const run = () => p.run(authsignalSourceWith({ ...sim.credentials, base_url: sim.url }, FAST));
    await run();
    const rc = await p.dataset().rowCounts();
    const c = sim.data.counts();
    assert.equal(rc.users, c.users);
    assert.equal(rc.authenticators, c.authenticators);
    assert.equal(rc.actions, servableActions(sim.data.world));
    const token = sim.credentials.token!;
    const tokenUser = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub as string;
    assert.equal(rc.user_authenticators, sim.data.world.authenticators.filter((a) => a.userId === tokenUser).length);
    assert.deepEqual(sim.actionRequests(), []);

    const u = sim.data.world.users[0]!;
    sim.data.updateUser(u.userId, { email: 'changed@example.com' });
    sim.data.addAction(u.userId);
    await run();
    const rc2 = await p.dataset().rowCounts();
    assert.equal(rc2.users, c.users);
    assert.equal(rc2.actions, servableActions(sim.data.world));
    const rows = await p.dataset().query(`SELECT email FROM users WHERE user_id = '${u.userId}'`);
    assert.deepEqual(rows.map((r) => (r as { email: string }).email), ['changed@example.com']);
    assert.deepEqual(sim.actionRequests(), []);
  } finally {
    await sim.close();
  }
});

test('authsignal: no token → user_authenticators skipped with a warning; no credentials → clear error', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  const lines: string[] = [];
  const prev = setLogSink((_l: LogLevel, line: string) => lines.push(line));
  try {
    const { p } = tempPipeline('authsignal_pipeline');
    await p.run(authsignalSourceWith({ secret_key: sim.credentials.secret_key!, base_url: sim.url }, FAST));
    const rc = await p.dataset().rowCounts();
    assert.equal(rc.users, sim.data.counts().users);
    assert.equal(rc.user_authenticators, undefined);
    assert.ok(lines.some((l) => /user_authenticators .*skipped: sources\.authsignal_source\.token is not set/.test(l)), lines.join('\n'));
    assert.throws(() => authsignalSourceWith({ base_url: sim.url }, FAST), /no credentials configured.*sources\.authsignal_source\.secret_key/);
  } finally {
    setLogSink(prev);
    await sim.close();
  }
});

test('authsignal: wrong secret_key fails naming the key', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('authsignal_pipeline');
    await assert.rejects(p.run(authsignalSourceWith({ secret_key: 'wrong', base_url: sim.url }, FAST)), (e: Error) => {
      assert.match(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`, /Authsignal rejected the secret_key \(sources\.authsignal_source\.secret_key.*401/);
      return true;
    });
  } finally {
    await sim.close();
  }
});

test('authsignal: transient faults still yield complete data; registry spec works', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED, faults: { rate: 0.3, kinds: ['429', '500', '503'] } });
  try {
    const { p } = tempPipeline('authsignal_pipeline');
    await p.run(authsignalSourceWith({ ...sim.credentials, base_url: sim.url }, FAST));
    const rc = await p.dataset().rowCounts();
    const c = sim.data.counts();
    assert.deepEqual([rc.users, rc.authenticators, rc.actions], [c.users, c.authenticators, servableActions(sim.data.world)]);
  } finally {
    await sim.close();
  }
  const spec = findVerifiedSource('authsignal')!;
  const demo = await spec.startSimulator();
  try {
    const { p } = tempPipeline(spec.pipelineName);
    await p.run(spec.create(demo.values));
    assert.ok(((await p.dataset().rowCounts()).users ?? 0) > 0);
  } finally {
    await demo.close();
  }
});

test('authsignal: tenant_id is not a setting — a supplied one is reported as ignored, init does not scaffold it', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED });
  const lines: string[] = [];
  const prev = setLogSink((_l: LogLevel, line: string) => lines.push(line));
  try {
    const tenant = sim.credentials.tenant_id!;
    const { p } = tempPipeline('authsignal_pipeline');
    await p.run(authsignalSourceWith({ secret_key: sim.credentials.secret_key!, tenant_id: tenant, base_url: sim.url }, FAST));
    assert.equal((await p.dataset().rowCounts()).users, sim.data.counts().users);
    const warning = lines.find((l) => /tenant_id/.test(l));
    assert.ok(warning, lines.join('\n'));
    assert.match(warning, /sources\.authsignal_source\.tenant_id \(env SOURCES__AUTHSIGNAL_SOURCE__TENANT_ID\) is set but ignored/);
    assert.ok(!warning.includes(tenant), 'the tenant id value is not printed');
    lines.length = 0;
    authsignalSourceWith({ secret_key: 'k', base_url: sim.url }, FAST);
    assert.deepEqual(lines.filter((l) => /tenant_id/.test(l)), []);
    const spec = findVerifiedSource('authsignal')!;
    assert.deepEqual(spec.keys.map((k) => k.key).sort(), ['base_url', 'secret_key', 'token']);
  } finally {
    setLogSink(prev);
    await sim.close();
  }
});
