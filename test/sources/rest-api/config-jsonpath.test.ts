/** JSONPath keys of the REST config are syntax-checked when the source is built (dlt's jsonpath_ng.parse). */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MockApi } from '../../../src/testing/mock-api.js';
import { restApiSource, RestApiConfigError } from '../../../src/sources/rest-api/index.js';
import { drain, FAST } from './helpers.js';

let api: MockApi;
let base: string;

before(async () => {
  api = new MockApi({
    routes: [
      { path: '/users', json: { data: { items: [{ id: 1, meta: { updated: 5 } }, { id: 2, meta: { updated: 7 } }] }, links: { next: null }, total: 2 } },
      { path: '/users/:id/posts', handler: (req) => ({ json: { posts: [{ post_id: Number(req.params.id) * 10 }] } }) },
    ],
  });
  base = await api.start();
});
after(() => api.close());

type Endpoint = Record<string, unknown>;
const users = (endpoint: Endpoint) => ({ name: 'users', endpoint: { path: 'users', paginator: 'single_page', ...endpoint } });
const posts = (field: string) => ({
  name: 'posts',
  endpoint: { path: 'users/{uid}/posts', paginator: 'single_page', params: { uid: { type: 'resolve', resource: 'users', field } } },
});

const bad: [string, unknown[], string][] = [
  ['data_selector', [users({ data_selector: 'items[' })], `resources[0].endpoint.data_selector (resource 'users'): "items[" is not a valid JSONPath: unclosed '['`],
  ['paginator total_path', [users({ paginator: { type: 'offset', limit: 10, total_path: '$..[' } })],
    `resources[0].endpoint.paginator.total_path (resource 'users'): "$..[" is not a valid JSONPath: unclosed '['`],
  ['paginator next_url_path', [users({ paginator: { type: 'json_link', next_url_path: 'a..' } })],
    `resources[0].endpoint.paginator.next_url_path (resource 'users'): "a.." is not a valid JSONPath: it ends with '..'`],
  ['paginator cursor_path', [users({ paginator: { type: 'cursor', cursor_path: "$['next" } })],
    `resources[0].endpoint.paginator.cursor_path (resource 'users'): "$['next" is not a valid JSONPath: unterminated single-quoted name`],
  ['incremental cursor_path', [users({ incremental: { cursor_path: 'meta.updated]', initial_value: 0 } })],
    `resources[0].endpoint.incremental.cursor_path (resource 'users'): "meta.updated]" is not a valid JSONPath: unbalanced ']'`],
  ['resolve field', [users({}), posts('id[?(@.x')], `resources[1].endpoint.params.uid.field (resource 'posts'): "id[?(@.x" is not a valid JSONPath: unclosed '('`],
];

for (const [key, resources, message] of bad) {
  test(`invalid JSONPath in ${key} fails when the source is built, before any request`, () => {
    const before = api.requests.length;
    assert.throws(
      () => restApiSource({ client: { base_url: base }, resources } as never, { runtime: FAST }),
      (e: unknown) => e instanceof RestApiConfigError && e.message.includes(message),
    );
    assert.equal(api.requests.length, before);
  });
}

test('invalid JSONPath in client and resource_defaults paginators names the key path', () => {
  assert.throws(
    () => restApiSource({ client: { base_url: base, paginator: { type: 'json_link', next_url_path: 'next..' } }, resources: ['users'] }),
    /client\.paginator\.next_url_path: "next\.\." is not a valid JSONPath/,
  );
  assert.throws(
    () => restApiSource({ client: { base_url: base }, resource_defaults: { endpoint: { data_selector: 'a b' } }, resources: ['users'] }),
    /resource_defaults\.endpoint\.data_selector: "a b" is not a valid JSONPath: unexpected " " at position 2/,
  );
});

test('valid JSONPaths (dotted names, brackets, quotes, descent) still load', async () => {
  const cases: [Endpoint, string][] = [
    [{ data_selector: 'data.items' }, 'id'],
    [{ data_selector: "$['data'].items[*]", paginator: { type: 'json_link', next_url_path: '$.links.next' } }, 'meta.updated'],
    [{ data_selector: '$.data["items"]', paginator: { type: 'offset', limit: 10, total_path: '$..total' } }, "$['id']"],
  ];
  for (const [endpoint, field] of cases) {
    const src = restApiSource(
      { client: { base_url: base }, resources: [users({ ...endpoint, incremental: { cursor_path: 'meta.updated', initial_value: 0 } }), posts(field)] } as never,
      { runtime: FAST },
    );
    const { rows } = await drain(src);
    assert.deepEqual(rows.users!.map((r) => r.id), [1, 2], JSON.stringify(endpoint));
    assert.equal(rows.posts!.length, 2, field);
  }
});

test('an invalid JSONPath as the field of a {resources.<parent>.<field>} placeholder fails when the source is built', () => {
  const before = api.requests.length;
  assert.throws(
    () => restApiSource({ client: { base_url: base }, resources: [users({}), { name: 'posts', endpoint: 'users/{resources.users.meta[}/posts' }] } as never),
    /resources\[1\]\.endpoint\.path: placeholder '\{resources\.users\.meta\[\}': "meta\[" is not a valid JSONPath: unclosed '\[' at position 5/,
  );
  assert.equal(api.requests.length, before);
});
