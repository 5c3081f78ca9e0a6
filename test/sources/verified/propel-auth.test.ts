import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startPropelAuthSimulator } from '../../../src/sources/verified/propel-auth/simulator.js';
import { propelAuthSourceWith } from '../../../src/sources/verified/propel-auth/source.js';
import { findVerifiedSource } from '../../../src/sources/verified/index.js';

const FIXED = Date.UTC(2025, 2, 1);
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };

test('propel_auth: exact counts, merge update, no action endpoint called', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('propel_auth_pipeline');
    const run = () => p.run(propelAuthSourceWith({ api_key: sim.credentials.api_key!, auth_url: sim.url }, FAST));
    await run();
    const c = sim.data.counts();
    let rc = await p.dataset().rowCounts();
    assert.deepEqual([rc.users, rc.orgs, rc.org_users], [c.users, c.orgs, c.memberships]);
    assert.deepEqual(sim.actionRequests(), []);
    const u = sim.data.world.users[0]!;
    sim.data.updateUser(u.user_id, { first_name: 'Changed' });
    await run();
    rc = await p.dataset().rowCounts();
    assert.deepEqual([rc.users, rc.orgs, rc.org_users], [c.users, c.orgs, c.memberships]);
    const rows = await p.dataset().query(`SELECT first_name FROM users WHERE user_id = '${u.user_id}'`);
    assert.deepEqual(rows.map((r) => (r as { first_name: string }).first_name), ['Changed']);
  } finally {
    await sim.close();
  }
});

test('propel_auth: wrong api_key names the key; faults still give complete data; spec works', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED, faults: { rate: 0.3, kinds: ['429', '500', '503'] } });
  try {
    const { p } = tempPipeline('propel_auth_pipeline');
    await p.run(propelAuthSourceWith({ api_key: sim.credentials.api_key!, auth_url: sim.url }, FAST));
    const c = sim.data.counts();
    const rc = await p.dataset().rowCounts();
    assert.deepEqual([rc.users, rc.orgs, rc.org_users], [c.users, c.orgs, c.memberships]);
    const bad = tempPipeline('propel_auth_pipeline').p;
    await assert.rejects(bad.run(propelAuthSourceWith({ api_key: 'nope', auth_url: sim.url }, FAST)), (e: Error) => {
      assert.match(`${e.message} ${(e.cause as Error | undefined)?.message ?? ''}`, /PropelAuth rejected the api_key \(sources\.propel_auth_source\.api_key.*401/);
      return true;
    });
  } finally {
    await sim.close();
  }
  const spec = findVerifiedSource('propel_auth')!;
  const demo = await spec.startSimulator();
  try {
    const { p } = tempPipeline(spec.pipelineName);
    await p.run(spec.create(demo.values));
    assert.ok(((await p.dataset().rowCounts()).org_users ?? 0) > 0);
  } finally {
    await demo.close();
  }
});

test('propel_auth: org memberships land as one child table users__orgs, not as columns and tables per org id', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED });
  try {
    const { p } = tempPipeline('propel_auth_pipeline');
    await p.run(propelAuthSourceWith({ api_key: sim.credentials.api_key!, auth_url: sim.url }, FAST));
    const rc = await p.dataset().rowCounts();
    const orgIds = sim.data.world.orgs.map((o) => o.org_id.replace(/-/g, '_'));
    assert.deepEqual(Object.keys(rc).filter((t) => orgIds.some((id) => t.includes(id))), []);
    assert.equal(rc.users__orgs, sim.data.counts().memberships);
    const m = sim.data.world.memberships[0]!;
    const rows = await p.dataset().query(
      `SELECT o.user_role FROM users__orgs o JOIN users u ON o._dlt_parent_id = u._dlt_id WHERE u.user_id = '${m.user_id}' AND o.org_id = '${m.org_id}'`,
    );
    assert.deepEqual(rows.map((r) => (r as { user_role: string }).user_role), [m.role]);
    const cols = await p.dataset().query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'users'`);
    assert.deepEqual(cols.map((c) => (c as { column_name: string }).column_name).filter((c) => orgIds.some((id) => c.includes(id))), []);
  } finally {
    await sim.close();
  }
});
