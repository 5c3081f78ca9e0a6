/** filesystem: dlt's `current_datetime` and `extra_placeholders`, from code and from config (TOML / env). */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { filesystem, pipeline } from '../../src/index.js';
import { PathTemplate } from '../../src/destinations/filesystem/filesystem-path-template.js';
import { tempDir } from '../helpers.js';

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();

const parts = { schemaName: 's', tableName: 'users', loadId: '1709622489.1', fileId: 'abc', ext: 'jsonl', createdAt: new Date('2024-03-05T07:08:09.123Z') };

test('current_datetime sets timestamp, timestamp_ms, curr_date and the date tokens; load_package_timestamp stays the package time', () => {
  const layout = '{table_name}/{YYYY}-{MM}-{DD}-{HH}{mm}-{ddd}/{curr_date}/{timestamp}/{timestamp_ms}/{load_package_timestamp}/{load_package_timestamp_ms}/{file_id}';
  const fixed = new Date('2025-12-31T23:59:58.500Z');
  assert.equal(new PathTemplate(layout, {}, fixed).path(parts), 'users/2025-12-31-2359-wed/2025-12-31/1767225598/1767225598500/1709622489/1709622489123/abc.jsonl');
  // Seconds and fractional seconds (dlt's newer tokens).
  assert.equal(new PathTemplate('{table_name}/{ss}-{s}-{SSSS}-{SSS}-{SS}-{S}', {}, new Date('2025-01-01T00:00:07.045Z')).path(parts), 'users/07-7-0450-045-04-0.jsonl');
  // A function is called for every file, as in dlt.
  let calls = 0;
  const fn = new PathTemplate('{table_name}/{timestamp}/{file_id}', {}, () => new Date(Date.UTC(2024, 0, 1, 0, 0, ++calls)));
  assert.equal(fn.path(parts), 'users/1704067201/abc.jsonl');
  assert.equal(fn.path(parts), 'users/1704067202/abc.jsonl');
  assert.throws(() => new PathTemplate('{table_name}/{timestamp}', {}, () => 'x' as unknown as Date).path(parts), /current_datetime must be \(or return\) a valid Date/);
  // Without it, the package's creation time (a re-run load keeps its paths).
  assert.equal(new PathTemplate('{table_name}/{timestamp}/{file_id}').path(parts), 'users/1709622489/abc.jsonl');
});

test('current_datetime and extra_placeholders come from [destination.filesystem] in config.toml, and from env', async () => {
  const dir = tempDir();
  const saved = { ...process.env };
  try {
    mkdirSync(join(dir, '.dlt'));
    writeFileSync(
      join(dir, '.dlt', 'config.toml'),
      [
        '[destination.filesystem]',
        'layout = "{table_name}/{owner}/{dept}/{YYYY}-{MM}-{DD}/{HH}/{load_id}.{file_id}.{ext}"',
        'extra_placeholders = { owner = "admin", dept = 7 }',
        'current_datetime = "2024-04-14T05:00:00"',
      ].join('\n'),
    );
    process.env.SLUICE_PROJECT_DIR = dir;
    const bucket = join(dir, 'bucket');
    const p = pipeline({ pipelineName: 'cfg_p', destination: filesystem({ bucketUrl: bucket }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
    await p.run([{ id: 1 }], { table_name: 'users' });
    // An offset-less current_datetime is UTC, as pendulum parses it.
    assert.match(files(join(bucket, 'lake', 'users'))[0]!, /^admin\/7\/2024-04-14\/05\/\d+\.\d+\.[0-9a-f]{10}\.jsonl\.gz$/);
    assert.deepEqual(await p.dataset().query('SELECT id FROM users'), [{ id: 1 }]);

    // Env wins over config.toml; a table arrives as JSON. Code wins over both.
    process.env.DESTINATION__FILESYSTEM__EXTRA_PLACEHOLDERS = '{"owner": "ops", "dept": "x"}';
    process.env.DESTINATION__FILESYSTEM__CURRENT_DATETIME = '2023-01-02T03:04:05+01:00';
    const env = filesystem({ bucketUrl: bucket })('cfg_p').template;
    assert.equal(env.path(parts), 'users/ops/x/2023-01-02/02/1709622489.1.abc.jsonl');
    const code = filesystem({ bucketUrl: bucket, extraPlaceholders: { owner: () => 'fn', dept: 'd' }, currentDatetime: new Date('2020-02-02T00:00:00Z') })('cfg_p').template;
    assert.equal(code.path(parts), 'users/fn/d/2020-02-02/00/1709622489.1.abc.jsonl');

    process.env.DESTINATION__FILESYSTEM__CURRENT_DATETIME = 'not a date';
    assert.throws(() => filesystem({ bucketUrl: bucket })('cfg_p'), /current_datetime must be an ISO 8601 datetime/);
    process.env.DESTINATION__FILESYSTEM__CURRENT_DATETIME = '2023-01-02';
    process.env.DESTINATION__FILESYSTEM__EXTRA_PLACEHOLDERS = '{"owner": {"a": 1}, "dept": "x"}';
    assert.throws(() => filesystem({ bucketUrl: bucket })('cfg_p'), /extra_placeholders\.owner must be a string or a number/);
  } finally {
    process.env = saved;
  }
});
