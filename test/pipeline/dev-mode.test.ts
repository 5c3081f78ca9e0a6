/** `devMode` (dlt `dev_mode=True`): each Pipeline object starts from scratch in a dataset of its own. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const events = (n: number) => resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'events', incremental: { cursor_path: 'id' } });

test('devMode wipes the working dir and loads into <dataset>_<UTC timestamp>, restoring nothing from the destination', async () => {
  const dir = tempDir();
  const at = (devMode?: boolean) => pipeline({ pipelineName: 'dev_p', destination: { type: 'duckdb', path: join(dir, 'dev.duckdb') }, pipelinesDir: join(dir, 'pipelines'), devMode });
  const normal = at();
  await normal.run(events(3));
  assert.equal(normal.datasetName, 'dev_p_dataset');

  const before = Date.now();
  const dev = at(true);
  assert.match(dev.datasetName, /^dev_p_dataset_\d{14}$/);
  const stamp = dev.datasetName.slice(-14);
  const utc = new Date(before).toISOString().replace(/\D/g, '').slice(0, 14);
  assert.ok(stamp >= utc.slice(0, 12), `${stamp} is the UTC time of the pipeline's creation (${utc})`);
  assert.equal(dev.firstRun, true, 'the working dir was wiped');
  assert.equal(dev.state.sources.dev_p, undefined, 'the cursor of the normal run is gone');
  await dev.run(events(4));
  assert.deepEqual((await dev.dataset().query('SELECT id FROM events ORDER BY id')).map((r) => Number(r.id)), [1, 2, 3, 4]);
  assert.equal(await normal.dataset().table('events').count(), 3, 'the normal dataset is untouched');
  assert.ok(existsSync(join(dir, 'pipelines', 'dev_p', 'state.json')));
});

test('devMode keeps a dataset name ending in _ free of a double underscore, as dlt', () => {
  const dir = tempDir();
  const p = pipeline({ pipelineName: 'dev_q', datasetName: 'raw_', destination: { type: 'duckdb', path: join(dir, 'q.duckdb') }, pipelinesDir: join(dir, 'pipelines'), devMode: true });
  assert.match(p.datasetName, /^raw_\d{14}$/);
});
