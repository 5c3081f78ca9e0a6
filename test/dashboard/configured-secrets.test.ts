/**
 * `sluice pipeline <name> show` runs in a process of its own: the secrets the loading process knew are
 * not registered there. The dashboard must still mask the secrets the user keeps in `.dlt/secrets.toml`
 * and in config env vars, even when a resource stored one in its state or a row (no `Secret` is created
 * in this file, so nothing else registers them).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startDashboard, type DashboardHandle } from '../../src/dashboard/index.js';
import { duckdb, pipeline, resource } from '../../src/index.js';

const TOML_TOKEN = 'tok_from_secrets_toml_5d1e9a';
const ENV_KEY = 'key_from_env_var_77c3b0f2';
const DSN_PASSWORD = 'dsn_pw_4b8e21aa';
const TABLE_PASSWORD = 'table_pw_93ac0d17';
const root = mkdtempSync(join(tmpdir(), 'sluice-dash-secrets-'));
const saved = { project: process.env.SLUICE_PROJECT_DIR, key: process.env.SOURCES__SHOP__API_KEY, dsn: process.env.DESTINATION__POSTGRES__CREDENTIALS };
let dash: DashboardHandle;

before(async () => {
  const project = join(root, 'project');
  mkdirSync(join(project, '.dlt'), { recursive: true });
  writeFileSync(join(project, '.dlt', 'secrets.toml'), `[sources.shop]\napi_token = "${TOML_TOKEN}"\n\n[sources.shop.client]\nhost = "api.example.com"\n\n[destination.postgres.credentials]\nhost = "pg-credhost.internal"\nusername = "loader"\npassword = "${TABLE_PASSWORD}"\n`);
  const pipelinesDir = join(root, 'pipelines');
  const dbPath = join(root, 'shop.duckdb');
  const users = resource(
    async function* (ctx) {
      ctx.resourceState.headers = { Authorization: `Bearer ${TOML_TOKEN}`, 'X-Api-Key': ENV_KEY, dsn: `postgresql://loader:${DSN_PASSWORD}@db/x` };
      yield [{ id: 1, note: `token ${TOML_TOKEN} key ${ENV_KEY}`, host: 'api.example.com', pg: `loader:${TABLE_PASSWORD}@pg-credhost.internal` }];
    },
    { name: 'users' },
  );
  await pipeline({ pipelineName: 'shop', destination: duckdb(dbPath), pipelinesDir }).run(users);
  process.env.SLUICE_PROJECT_DIR = project;
  process.env.SOURCES__SHOP__API_KEY = ENV_KEY;
  process.env.DESTINATION__POSTGRES__CREDENTIALS = `postgresql://loader:${DSN_PASSWORD}@db:5432/x`;
  dash = await startDashboard({ pipelineName: 'shop', pipelinesDir, destination: duckdb(dbPath) });
});

after(async () => {
  await dash?.close();
  for (const [k, v] of [['SLUICE_PROJECT_DIR', saved.project], ['SOURCES__SHOP__API_KEY', saved.key], ['DESTINATION__POSTGRES__CREDENTIALS', saved.dsn]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(root, { recursive: true, force: true });
});

test('secrets from .dlt/secrets.toml and config env vars appear in no response', async () => {
  const paths = ['api/overview', 'api/loads', 'api/schema', 'api/schema.yaml', 'api/tables', 'api/state', 'api/table?table=users&count=1', 'api/table.csv?table=users'];
  const bodies: { path: string; body: string }[] = [];
  for (const path of paths) {
    const r = await fetch(dash.url + path);
    assert.equal(r.status, 200, path);
    bodies.push({ path, body: await r.text() });
  }
  const q = await fetch(dash.url + 'api/query', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sql: 'SELECT * FROM users' }) });
  bodies.push({ path: 'api/query', body: await q.text() });
  for (const secret of [TOML_TOKEN, ENV_KEY, DSN_PASSWORD, TABLE_PASSWORD]) {
    assert.deepEqual(bodies.filter((b) => b.body.includes(secret)).map((b) => b.path), [], secret);
  }
  const state = bodies.find((b) => b.path === 'api/state')!.body;
  assert.match(state, /Bearer \*\*\*/);
  assert.match(bodies.find((b) => b.path === 'api/table.csv?table=users')!.body, /token \*\*\* key \*\*\*/);
  assert.match(bodies.find((b) => b.path === 'api/query')!.body, /api\.example\.com/, 'harmless values (a host) are not masked');
  // In a credentials table, only the secret keys are: the host and user of [destination.postgres.credentials] stay readable.
  assert.match(bodies.find((b) => b.path === 'api/query')!.body, /loader:\*\*\*@pg-credhost\.internal/);
});
