/** Config shorthands, resource_defaults merging, JSON/YAML loading and the JSON Schema export. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mergeResourceDefaults, normalizeResources } from '../../../src/sources/rest-api/config-normalize.js';
import { validateRestApiConfig, restApiConfigJsonSchema, loadRestApiConfig, restApiSource, joinUrl } from '../../../src/sources/rest-api/index.js';

test('string resource and endpoint shorthands; path defaults to the name', () => {
  const { resources } = validateRestApiConfig({ client: { base_url: 'https://x.io' }, resources: ['posts', { name: 'a', endpoint: 'b/c' }, { name: 'd' }] });
  const eps = resources.map((r) => (r.kind === 'endpoint' ? [r.name, r.endpoint.path, r.endpoint.method] : []));
  assert.deepEqual(eps, [['posts', 'posts', 'GET'], ['a', 'b/c', 'GET'], ['d', 'd', 'GET']]);
});

test('resource_defaults: shallow for resource keys, one level deep for params/json, deep for columns, paginator/auth replaced', () => {
  const merged = mergeResourceDefaults(
    {
      write_disposition: 'merge',
      primary_key: 'id',
      columns: { ts: { data_type: 'timestamp', nullable: false }, x: { data_type: 'text' } },
      endpoint: { params: { per_page: 100, state: 'all' }, json: { a: { deep: 1 }, b: 2 }, paginator: { type: 'offset', limit: 10 }, auth: { type: 'bearer', token: 'abcdefgh' } },
    },
    {
      name: 'r',
      primary_key: 'uid',
      columns: { ts: { nullable: true } },
      endpoint: { path: 'r', params: { state: 'open' }, json: { a: { other: 2 } }, paginator: { type: 'page_number', total_path: null }, auth: { type: 'api_key', api_key: 'kkkkkkkk' } },
    },
  );
  assert.equal(merged.write_disposition, 'merge');
  assert.equal(merged.primary_key, 'uid');
  assert.deepEqual(merged.columns, { ts: { data_type: 'timestamp', nullable: true }, x: { data_type: 'text' } });
  const e = merged.endpoint as Record<string, unknown>;
  assert.deepEqual(e.params, { per_page: 100, state: 'open' });
  assert.deepEqual(e.json, { a: { other: 2 }, b: 2 });
  assert.deepEqual(e.paginator, { type: 'page_number', total_path: null });
  assert.deepEqual(e.auth, { type: 'api_key', api_key: 'kkkkkkkk' });
});

test('columns as a list are keyed by name; hints reach the Resource', () => {
  const src = restApiSource({
    client: { base_url: 'https://x.io' },
    resource_defaults: { write_disposition: 'merge', max_table_nesting: 1 },
    resources: [{ name: 'a', primary_key: 'id', table_name: 'alpha', columns: [{ name: 'ts', data_type: 'timestamp' }] }],
  }, { schema_contract: 'evolve' });
  const r = src.resources[0]!;
  assert.equal(src.name, 'rest_api');
  assert.deepEqual(r.hints, { name: 'a', table_name: 'alpha', write_disposition: 'merge', primary_key: 'id', columns: { ts: { name: 'ts', data_type: 'timestamp' } }, max_table_nesting: 1, schema_contract: 'evolve' });
});

test('a REST resource takes the scd2 and insert-only write dispositions with their options', () => {
  const scd2 = { disposition: 'merge' as const, strategy: 'scd2' as const, validity_column_names: ['valid_from', 'valid_to'] as [string, string], active_record_timestamp: '9999-12-31', boundary_timestamp: '2024-01-01', row_version_column_name: 'etag' };
  const src = restApiSource({
    client: { base_url: 'https://x.io' },
    resources: [{ name: 'a', write_disposition: scd2 }, { name: 'b', primary_key: 'id', write_disposition: { disposition: 'merge', strategy: 'insert-only' } }],
  });
  assert.deepEqual(src.resources.map((r) => r.hints.write_disposition), [scd2, { disposition: 'merge', strategy: 'insert-only' }]);
  assert.throws(() => validateRestApiConfig({ client: { base_url: 'https://x.io' }, resources: [{ name: 'a', write_disposition: { ...scd2, validity_column_names: ['only_one'] } }] }), /resources\[0\]\.write_disposition/);
});

test('an auth dict without type is bearer', () => {
  const { config } = validateRestApiConfig({ client: { base_url: 'https://x.io', auth: { token: 'abcdefgh' } }, resources: ['a'] });
  assert.deepEqual(config.client.auth, { type: 'bearer', token: 'abcdefgh' });
});

test('URL joining as dlt', () => {
  assert.equal(joinUrl('https://x.io/v1', '/users'), 'https://x.io/v1/users');
  assert.equal(joinUrl('https://x.io/v1/', 'users'), 'https://x.io/v1/users');
  assert.equal(joinUrl('https://x.io/v1', 'https://other.io/a'), 'https://other.io/a');
});

test('config from YAML text, JSON text and files', () => {
  const yaml = 'client:\n  base_url: https://x.io\nresources:\n  - users\n  - name: posts\n    endpoint:\n      path: posts\n      paginator:\n        type: offset\n        limit: 50\n';
  assert.deepEqual(normalizeResources(validateRestApiConfig(loadRestApiConfig(yaml)).config).map((r) => r.name), ['users', 'posts']);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cfg-'));
  writeFileSync(join(dir, 'c.yaml'), yaml);
  writeFileSync(join(dir, 'c.json'), JSON.stringify({ client: { base_url: 'https://x.io' }, resources: ['a'] }));
  assert.equal(restApiSource(join(dir, 'c.yaml')).resources.length, 2);
  assert.equal(restApiSource(join(dir, 'c.json')).resources.length, 1);
  assert.equal(restApiSource('{"client":{"base_url":"https://x.io"},"resources":["a"]}').resources.length, 1);
  assert.throws(() => restApiSource(join(dir, 'missing.yaml')), /config file .*missing.yaml' not found/);
  assert.throws(() => loadRestApiConfig('client:\n  base_url: [unclosed\n'), /config text: cannot parse as YAML/);
});

test('JSON Schema export is current and covers the keys', () => {
  const schema = restApiConfigJsonSchema();
  const committed = JSON.parse(readFileSync(new URL('../../../schemas/rest-api-config.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(committed, JSON.parse(JSON.stringify(schema)), 'run: node --import tsx scripts/gen-rest-api-schema.ts');
  const text = JSON.stringify(schema);
  for (const k of ['base_url', 'data_selector', 'page_number', 'oauth2_client_credentials', 'include_from_parent', 'response_actions', 'cursor_path', 'resume']) {
    assert.ok(text.includes(`"${k}"`), k);
  }
});

test('custom paginator and auth types registered with registerPaginator / registerAuth are accepted', async () => {
  const { registerPaginator, registerAuth, SinglePagePaginator } = await import('../../../src/sources/rest-api/index.js');
  registerPaginator('my_single', () => new SinglePagePaginator());
  registerAuth('my_auth', (c) => ({ type: 'my_auth', apply: (req) => void (req.headers['x-my'] = String(c.key)) }));
  const src = restApiSource({ client: { base_url: 'https://x.io', auth: { type: 'my_auth', key: 'k' }, paginator: { type: 'my_single' } }, resources: ['a'] });
  assert.equal(src.resources.length, 1);
  assert.throws(() => restApiSource({ client: { base_url: 'https://x.io', paginator: { type: 'my_singel' } }, resources: ['a'] } as never), /is not a paginator type/);
});
