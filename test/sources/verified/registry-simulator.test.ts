import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSimulatorName, simulatorNames, simulators } from '../../../src/sources/verified/simulators.js';

const SECRET_KEYS: Record<string, string[]> = {
  passwordless: ['api_secret'],
  authsignal: ['secret_key', 'tenant_id', 'token'],
  propel_auth: ['api_key', 'auth_url'],
  descope_management_users: ['project_id', 'management_key'],
  _1password: ['access_token', 'events_access_token', 'events_base_url'],
};

test('registry: every simulator starts, names its credentials by the source secret keys, counts, closes', async () => {
  assert.deepEqual(simulatorNames.sort(), Object.keys(SECRET_KEYS).sort());
  for (const name of simulatorNames) {
    const sim = await simulators[name]({ seed: 1 });
    try {
      assert.equal(sim.name, name);
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+/);
      assert.deepEqual(Object.keys(sim.credentials).sort(), SECRET_KEYS[name]!.sort());
      const counts = sim.data.counts();
      assert.ok(Object.values(counts).every((n) => Number.isInteger(n) && n >= 0));
      assert.ok(sim.actionEndpoints.length > 0, `${name} lists action endpoints`);
      assert.deepEqual(sim.actionRequests(), []);
    } finally {
      await sim.close();
    }
  }
  assert.ok(isSimulatorName('descope_management_users'));
  assert.ok(!isSimulatorName('toString'));
});

test('registry: plans are validated', async () => {
  await assert.rejects(() => simulators.passwordless({ plan: 'platinum' }), /not one of free, pro, enterprise/);
  await assert.rejects(() => simulators.descope_management_users({ plan: 'x' }), /has no plans/);
  const sim = await simulators.passwordless({ plan: 'enterprise' });
  try {
    const r = await fetch(`${sim.url}/events?pageNumber=1`, { headers: { ApiSecret: sim.credentials.api_secret! } });
    assert.equal(r.status, 200);
  } finally {
    await sim.close();
  }
});

test('registry: a fixed port is honoured', async () => {
  const probe = await simulators.authsignal();
  const port = Number(new URL(probe.url).port);
  await probe.close();
  const sim = await simulators.authsignal({ port });
  try {
    assert.equal(new URL(sim.url).port, String(port));
  } finally {
    await sim.close();
  }
});
