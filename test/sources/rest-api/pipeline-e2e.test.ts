/** REST source through the real pipeline into a temp DuckDB. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MockApi, makeRecords } from '../../../src/testing/mock-api.js';
import { restApiSource, type RESTAPIConfig } from '../../../src/sources/rest-api/index.js';
import { tempPipeline } from '../../helpers.js';
import { FAST } from './helpers.js';

const ts = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();

function config(base: string): RESTAPIConfig {
  return {
    client: { base_url: base, auth: { type: 'bearer', token: 'tok-1234567890' } },
    resource_defaults: { primary_key: 'id', write_disposition: 'merge' },
    resources: [
      {
        name: 'users',
        endpoint: { path: 'users', paginator: { type: 'offset', limit: 10 }, incremental: { cursor_path: 'updated_at', initial_value: ts(0) } },
      },
      { name: 'user_roles', write_disposition: 'append', primary_key: [], endpoint: { path: 'users/{resources.users.id}/roles', data_selector: 'data', paginator: 'single_page' }, include_from_parent: ['id'] },
    ],
  };
}

test('REST source → DuckDB: tables, child rows, incremental second run loads only new rows', async () => {
  const api = new MockApi({
    routes: [
      { path: '/users', collection: 'users', paginate: { type: 'offset' }, pageSize: 10 },
      { path: '/users/:id/roles', handler: (req) => ({ json: { data: [{ role: `r${req.params.id}` }] } }) },
    ],
    collections: { users: makeRecords(25, (i) => ({ id: i, name: `u${i}`, updated_at: ts(i), tags: ['a', 'b'] })) },
    auth: { type: 'bearer', token: 'tok-1234567890' },
  });
  const base = await api.start();
  try {
    const { p } = tempPipeline('rest_e2e');
    await p.run(restApiSource(config(base), { name: 'demo', runtime: FAST }));
    const ds = p.dataset();
    assert.equal(await ds.table('users').count(), 25);
    assert.equal(await ds.table('users__tags').count(), 50);
    assert.equal(await ds.table('user_roles').count(), 25);
    const r = await ds.query('SELECT _users_id, role FROM user_roles ORDER BY _users_id LIMIT 1');
    assert.deepEqual(r, [{ _users_id: 1, role: 'r1' }]);

    api.collection('users').push({ id: 26, name: 'u26', updated_at: ts(26), tags: [] });
    api.collection('users')[0]!.updated_at = ts(30); // an update to an old row
    await p.run(restApiSource(config(base), { name: 'demo', runtime: FAST }));
    assert.equal(await ds.table('users').count(), 26);
    assert.equal(await ds.table('user_roles').count(), 27, 'children of the two new/updated users only');
    const state = p.state as unknown as { sources: Record<string, { resources: Record<string, { incremental: Record<string, { last_value: string }> }> }> };
    assert.equal(state.sources.demo!.resources.users!.incremental.updated_at!.last_value, ts(30));
  } finally {
    await api.close();
  }
});

test('a failing run (5xx storm) commits no package and does not advance state', async () => {
  const api = new MockApi({
    routes: [{ path: '/users', collection: 'users', paginate: { type: 'offset' }, pageSize: 10 }, { path: '/users/:id/roles', handler: () => ({ json: { data: [] } }) }],
    collections: { users: makeRecords(25, (i) => ({ id: i, updated_at: ts(i) })) },
    auth: { type: 'bearer', token: 'tok-1234567890' },
  });
  const base = await api.start();
  try {
    const { p } = tempPipeline('rest_fail');
    await p.run(restApiSource(config(base), { name: 'demo', runtime: FAST }));
    const before = JSON.stringify((p.state as unknown as { sources: unknown }).sources);
    api.collection('users').push({ id: 26, updated_at: ts(26) });
    api.setFaults({ rate: 1, kinds: ['503'] });
    await assert.rejects(p.run(restApiSource(config(base), { name: 'demo', runtime: { ...FAST, requestMaxAttempts: 2 } })), /503/);
    api.setFaults({});
    assert.equal(JSON.stringify((p.state as unknown as { sources: unknown }).sources), before, 'state did not advance');
    assert.equal(await p.dataset().table('users').count(), 25);
    const loads = await p.dataset().loads();
    assert.equal(loads.length, 1);
    // the next healthy run picks up the new row
    await p.run(restApiSource(config(base), { name: 'demo', runtime: FAST }));
    assert.equal(await p.dataset().table('users').count(), 26);
  } finally {
    await api.close();
  }
});
