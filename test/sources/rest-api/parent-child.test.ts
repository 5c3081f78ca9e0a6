/** Parent/child resources: placeholders in path, params, json and headers; resolve params; include_from_parent; unselected parents; parallel children. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { resource } from '../../../src/extract/resource.js';
import { MockApi, makeRecords, type MockRequest } from '../../../src/testing/mock-api.js';
import { restApiSource, ParentFieldMissingError } from '../../../src/sources/rest-api/index.js';
import { drain, FAST } from './helpers.js';

let api: MockApi;
const slow = { inflight: 0, peak: 0 };
let base: string;
const users = makeRecords(6, (i) => ({ id: i, login: `user${i}`, profile: { org_id: 100 + i } }));

before(async () => {
  api = new MockApi({
    routes: [
      { path: '/users', collection: 'users', paginate: { type: 'offset' }, pageSize: 4 },
      { path: '/users/:id', handler: (req, a) => ({ json: a.collection('users').find((u) => String(u.id) === req.params.id) }) },
      {
        path: '/users/:id/posts',
        handler: (req) => ({ json: { data: [1, 2].map((k) => ({ post_id: Number(req.params.id) * 10 + k, page: req.query.page ?? null })) } }),
      },
      { path: '/search', handler: (req) => ({ json: { items: [{ uid: Number(req.query.user), org: Number(req.query.org) }] } }) },
      { path: '/query', method: 'POST', handler: (req) => ({ json: { results: [{ echo: req.body }] } }) },
      { path: '/whoami', handler: (req) => ({ json: [{ seen_header: req.headers['x-user'] }] }) },
      {
        path: '/slow/:id',
        handler: async (req) => {
          slow.inflight++;
          slow.peak = Math.max(slow.peak, slow.inflight);
          await new Promise((r) => setTimeout(r, 40 - Number(req.params.id) * 5));
          slow.inflight--;
          return { json: { data: [{ n: Number(req.params.id) }] } };
        },
      },
    ],
    collections: { users },
  });
  base = await api.start();
});
after(() => api.close());

const usersRes = { name: 'users', endpoint: { path: 'users', paginator: { type: 'offset' as const, limit: 4 } } };

test('placeholders in path (single entity), params, json and headers', async () => {
  const src = restApiSource(
    {
      client: { base_url: base, paginator: { type: 'offset', limit: 4 } },
      resources: [
        usersRes,
        { name: 'user_detail', endpoint: 'users/{resources.users.id}' },
        { name: 'search', endpoint: { path: 'search', paginator: 'single_page', params: { user: '{resources.users.id}', org: '{resources.users.profile.org_id}' } } },
        { name: 'query', endpoint: { path: 'query', method: 'POST', paginator: 'single_page', json: { id: '{resources.users.id}', label: 'user-{resources.users.login}', lit: '{{literal}}' } } },
        { name: 'whoami', endpoint: { path: 'whoami', paginator: 'single_page', headers: { 'X-User': '{resources.users.login}' } } },
      ],
    },
    { runtime: FAST },
  );
  const { rows } = await drain(src);
  assert.equal(rows.users!.length, 6);
  // single-entity path: data_selector '$' and single_page override the client paginator
  assert.deepEqual(rows.user_detail!.map((r) => r.login), users.map((u) => u.login));
  assert.deepEqual(rows.search![0], { uid: 1, org: 101 });
  assert.deepEqual(rows.query![0], { echo: { id: 1, label: 'user-user1', lit: '{literal}' } });
  assert.equal(typeof (rows.query![0]!.echo as { id: unknown }).id, 'number', 'a lone placeholder in json keeps its type');
  assert.deepEqual(rows.whoami!.map((r) => r.seen_header), users.map((u) => u.login));
});

test('legacy resolve param and include_from_parent', async () => {
  const src = restApiSource(
    {
      client: { base_url: base },
      resources: [
        usersRes,
        {
          name: 'posts',
          endpoint: { path: 'users/{uid}/posts', paginator: 'single_page', params: { uid: { type: 'resolve', resource: 'users', field: 'id' } } },
          include_from_parent: ['id', 'login'],
        },
      ],
    },
    { runtime: FAST },
  );
  const { rows } = await drain(src);
  assert.equal(rows.posts!.length, 12);
  assert.deepEqual(rows.posts![0], { post_id: 11, page: null, _users_id: 1, _users_login: 'user1' });
  // the resolve param is bound in the path, not sent as a query param
  assert.ok(api.requests.filter((r) => r.path.startsWith('/users/1/posts')).every((r) => r.query.uid === undefined));
});

test('an unselected parent is not loaded but still feeds its children', async () => {
  const src = restApiSource(
    { client: { base_url: base }, resources: [{ ...usersRes, selected: false }, { name: 'posts', endpoint: { path: 'users/{resources.users.id}/posts', paginator: 'single_page', data_selector: 'data' } }] },
    { runtime: FAST },
  );
  const { rows } = await drain(src);
  assert.equal(rows.users, undefined);
  assert.equal(rows.posts!.length, 12);
});

test('a Resource built in code can be the parent of a declarative child', async () => {
  const ids = resource([{ id: 2 }, { id: 3 }], { name: 'ids' });
  const src = restApiSource({ client: { base_url: base }, resources: [ids, { name: 'detail', endpoint: 'users/{resources.ids.id}' }] }, { runtime: FAST });
  const { rows } = await drain(src);
  assert.deepEqual(rows.detail!.map((r) => r.id), [2, 3]);
  assert.deepEqual(rows.ids!.map((r) => r.id), [2, 3]);
});

test('a missing parent field is a clear error listing the available keys', async () => {
  const src = restApiSource({ client: { base_url: base }, resources: [usersRes, { name: 'detail', endpoint: 'users/{resources.users.uuid}' }] }, { runtime: FAST });
  await assert.rejects(drain(src), (e: Error) => {
    assert.match(e.message, /resource detail: field 'uuid' not found in an item of parent resource 'users'; available keys: id, login, profile/);
    assert.ok(e.cause instanceof ParentFieldMissingError || e instanceof ParentFieldMissingError || /uuid/.test(e.message));
    return true;
  });
});

test('children defined before their parent in the config still work (topological order)', async () => {
  const src = restApiSource({ client: { base_url: base }, resources: [{ name: 'detail', endpoint: 'users/{resources.users.id}' }, usersRes] }, { runtime: FAST });
  const { rows } = await drain(src);
  assert.equal(rows.detail!.length, 6);
});

test('parallelized children: bounded concurrency, pages in parent-item order', async () => {
  const parents = resource([1, 2, 3, 4, 5, 6, 7].map((id) => ({ id })), { name: 'p' });
  const before = api.requests.length;
  const src = restApiSource(
    {
      client: { base_url: base },
      resources: [parents, { name: 'slow', parallelized: 3, endpoint: { path: 'slow/{resources.p.id}', paginator: 'single_page', data_selector: 'data' } }],
    },
    { runtime: FAST },
  );
  const { rows } = await drain(src);
  assert.deepEqual(rows.slow!.map((r) => r.n), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(api.requests.length - before, 7);
  assert.equal(slow.peak, 3);
  slow.peak = 0;
  const seq = restApiSource({ client: { base_url: base }, resources: [parents, { name: 'slow', endpoint: { path: 'slow/{resources.p.id}', paginator: 'single_page', data_selector: 'data' } }] }, { runtime: FAST });
  await drain(seq);
  assert.equal(slow.peak, 1);
  slow.peak = 0;
  const viaSource = restApiSource({ client: { base_url: base }, resources: [parents, { name: 'slow', endpoint: { path: 'slow/{resources.p.id}', paginator: 'single_page', data_selector: 'data' } }] }, { runtime: FAST, parallelized: true });
  assert.deepEqual((await drain(viaSource)).rows.slow!.map((r) => r.n), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(slow.peak, 4);
});

test('a parent value goes into the path as dlt puts it: "/" and reserved characters as they are, the rest percent-encoded', async () => {
  const gh = new MockApi({
    routes: [
      { path: '/repos/:owner/:name/issues', handler: (req) => ({ json: [{ repo: `${req.params.owner}/${req.params.name}` }] }) },
      { path: '/labels/:label', handler: (req) => ({ json: { label: req.params.label } }) },
    ],
  });
  const ghBase = await gh.start();
  try {
    const repos = [{ full_name: 'dlt-hub/dlt', label: 'good first issue?#1' }];
    const src = restApiSource(
      {
        client: { base_url: ghBase },
        resources: [
          resource(repos, { name: 'repos' }),
          { name: 'issues', endpoint: { path: 'repos/{resources.repos.full_name}/issues', paginator: 'single_page' } },
          { name: 'labels', endpoint: 'labels/{resources.repos.label}' },
        ],
      },
      { runtime: FAST },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.issues, [{ repo: 'dlt-hub/dlt' }]);
    assert.deepEqual(
      gh.requests.map((r) => r.path),
      ['/repos/dlt-hub/dlt/issues', '/labels/good%20first%20issue%3F%231'],
      'a space, ? and # are encoded, so the value stays in its path segment',
    );
  } finally {
    await gh.close();
  }
});
