/**
 * filesystem: a pending package whose load was killed after some data files were in place, and then
 * given up (dropPendingPackages(), `sluice pipeline <name> drop-pending-packages`, sync()), leaves none
 * of its files, and none of its rows, in the dataset.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ATTEMPTS_FILE } from '../../src/destinations/filesystem/filesystem-attempts.js';
import { filesystem, pipeline, resource } from '../../src/index.js';
import { Project, show } from '../cli/helpers.js';
import { tempDir } from '../helpers.js';

const N = 3000;
const rows = function* () {
  for (let i = 0; i < N; i += 1000) yield Array.from({ length: 1000 }, (_, k) => ({ id: i + k, name: `user ${i + k}`, tags: ['a', 'b'] }));
};

/** The pipeline of the rerun child (filesystem-rerun-child.ts), in `pipelinesDir`, loading into `<bucket>/lake`. */
const open = (pipelinesDir: string, bucket: string) => pipeline({ pipelineName: 'rerun_p', pipelinesDir, datasetName: 'lake', destination: filesystem({ bucketUrl: bucket }) });

/** A pending package of N `users` whose load was SIGKILLed right after its first data file was in place. */
async function killedLoad(pipelinesDir: string, bucket: string) {
  const p = open(pipelinesDir, bucket);
  await p.extract(resource(rows, { name: 'users' }));
  await p.normalize();
  const child = join(import.meta.dirname, 'fixtures', 'filesystem-rerun-child.ts');
  const signal = await new Promise((resolve) => spawn(process.execPath, ['--import', 'tsx', child, pipelinesDir, bucket, 'gz', '1'], { stdio: 'ignore' }).on('exit', (_, s) => resolve(s)));
  assert.equal(signal, 'SIGKILL');
  assert.equal(p.pendingPackages().length, 1, 'the killed load left its package pending');
  assert.equal(dataFiles(bucket).filter((f) => !f.endsWith('.tmp')).length, 1, `one data file of the killed attempt is in the dataset: ${dataFiles(bucket).join()}`);
  return p;
}

/** Every file (`.tmp` too) of the data tables and of the system tables a load writes before its commit. */
const dataFiles = (bucket: string): string[] =>
  ['users', 'users__tags', '_dlt_pipeline_state', '_dlt_version', '_dlt_loads'].flatMap((t) => {
    const dir = join(bucket, 'lake', t);
    return existsSync(dir) ? readdirSync(dir).map((f) => `${t}/${f}`) : [];
  });

/** A new run of the same pipeline loads every row once. */
async function runsNormally(pipelinesDir: string, bucket: string): Promise<void> {
  const p = open(pipelinesDir, bucket);
  await p.run(resource(rows, { name: 'users' }));
  const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
  assert.deepEqual({ n: Number(r!.n), d: Number(r!.d) }, { n: N, d: N });
  assert.equal(await p.dataset().table('users__tags').count(), 2 * N);
  assert.equal((await p.dataset().loads()).length, 1);
}

test('dropPendingPackages() removes the files a killed load put in the dataset; the next run loads normally', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const [pipelinesDir, bucket] = [join(dir, 'p'), join(dir, 'bucket')];
  const p = await killedLoad(pipelinesDir, bucket);
  assert.equal(await p.dropPendingPackages(), 1);
  assert.equal(p.pendingPackages().length, 0);
  assert.deepEqual(dataFiles(bucket), [], 'nothing of the dropped package is in the dataset');
  await runsNormally(pipelinesDir, bucket);

  // A package whose load was committed but whose bookkeeping did not finish keeps its rows when dropped.
  const [loaded] = readdirSync(join(pipelinesDir, 'rerun_p', 'load', 'loaded'));
  cpSync(join(pipelinesDir, 'rerun_p', 'load', 'loaded', loaded!), join(pipelinesDir, 'rerun_p', 'load', 'normalized', loaded!), { recursive: true });
  assert.equal(await open(pipelinesDir, bucket).dropPendingPackages(), 1);
  assert.equal(await open(pipelinesDir, bucket).dataset().table('users').count(), N);
});

test('sluice pipeline <name> drop-pending-packages removes the files a killed load put in the dataset', { timeout: 120_000 }, async () => {
  const project = new Project();
  const bucket = join(project.dir, 'bucket');
  await killedLoad(project.pipelinesDir, bucket);
  const r = await project.run(['pipeline', 'rerun_p', 'drop-pending-packages', '-y'], { DESTINATION__FILESYSTEM__BUCKET_URL: bucket });
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /Dropped 1 pending load package/);
  assert.deepEqual(dataFiles(bucket), []);
  await runsNormally(project.pipelinesDir, bucket);
});

test('sync() removes the files a killed load of a pending package put in the dataset', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const [pipelinesDir, bucket] = [join(dir, 'p'), join(dir, 'bucket')];
  const p = await killedLoad(pipelinesDir, bucket);
  assert.equal(await p.sync(), false);
  assert.equal(p.pendingPackages().length, 0);
  assert.deepEqual(dataFiles(bucket), []);
  await runsNormally(pipelinesDir, bucket);
});

test('a run that starts over (the dataset folder was deleted) removes the files a killed load of its dropped package put there', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const [pipelinesDir, bucket] = [join(dir, 'p'), join(dir, 'bucket')];
  await open(pipelinesDir, bucket).run(resource(rows, { name: 'users' }));
  rmSync(join(bucket, 'lake'), { recursive: true });
  await killedLoad(pipelinesDir, bucket);
  await runsNormally(pipelinesDir, bucket);
});

test('a package whose files cannot be removed is kept, with an error that names it', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const [pipelinesDir, bucket] = [join(dir, 'pipelines'), join(dir, 'bucket')];
  const p = await killedLoad(pipelinesDir, bucket);
  const [pkg] = p.pendingPackages();
  writeFileSync(join(pkg!.dir, ATTEMPTS_FILE), '{"files": [');
  await assert.rejects(p.dropPendingPackages(), (e: Error) => {
    assert.match(e.message, new RegExp(`^could not remove the files an unfinished load of package ${pkg!.loadId.replace('.', '\\.')} put in .*lake: .*nothing was dropped`));
    return true;
  });
  assert.equal(p.pendingPackages().length, 1, 'the package is kept');
  const cli = await new Project().run(['pipeline', 'rerun_p', 'drop-pending-packages', '-y'], { SLUICE_DATA_DIR: dir, DESTINATION__FILESYSTEM__BUCKET_URL: bucket });
  assert.equal(cli.code, 1, show(cli));
  assert.match(cli.stderr, /could not remove the files an unfinished load of package .*nothing was dropped/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(p.pendingPackages().length, 1, 'the CLI keeps it too');
  await assert.rejects(p.sync(), /nothing was dropped/);
  assert.equal(p.pendingPackages().length, 1, 'sync() keeps it too');
});
