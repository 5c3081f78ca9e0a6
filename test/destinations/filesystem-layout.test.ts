/** filesystem: dlt's `layout` template with its placeholders; a table's files are found by its prefix wherever they sit. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
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

test('placeholders follow dlt: date tokens in UTC from the package time, {ext} appended when missing, extras', () => {
  const t = new PathTemplate('{schema_name}/{table_name}/{YYYY}-{MM}-{DD}/{HH}{mm}/{ddd}-{MMM}-{Q}/{curr_date}/{timestamp}/{region}-{fn}', {
    region: 'eu',
    fn: (_s, table, _l, fileId) => `${table}.${fileId}`,
  });
  const createdAt = new Date('2024-03-05T07:08:09.123Z');
  assert.equal(
    t.path({ schemaName: 'crm', tableName: 'users', loadId: '1709622489.1', fileId: 'abc', ext: 'jsonl', createdAt }),
    'crm/users/2024-03-05/0708/tue-mar-1/2024-03-05/1709622489/eu-users.abc.jsonl',
  );
  assert.equal(t.tablePrefix('crm', 'users'), 'crm/users/');
  assert.equal(new PathTemplate('{table_name}.{load_id}.{file_id}.{ext}').tablePrefix('s', 'users'), 'users.');
  assert.throws(() => new PathTemplate('{table_name}/{nope}'), /unknown placeholders \{nope\}/);
  assert.throws(() => new PathTemplate('{load_id}/{table_name}/{file_id}'), /only \{schema_name\} may come before \{table_name\}/);
  assert.throws(() => new PathTemplate('{load_id}.{file_id}'), /needs a \{table_name\} placeholder/);
  assert.throws(() => new PathTemplate('{table_name}{load_id}'), /needs a separator after \{table_name\}/);
});

test('a dated layout: files land under it, queries read them, replace deletes the old ones in every subfolder', async () => {
  const dir = tempDir();
  const bucket = join(dir, 'bucket');
  const layout = '{table_name}/{YYYY}/{MM}/{load_id}.{file_id}.{ext}';
  const p = pipeline({ pipelineName: 'lay_p', destination: filesystem({ bucketUrl: bucket, layout }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  const first = await p.run([{ id: 1, tags: ['a'] }], { table_name: 'users', write_disposition: 'replace' });
  const now = new Date();
  const ym = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const loadId = first.loadsIds[0]!;
  const usersFiles = files(join(bucket, 'lake', 'users'));
  assert.equal(usersFiles.length, 1);
  assert.match(usersFiles[0]!, new RegExp(`^${ym}/${loadId.replace('.', '\\.')}\\.[0-9a-f]{10}\\.jsonl\\.gz$`));
  assert.equal(files(join(bucket, 'lake', 'users__tags')).length, 1);
  assert.deepEqual(await p.dataset().query('SELECT id FROM users'), [{ id: 1 }]);

  const second = await p.run([{ id: 2, tags: ['b', 'c'] }], { table_name: 'users', write_disposition: 'replace' });
  for (const t of ['users', 'users__tags']) {
    const fs = files(join(bucket, 'lake', t));
    assert.equal(fs.length, 1, t);
    assert.ok(fs[0]!.includes(second.loadsIds[0]!), t);
  }
  assert.deepEqual(await p.dataset().query('SELECT id FROM users'), [{ id: 2 }]);
  assert.equal(await p.dataset().table('users__tags').count(), 2);
});

test('a flat layout `{table_name}.{load_id}...` keeps tables apart by prefix, and layout comes from config', async () => {
  const dir = tempDir();
  const saved = { ...process.env };
  try {
    process.env.DESTINATION__FILESYSTEM__LAYOUT = '{table_name}.{load_id}.{file_id}.{ext}';
    const bucket = join(dir, 'bucket');
    const p = pipeline({ pipelineName: 'flat_p', destination: filesystem({ bucketUrl: bucket }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
    await p.run([{ id: 1, tags: ['a', 'b'] }], { table_name: 'users' });
    await p.run([{ id: 2, tags: [] }], { table_name: 'users' });
    const root = readdirSync(join(bucket, 'lake')).filter((f) => f.startsWith('users'));
    assert.equal(root.filter((f) => f.startsWith('users.')).length, 2);
    assert.equal(root.filter((f) => f.startsWith('users__tags.')).length, 1);
    assert.deepEqual(await p.dataset().query('SELECT id FROM users ORDER BY id'), [{ id: 1 }, { id: 2 }]);
    assert.equal(await p.dataset().table('users__tags').count(), 2);
  } finally {
    process.env = saved;
  }
});
