/** `p.lastTrace` after failures: the failing step is recorded with its error, and the run reads FAILED. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DataValidationError, pipeline, resource, traceToString } from '../../src/index.js';
import { tempDir, tempPipeline } from '../helpers.js';

test('a destination that cannot be opened before extraction: the trace has a failed sync step', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'not-a-dir'), '');
  const p = pipeline({ pipelineName: 'trace_sync', destination: { type: 'duckdb', path: join(dir, 'not-a-dir', 'x.duckdb') }, pipelinesDir: join(dir, 'pipelines') });
  await assert.rejects(p.run(resource([{ id: 1 }], { name: 't' })), /Pipeline step sync failed: cannot open DuckDB database .*not-a-dir\/x\.duckdb.*nothing was extracted/);
  assert.deepEqual(p.lastTrace!.steps.map((s) => [s.step, !!s.error]), [['sync', true]]);
  assert.match(traceToString(p.lastTrace!), /^Run started at \S+ and FAILED in .* with 1 steps\.\nStep sync FAILED in/);
});

test('normalize() failing on a freeze contract: the trace has the failed normalize step', async () => {
  const { p } = tempPipeline('trace_normalize');
  await p.run(resource([{ id: 1 }], { name: 't', schema_contract: { columns: 'freeze' } }));
  await p.extract(resource([{ id: 2, surprise: true }], { name: 't', schema_contract: { columns: 'freeze' } }));
  await assert.rejects(p.normalize(), /surprise/);
  const [step] = p.lastTrace!.steps;
  assert.equal(step?.step, 'normalize');
  assert.match(step!.error!, /surprise/);
  assert.match(traceToString(p.lastTrace!), /FAILED/);
});

test('run() refused by a freeze contract: the normalize step failed, not the extraction', async () => {
  const { p } = tempPipeline('trace_run_normalize');
  await p.run(resource([{ id: 1 }], { name: 't', schema_contract: { columns: 'freeze' } }));
  const err = await p.run(resource([{ id: 2 }, { id: 3, surprise: true }], { name: 't', schema_contract: { columns: 'freeze' } })).then(
    () => assert.fail('the run should fail'),
    (e: unknown) => e as Error,
  );
  assert.match(err.message, /^Pipeline step normalize failed: resource t: schema contract 'freeze' on columns: .*'surprise'/);
  assert.ok(err.cause instanceof DataValidationError, 'the cause is the contract violation');
  assert.deepEqual(p.lastTrace!.steps.map((s) => [s.step, !!s.error]), [['extract', false], ['normalize', true]]);
  assert.deepEqual(p.lastTrace!.steps[0]!.counts, { t: 2 });
  assert.equal(await p.dataset().table('t').count(), 1, 'nothing of the refused run is loaded');
});
