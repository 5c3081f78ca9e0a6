/** filesystem specifics: dlt's file layout, formats, bucket_url forms and config, replace deleting files. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { filesystem, pipeline } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const ls = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

test("files land in dlt's layout: <dataset>/<table>/<load_id>.<file_id>.jsonl.gz plus system folders and init", async () => {
  const dir = tempDir();
  const bucket = join(dir, 'bucket');
  const p = pipeline({ pipelineName: 'layout_p', destination: filesystem({ bucketUrl: pathToFileURL(bucket).href }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  const info = await p.run([{ id: 1, tags: ['a'] }], { table_name: 'users' });
  const loadId = info.loadsIds[0]!;
  const ds = join(bucket, 'lake');
  assert.ok(existsSync(join(ds, 'init')));
  assert.deepEqual(ls(ds), ['_dlt_loads', '_dlt_pipeline_state', '_dlt_version', 'init', 'users', 'users__tags']);
  assert.match(ls(join(ds, 'users'))[0]!, new RegExp(`^${loadId.replace('.', '\\.')}\\.[0-9a-f]{10}\\.jsonl\\.gz$`));
  assert.deepEqual(ls(join(ds, '_dlt_loads')), [`layout_p__${loadId}.jsonl`]);
  assert.match(ls(join(ds, '_dlt_version'))[0]!, new RegExp(`^layout_p__${loadId.replace('.', '\\.')}__[0-9a-f]{64}\\.jsonl$`));
  assert.match(ls(join(ds, '_dlt_pipeline_state'))[0]!, new RegExp(`^layout_p__${loadId.replace('.', '\\.')}__[0-9a-f]+\\.jsonl$`));
  const line = JSON.parse(gunzipSync(readFileSync(join(ds, 'users', ls(join(ds, 'users'))[0]!))).toString('utf8').trim());
  assert.equal(line.id, 1);
  assert.equal(line._dlt_load_id, loadId);
  const load = JSON.parse(readFileSync(join(ds, '_dlt_loads', ls(join(ds, '_dlt_loads'))[0]!), 'utf8'));
  assert.deepEqual({ ...load, inserted_at: undefined }, { load_id: loadId, schema_name: 'layout_p', status: 0, inserted_at: undefined, schema_version_hash: p.defaultSchema!.versionHash });
  assert.equal(p.dataset().datasetName, 'lake');
  assert.equal((await p.destination()).displayLocation(), pathToFileURL(bucket).href);
});

test('parquet files, and replace deletes the previous files of the whole table chain', async () => {
  const dir = tempDir();
  const bucket = join(dir, 'bucket');
  const p = pipeline({ pipelineName: 'pq_p', destination: { type: 'filesystem', bucket_url: bucket, format: 'parquet' }, datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  await p.run([{ id: 1, tags: ['a'] }], { table_name: 'snap', write_disposition: 'replace' });
  const second = await p.run([{ id: 2, tags: ['b', 'c'] }], { table_name: 'snap', write_disposition: 'replace' });
  const loadId = second.loadsIds[0]!;
  for (const t of ['snap', 'snap__tags']) {
    const files = ls(join(bucket, 'lake', t));
    assert.equal(files.length, 1);
    assert.ok(files[0]!.startsWith(loadId) && files[0]!.endsWith('.parquet'));
  }
  assert.deepEqual(await p.dataset().query('SELECT id FROM snap'), [{ id: 2 }]);
  assert.equal(await p.dataset().table('snap__tags').count(), 2);
});

test('bucket_url from DESTINATION__FILESYSTEM__BUCKET_URL; unsupported schemes and a missing bucket are clear errors', async () => {
  const dir = tempDir();
  const saved = { ...process.env };
  try {
    process.env.SLUICE_PROJECT_DIR = dir;
    process.env.SLUICE_GLOBAL_DIR = dir;
    process.env.DESTINATION__FILESYSTEM__BUCKET_URL = join(dir, 'from-env');
    assert.equal(filesystem()('p').bucket, join(dir, 'from-env'));
    delete process.env.DESTINATION__FILESYSTEM__BUCKET_URL;
    assert.throws(() => filesystem()('p'), /bucket_url is required/);
    assert.throws(() => filesystem({ bucketUrl: 's3://bucket/path' })('p'), /scheme 's3:\/\/' is not supported yet/);
    assert.throws(() => filesystem({ bucketUrl: dir, format: 'xml' as 'jsonl' })('p'), /format 'xml' is not one of jsonl, csv, parquet/);
  } finally {
    process.env = saved;
  }
});
