/**
 * State sync with the destination (dlt `restore_from_destination`): a Pipeline object compares its
 * working dir's state with the destination's once, before its first extraction, and takes the
 * destination's when it is newer — another working dir ran the pipeline since.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource, source } from '../../src/index.js';
import { setLogSink } from '../../src/common/log.js';
import { tempDir } from '../helpers.js';

const events = (n: number) => source('ev_source', [resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } })]);

function hosts() {
  const dir = tempDir();
  return (workingDirs: string) =>
    pipeline({ pipelineName: 'shared', destination: { type: 'duckdb', path: join(dir, 'shared.duckdb') }, datasetName: 'shared_data', pipelinesDir: join(dir, workingDirs) });
}

test('a working dir whose state is older than the destination’s continues from the destination’s cursor: no row loaded twice', async () => {
  const on = hosts();
  await on('host_a').run(events(5));
  await on('host_b').run(events(8)); // restores host a's state, loads 6..8
  const a = on('host_a'); // its state.json still says 5
  await a.run(events(10));
  const [r] = await a.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM ev');
  assert.deepEqual(r, { n: 10, d: 10 });
  assert.equal((a.state.sources.ev_source as any).resources.ev.incremental.id.last_value, 10);
  assert.equal(a.firstRun, false);
});

test('resources dropped in the working dir stay dropped: the older destination state is not taken back', async () => {
  const on = hosts();
  const p = on('host_a');
  await p.run(events(3));
  await p.dropResources(['ev']);
  const next = on('host_a');
  await next.run(events(3));
  assert.equal(await next.dataset().table('ev').count(), 3);
  assert.equal((next.state.sources.ev_source as any).resources.ev.incremental.id.last_value, 3);
});

test('the same pipeline pointed at a new dataset starts over there, as dlt: every row loads into it', async () => {
  const dir = tempDir();
  const at = (datasetName: string) => pipeline({ pipelineName: 'moved', destination: { type: 'duckdb', path: join(dir, 'moved.duckdb') }, datasetName, pipelinesDir: join(dir, 'pipelines') });
  await at('first_data').run(events(3));
  const lines: string[] = [];
  const prev = setLogSink((_l, line) => lines.push(line));
  const moved = at('second_data');
  try {
    await moved.run(events(4));
  } finally {
    setLogSink(prev);
  }
  assert.equal(await moved.dataset().table('ev').count(), 4);
  assert.ok(lines.some((l) => /pipeline moved loaded into dataset first_data before and now loads into second_data, which does not exist in .*: starting over/.test(l)), lines.join('\n'));
});

test('the same pipeline pointed at an existing dataset without its state keeps its cursors there and warns', async () => {
  const dir = tempDir();
  const at = (pipelineName: string, datasetName: string) => pipeline({ pipelineName, destination: { type: 'duckdb', path: join(dir, 'moved.duckdb') }, datasetName, pipelinesDir: join(dir, 'pipelines') });
  await at('other', 'second_data').run(events(1));
  await at('moved', 'first_data').run(events(3));
  const lines: string[] = [];
  const prev = setLogSink((_l, line) => lines.push(line));
  const moved = at('moved', 'second_data');
  try {
    await moved.run(events(4));
  } finally {
    setLogSink(prev);
  }
  assert.deepEqual((await moved.dataset().query('SELECT id FROM ev ORDER BY id')).map((r) => Number(r.id)), [1, 4]);
  assert.ok(lines.some((l) => /pipeline moved loaded into dataset first_data before and now loads into second_data, which holds no state of it: its state \(incremental cursors, resource state\) carries over/.test(l)), lines.join('\n'));
});

test('dropped resources stay dropped for a working dir restored from the destination: their rows load again from scratch', async () => {
  const on = hosts();
  await on('host_a').run(events(3));
  assert.deepEqual(await on('host_a').dropResources(['ev']), ['ev']);
  const b = on('host_b'); // a new machine: state and schema come from the destination
  await b.run(events(3));
  assert.equal(await b.dataset().table('ev').count(), 3);
});

test('dropResources in a stale working dir first takes the destination’s newer state: the drop does not put old cursors back', async () => {
  const on = hosts();
  const both = (n: number) =>
    source('ev_source', [
      resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } }),
      resource([{ k: 1 }], { name: 'other', write_disposition: 'replace' }),
    ]);
  await on('host_a').run(both(5));
  await on('host_b').run(both(8)); // loads 6..8
  assert.deepEqual(await on('host_a').dropResources(['other']), ['other']); // host_a's state.json still says 5
  const c = on('host_c'); // a new machine restores from the destination
  await c.run(both(10));
  const [r] = await c.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM ev');
  assert.deepEqual(r, { n: 10, d: 10 });
});

test('a destination state of the same version as the local one does not replace it', async () => {
  const on = hosts();
  const p = on('host_a');
  await p.run(events(3));
  // A local change the destination does not have, at the same version (as an older sluice's drop left it).
  const file = join(p.workingDir.root, 'state.json');
  const state = JSON.parse(readFileSync(file, 'utf8'));
  delete state.sources.ev_source.resources.ev;
  state._version_hash = 'changed-locally';
  writeFileSync(file, JSON.stringify(state));
  const next = on('host_a');
  await next.run(events(3));
  assert.equal((next.state.sources.ev_source as any).resources.ev.incremental.id.last_value, 3);
  const [r] = await next.dataset().query('SELECT count(*) AS n FROM ev');
  assert.equal(r!.n, 6, 'the local state (cursor reset) was used: the 3 rows load again, as a drop asks');
});
