import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MockApi, makeRecords } from '../../src/testing/index.js';
import { parseJson, Project, show } from './helpers.js';

const TOKEN = 'tok-run-file-5f1c2a9b';

function pipelineYaml(baseUrl: string, extra = ''): string {
  return `# a declarative pipeline
pipeline_name: mock_file
destination: duckdb
dataset_name: mock_data
source:
  name: mock_api
  client:
    base_url: ${baseUrl}
    auth: { type: bearer }
  resources:
    - name: users
      primary_key: id
      write_disposition: merge
      endpoint: { path: users, data_selector: data, paginator: { type: offset, limit: 10, total_path: total } }
${extra}`;
}

describe('sluice run <pipeline.yaml|json>', () => {
  const p = new Project();
  const api = new MockApi({
    routes: [{ path: '/users', collection: 'users', paginate: { type: 'offset' } }],
    collections: { users: makeRecords(23, (i) => ({ id: i, name: `user ${i}`, tags: ['a', 'b'] })) },
    auth: { type: 'bearer', token: TOKEN },
  });
  let url = '';
  before(async () => {
    url = await api.start();
    p.write('.dlt/secrets.toml', `[sources.mock_api]\ntoken = "${TOKEN}"\n`);
  });
  after(async () => {
    await api.close();
    p.remove();
  });

  it('runs a YAML file with the token from .dlt/secrets.toml and prints the LoadInfo', async () => {
    p.write('pipeline.yaml', pipelineYaml(url));
    const r = await p.run(['run', 'pipeline.yaml']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /Pipeline mock_file load step completed in/);
    assert.match(r.stdout, /1 load package\(s\) were loaded to destination duckdb and into dataset mock_data/);
    assert.match(r.stdout, /The duckdb destination used duckdb:\/mock_file.duckdb location to store data/);
    assert.match(r.stdout, /is LOADED and contains no failed jobs/);
  });

  it('dev_mode: true loads everything into a dataset of its own', async () => {
    p.write('dev.yaml', pipelineYaml(url).replace('pipeline_name: mock_file', 'pipeline_name: mock_dev').replace('dataset_name: mock_data', 'dataset_name: mock_data\ndev_mode: true'));
    const r = await p.run(['run', 'dev.yaml', '--json']);
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.match(j.load_info.dataset_name, /^mock_data_\d{14}$/);
    assert.equal(j.row_counts.users, 23);
  });

  it('--json prints the LoadInfo as JSON with row counts', async () => {
    const r = await p.run(['run', 'pipeline.yaml', '--json']);
    assert.equal(r.code, 0, show(r));
    const j = parseJson(r);
    assert.equal(j.ok, true);
    assert.equal(j.load_info.dataset_name, 'mock_data');
    assert.equal(j.row_counts.users, 23);
    assert.equal(j.row_counts.users__tags, 46);
    const info = parseJson(await p.run(['pipeline', 'mock_file', 'info', '--json']));
    assert.equal(info.dataset_name, 'mock_data');
    assert.equal(info.loaded_packages.length, 2);
  });

  it('runs a JSON file whose token is an ${ENV_VAR} reference', async () => {
    const cfg = {
      pipeline_name: 'mock_json',
      destination: { type: 'duckdb', credentials: 'json_file.duckdb' },
      source: {
        client: { base_url: url, auth: { type: 'bearer', token: '${MOCK_TOKEN}' } },
        resources: [{ name: 'users', endpoint: { path: 'users', data_selector: 'data', paginator: { type: 'offset', limit: 50, total_path: 'total' } } }],
      },
      run: { write_disposition: 'replace' },
    };
    p.write('pipeline.json', JSON.stringify(cfg));
    const r = await p.run(['run', 'pipeline.json'], { MOCK_TOKEN: TOKEN });
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /duckdb:\/json_file.duckdb/);
    const unset = await p.run(['run', 'pipeline.json']);
    assert.equal(unset.code, 2, show(unset));
    assert.match(unset.stderr, /pipeline\.json: source\.client\.auth\.token: environment variable MOCK_TOKEN is not set/);
  });

  it('malformed YAML → exit 2 naming the file and position', async () => {
    p.write('bad.yaml', 'pipeline_name: x\nsource: [unclosed\n');
    const r = await p.run(['run', 'bad.yaml']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /bad\.yaml: not valid YAML/);
    assert.match(r.stderr, /line \d+/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('unknown or wrong top-level keys → exit 2 naming the key path', async () => {
    p.write('typo.yaml', pipelineYaml(url).replace('dataset_name', 'datset_name'));
    const r = await p.run(['run', 'typo.yaml']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /datset_name/);
    assert.match(r.stderr, /dataset_name/, 'suggests the right key');

    p.write('wd.yaml', pipelineYaml(url, 'run: { write_disposition: upsert }\n'));
    const w = await p.run(['run', 'wd.yaml']);
    assert.equal(w.code, 2, show(w));
    assert.match(w.stderr, /run\.write_disposition/);
  });

  it('an invalid REST config → exit 2 naming source.<path>', async () => {
    p.write('pag.yaml', pipelineYaml(url).replace('type: offset, limit: 10, total_path: total', 'type: pagenumber'));
    const r = await p.run(['run', 'pag.yaml', '--json']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /source\.resources\[0\]\.endpoint\.paginator/);
    assert.equal(parseJson(r).ok, false);
  });

  it('a missing secret → exit 2 naming where it was looked for', async () => {
    const q = new Project();
    try {
      q.write('pipeline.yaml', pipelineYaml(url));
      const r = await q.run(['run', 'pipeline.yaml']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /token/);
      assert.match(r.stderr, /SOURCES__MOCK_API__TOKEN|sources\.mock_api/);
    } finally {
      q.remove();
    }
  });

  it('a wrong token fails the run with exit 1 and masks it', async () => {
    const q = new Project();
    try {
      q.write('pipeline.yaml', pipelineYaml(url));
      const r = await q.run(['run', 'pipeline.yaml'], { SOURCES__MOCK_API__TOKEN: 'wrong-token-0000', RUNTIME__REQUEST_MAX_ATTEMPTS: '1' });
      assert.equal(r.code, 1, show(r));
      assert.match(r.stderr, /401/);
      assert.ok(!r.stderr.includes('wrong-token-0000') && !r.stdout.includes('wrong-token-0000'), show(r));
    } finally {
      q.remove();
    }
  });

  it('an unknown file type is a usage error', async () => {
    p.write('x.txt', '');
    const r = await p.run(['run', 'x.txt']);
    assert.equal(r.code, 2, show(r));
    const m = await p.run(['run', 'missing.yaml']);
    assert.equal(m.code, 2, show(m));
    assert.match(m.stderr, /not found/);
  });
});
