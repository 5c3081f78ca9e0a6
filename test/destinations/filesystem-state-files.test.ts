/** filesystem: dlt's `max_state_files` — only the newest pipeline state files are kept, and restore still works. */
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { filesystem, pipeline, resource } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const events = (n: number) =>
  resource(
    async function* (ctx) {
      const since = ctx.incremental!.startValue as number;
      yield [{ id: n, ts: n }].filter((r) => r.ts > since);
    },
    { name: 'events', primary_key: 'id', incremental: { cursor_path: 'ts', initial_value: 0 } },
  );

test('old state files are deleted beyond maxStateFiles (dlt default 100); the newest state restores', async () => {
  const dir = tempDir();
  const bucket = join(dir, 'bucket');
  const make = () => pipeline({ pipelineName: 'st_p', destination: filesystem({ bucketUrl: bucket, maxStateFiles: 2 }), datasetName: 'lake', pipelinesDir: join(dir, 'p') });
  const loadIds: string[] = [];
  for (let n = 1; n <= 4; n++) loadIds.push((await make().run(events(n))).loadsIds[0]!);
  const stateFiles = readdirSync(join(bucket, 'lake', '_dlt_pipeline_state')).sort();
  assert.deepEqual(
    stateFiles.map((f) => f.split('__')[1]),
    loadIds.slice(2),
  );
  // The working dir is gone: state comes back from the newest file, so the cursor does not restart.
  rmSync(join(dir, 'p'), { recursive: true, force: true });
  const p = make();
  await p.run(events(4));
  assert.equal(await p.dataset().table('events').count(), 4);
});

test('maxStateFiles comes from [destination.filesystem] max_state_files; 0 keeps every file', async () => {
  const dir = tempDir();
  const saved = { ...process.env };
  try {
    process.env.DESTINATION__FILESYSTEM__MAX_STATE_FILES = '0';
    const bucket = join(dir, 'bucket');
    const d = filesystem({ bucketUrl: bucket })('x');
    assert.equal(d.maxStateFiles, 0);
    delete process.env.DESTINATION__FILESYSTEM__MAX_STATE_FILES;
    assert.equal(filesystem({ bucketUrl: bucket })('x').maxStateFiles, 100);
  } finally {
    process.env = saved;
  }
});
