import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startDashboard } from '../../src/dashboard/index.js';
import { loadFixture } from './fixture.js';

test('without a destination option: the state names duckdb; a missing database file is reported, never created', async () => {
  const fx = await loadFixture(100);
  const dash = await startDashboard({ pipelineName: fx.pipelineName, pipelinesDir: fx.pipelinesDir });
  try {
    const o = (await (await fetch(dash.url + 'api/overview')).json()) as { destination: { type: string }; tables: { error?: string }; pipeline: { datasetName: string } };
    assert.equal(o.destination.type, 'duckdb');
    assert.equal(o.pipeline.datasetName, 'shop_dataset');
    assert.match(o.tables.error ?? '', /does not exist, although 2 loads of this pipeline went to its destination/);
    assert.equal(existsSync(join(process.cwd(), 'shop.duckdb')), false);
    const s = (await (await fetch(dash.url + 'api/state')).json()) as { cursors: { lastValue: unknown }[] };
    assert.equal(s.cursors[0]?.lastValue, '2024-03-05T12:30:00Z', 'local pages work without the destination');
    const r = await fetch(dash.url + 'api/nope');
    assert.equal(r.status, 404);
  } finally {
    await dash.close();
    rmSync(fx.root, { recursive: true, force: true });
  }
});

test('an unknown pipeline fails with a message naming the working dir', async () => {
  await assert.rejects(startDashboard({ pipelineName: 'nope', pipelinesDir: '/tmp/sluice-no-such-dir' }), /pipeline 'nope' has no working dir .*\/tmp\/sluice-no-such-dir\/nope/);
});

test('host other than 127.0.0.1 is refused', async () => {
  await assert.rejects(startDashboard({ pipelineName: 'x', host: '0.0.0.0' as '127.0.0.1' }), /127\.0\.0\.1 only/);
});
