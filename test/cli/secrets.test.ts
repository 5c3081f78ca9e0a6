import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { decompressState } from '../../src/destinations/sql/state-codec.js';
import { Pipeline } from '../../src/pipeline/pipeline.js';
import { MockApi, makeRecords } from '../../src/testing/index.js';
import { Project, show, type CliResult } from './helpers.js';

const TOML_TOKEN = 'toml-secret-9d4e1f7a2b';
const ENV_KEY = 'env-secret-3c8a6e0f5d';
const SECRETS = [TOML_TOKEN, ENV_KEY, Buffer.from(TOML_TOKEN).toString('base64').replace(/=+$/, '')];

describe('secrets never leak through the CLI', () => {
  const api = new MockApi({
    routes: [
      { path: '/users', collection: 'users', paginate: { type: 'page_number' }, pageSize: 5 },
      {
        path: '/orders',
        auth: false,
        handler: (req, m) => (req.headers['x-api-key'] === ENV_KEY ? { json: { data: m.collection('orders') } } : { status: 401, json: { error: 'bad key' } }),
      },
    ],
    collections: {
      users: makeRecords(12, (i) => ({ id: i, updated_at: `2024-01-${String(i).padStart(2, '0')}T00:00:00Z` })),
      orders: makeRecords(4),
    },
    auth: { type: 'bearer', token: TOML_TOKEN },
  });
  const p = new Project();
  const outputs: CliResult[] = [];
  const run = async (args: string[], env: Record<string, string> = {}) => {
    const r = await p.run(args, { ORDERS_KEY: ENV_KEY, ...env });
    outputs.push(r);
    return r;
  };

  before(async () => {
    const url = await api.start();
    p.write('.dlt/secrets.toml', `[sources.leak]\ntoken = "${TOML_TOKEN}"\n`);
    p.write(
      'pipeline.yaml',
      `pipeline_name: leak
dataset_name: leak_data
source:
  name: leak
  client: { base_url: "${url}", auth: { type: bearer } }
  resources:
    - name: users
      primary_key: id
      write_disposition: merge
      endpoint:
        path: users
        data_selector: data
        paginator: { type: page_number, base_page: 1, total_path: total_pages }
        params:
          since: { type: incremental, cursor_path: updated_at, initial_value: "2024-01-01T00:00:00Z" }
    - name: orders
      endpoint:
        path: orders
        data_selector: data
        auth: { type: api_key, name: X-API-Key, api_key: "\${ORDERS_KEY}" }
`,
    );
  });
  after(async () => {
    await api.close();
    p.remove();
  });

  it('a verbose, debug-logged run and every pipeline command show no secret', async () => {
    const r = await run(['run', 'pipeline.yaml', '--verbose', '--log-level', 'DEBUG']);
    assert.equal(r.code, 0, show(r));
    assert.equal((await run(['run', 'pipeline.yaml', '--json'])).code, 0);
    for (const op of [['info', '--verbose'], ['info', '--json'], ['trace', '--verbose'], ['trace', '--json'], ['load-package', '--json'], ['load-package', '--verbose'], ['failed-jobs'], ['schema'], ['schema', '--format', 'mermaid']]) {
      const o = await run(['pipeline', 'leak', ...op]);
      assert.equal(o.code, 0, `${op.join(' ')}: ${show(o)}`);
    }
    // a failing run: the wrong token must be masked as well as the right ones
    const bad = await run(['run', 'pipeline.yaml', '--verbose'], { SOURCES__LEAK__TOKEN: 'wrong-value-1234abcd', RUNTIME__REQUEST_MAX_ATTEMPTS: '1' });
    assert.equal(bad.code, 1, show(bad));
    SECRETS.push('wrong-value-1234abcd');

    for (const o of outputs) for (const s of SECRETS) assert.ok(!o.stdout.includes(s) && !o.stderr.includes(s), `secret in output:\n${show(o)}`);
  });

  it('no secret in any file of the working dir (state.json, trace, packages, schemas) or in the DuckDB file', () => {
    const files = [...p.files('.data'), join(p.dir, 'leak.duckdb')];
    assert.ok(files.some((f) => f.endsWith('state.json')) && files.some((f) => f.endsWith('trace.json')));
    for (const f of files) {
      const text = readFileSync(f).toString('latin1');
      for (const s of SECRETS) assert.ok(!text.includes(s), `secret found in ${f}`);
    }
  });

  it('no secret in _dlt_pipeline_state', async () => {
    const pl = new Pipeline({ pipelineName: 'leak', pipelinesDir: p.pipelinesDir, destination: { type: 'duckdb', credentials: join(p.dir, 'leak.duckdb') } });
    const rows = await pl.dataset().query('SELECT * FROM leak_data._dlt_pipeline_state');
    assert.ok(rows.length > 0);
    for (const row of rows) {
      const text = JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) + JSON.stringify(decompressState(String(row.state)));
      assert.match(text, /incremental|last_value|updated_at/, 'the state holds the cursor');
      for (const s of SECRETS) assert.ok(!text.includes(s), 'secret in _dlt_pipeline_state');
    }
  });
});
