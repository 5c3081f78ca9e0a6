/**
 * `dropResources` with dlt's `state_paths` and `state_only`: the chosen state is gone — locally and in the
 * destination — and the next run extracts accordingly; with `stateOnly` the tables and their rows stay.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline, resource, source } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const events = (n: number) =>
  source('ev_source', [
    resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'ev', incremental: { cursor_path: 'id' } }),
    resource(Array.from({ length: n }, (_, i) => ({ id: i + 1 })), { name: 'other', incremental: { cursor_path: 'id' } }),
  ]);

function at(dir: string, workingDirs = 'pipelines') {
  return pipeline({ pipelineName: 'drops', destination: { type: 'duckdb', path: join(dir, 'drops.duckdb') }, datasetName: 'drops_data', pipelinesDir: join(dir, workingDirs) });
}
const resources = (p: ReturnType<typeof at>) => (p.state.sources.ev_source as { resources: Record<string, { incremental?: unknown }> }).resources;

test('stateOnly resets the resource state and keeps its tables: the next run extracts it again into them', async () => {
  const dir = tempDir();
  await at(dir).run(events(3));
  const p = at(dir);
  assert.deepEqual(await p.dropResources(['ev'], { stateOnly: true }), [], 'no table dropped');
  assert.equal(resources(p).ev, undefined);
  assert.ok(resources(p).other?.incremental, 'other resources keep their state');
  assert.equal(await p.dataset().table('ev').count(), 3, 'rows stay');
  const fresh = at(dir, 'elsewhere'); // a new working dir restores the reset state from the destination
  await fresh.run(events(3));
  assert.equal(await fresh.dataset().table('ev').count(), 6, 'ev extracted from scratch (append)');
  assert.equal(await fresh.dataset().table('other').count(), 3, 'other continued from its cursor');
});

test('statePaths delete JSONPaths of the source state; no resource tables are dropped', async () => {
  const dir = tempDir();
  await at(dir).run(events(3));
  const p = at(dir);
  const version = p.state._state_version;
  assert.deepEqual(await p.dropResources([], { statePaths: ['$.resources.*.nope'] }), []);
  assert.equal(p.state._state_version, version, 'a path matching nothing changes nothing');
  assert.deepEqual(await p.dropResources([], { statePaths: ['resources.other.incremental'] }), []);
  assert.equal(p.state._state_version, version + 1);
  assert.equal(resources(p).other?.incremental, undefined);
  assert.ok(resources(p).ev?.incremental, 'only the chosen path goes');
  const next = at(dir);
  await next.run(events(4));
  assert.equal(await next.dataset().table('other').count(), 7, 'other extracted from scratch: 3 + 4');
  assert.equal(await next.dataset().table('ev').count(), 4, 'ev continued from its cursor: 3 + 1');
});

test('a resource with state and no table yet (no rows so far) is reset too, as dlt', async () => {
  const dir = tempDir();
  const withEmpty = () => source('ev_source', [resource([] as { id: number }[], { name: 'empty', incremental: { cursor_path: 'id', initial_value: 5 } })]);
  await at(dir).run(withEmpty());
  const p = at(dir);
  assert.ok(resources(p).empty, 'the cursor was stored');
  assert.deepEqual(await p.dropResources(['empty']), []);
  assert.equal(resources(p).empty, undefined);
});

test('schemaName drops only that source’s resources: a resource of the same name in another source keeps its table and state', async () => {
  const dir = tempDir();
  const of = (name: string) => source(name, [resource([{ id: 1 }, { id: 2 }], { name: 'ev', table_name: `${name}_ev`, incremental: { cursor_path: 'id' } })]);
  await at(dir).run(of('src_a'));
  await at(dir).run(of('src_b'));
  const p = at(dir);
  assert.deepEqual(await p.dropResources(['ev'], { schemaName: 'src_a' }), ['src_a_ev']);
  const state = (s: string) => (p.state.sources[s] as { resources: Record<string, unknown> }).resources;
  assert.equal(state('src_a').ev, undefined);
  assert.ok(state('src_b').ev, 'src_b keeps its cursor');
  assert.equal(await p.dataset().table('src_b_ev').count(), 2, 'src_b keeps its table');
  await assert.rejects(p.dataset().table('src_a_ev').count());
});

test('a statePaths entry that is not a valid JSONPath fails where it is given, before anything runs', async () => {
  const dir = tempDir();
  await at(dir).run(events(3));
  const p = at(dir);
  await p.extract(events(4));
  await p.normalize();
  // jsonpath-plus alone reads `resources.ev[` as `resources.ev` and would delete all of ev's state.
  await assert.rejects(p.dropResources([], { statePaths: ['resources.other.incremental', 'resources.ev['] }), /dropResources: statePaths: "resources\.ev\[" is not a valid JSONPath: unclosed '\['/);
  assert.ok(resources(p).ev?.incremental, "ev's state is untouched");
  assert.ok(resources(p).other?.incremental, 'the valid path was not applied either');
  assert.equal(p.pendingPackages().length, 1, 'the pending package was not loaded: nothing ran');
});
