/** filesystem: a bucket_url that cannot hold a dataset fails the load with an error naming bucket_url and the cause. */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesystem, pipeline } from '../../src/index.js';
import { tempDir } from '../helpers.js';

function fsPipeline(dir: string, bucketUrl: string) {
  return pipeline({ pipelineName: 'bad_bucket', destination: filesystem({ bucketUrl }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
}

test('a bucket_url that is a file is named as such, and the package loads once bucket_url is fixed', async () => {
  const dir = tempDir();
  const file = join(dir, 'not-a-folder');
  writeFileSync(file, 'x');
  await assert.rejects(fsPipeline(dir, file).run([{ id: 1 }], { table_name: 'users' }), (e: Error) => {
    assert.match(e.message, new RegExp(`bucket_url ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is a file, not a folder`));
    assert.match(e.message, /package stays pending/);
    return true;
  });
  await assert.rejects(fsPipeline(dir, join(file, 'sub')).run([{ id: 1 }], { table_name: 'users' }), /is a file, not a folder/);
  // The pending packages load into a usable bucket on the next run.
  const p = fsPipeline(dir, join(dir, 'bucket'));
  await p.load();
  assert.equal(await p.dataset().table('users').count(), 2);
});

test('an unwritable bucket folder is named with the permission error', { skip: process.getuid?.() === 0 ? 'root may write anywhere' : false }, async () => {
  const dir = tempDir();
  const ro = join(dir, 'ro');
  mkdirSync(ro);
  chmodSync(ro, 0o555);
  try {
    await assert.rejects(fsPipeline(dir, ro).run([{ id: 1 }], { table_name: 'users' }), /filesystem: cannot write to bucket_url .*: permission denied/);
  } finally {
    chmodSync(ro, 0o755);
  }
});
