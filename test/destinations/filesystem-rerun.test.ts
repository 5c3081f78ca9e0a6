/**
 * filesystem: a load killed after some data files were in place, and re-run with settings that name the
 * files differently (compression on/off, a `current_datetime` function), leaves each row exactly once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ATTEMPTS_FILE, recordAttempt } from '../../src/destinations/filesystem/filesystem-attempts.js';
import { filesystem, pipeline, resource } from '../../src/index.js';
import { LoadPackage } from '../../src/storage/load-package.js';
import { tempDir } from '../helpers.js';

const N = 3000;

/** A pending `users` package of N rows with a child table (`users__tags`), in `dir`. */
async function prepare(dir: string) {
  const bucket = join(dir, 'bucket');
  const pipelinesDir = join(dir, 'p');
  const p = pipeline({ pipelineName: 'rerun_p', pipelinesDir, datasetName: 'lake', destination: filesystem({ bucketUrl: bucket }) });
  const rows = function* () {
    for (let i = 0; i < N; i += 1000) yield Array.from({ length: 1000 }, (_, k) => ({ id: i + k, name: `user ${i + k}`, tags: ['a', 'b'] }));
  };
  await p.extract(resource(rows, { name: 'users' }));
  await p.normalize();
  return { p, bucket, pipelinesDir };
}

/** Runs the load child; resolves with how it ended. */
function loadChild(pipelinesDir: string, bucket: string, setting: string, killAfter?: number): Promise<{ killed: boolean }> {
  const args = [join(import.meta.dirname, 'fixtures', 'filesystem-rerun-child.ts'), pipelinesDir, bucket, setting, ...(killAfter === undefined ? [] : [String(killAfter)])];
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (d) => (stderr += d));
    c.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true });
      else if (code === 0) resolve({ killed: false });
      else reject(new Error(`load child failed (${code}): ${stderr}`));
    });
  });
}

const dataFiles = (bucket: string, table: string): string[] => {
  const dir = join(bucket, 'lake', table);
  return existsSync(dir) ? readdirSync(dir).filter((f) => !f.endsWith('.tmp')).sort() : [];
};

for (const [first, rerun] of [
  ['gz', 'plain'],
  ['plain', 'gz'],
  ['clock', 'clock'],
] as const) {
  test(`a load SIGKILLed mid-way (${first}) and re-run (${rerun}) loads every row once`, { timeout: 120_000 }, async () => {
    const { p, bucket, pipelinesDir } = await prepare(tempDir());

    // The first attempt dies right after its first data file is in place.
    assert.deepEqual(await loadChild(pipelinesDir, bucket, first, 1), { killed: true });
    assert.equal(p.pendingPackages().length, 1, 'the killed load left its package pending');
    const left = [...dataFiles(bucket, 'users'), ...dataFiles(bucket, 'users__tags')];
    assert.equal(left.length, 1, `one data file of the first attempt is in place: ${left.join()}`);
    assert.equal(dataFiles(bucket, '_dlt_loads').length, 0);

    assert.deepEqual(await loadChild(pipelinesDir, bucket, rerun), { killed: false });
    assert.equal(p.pendingPackages().length, 0);
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
    assert.deepEqual({ n: Number(r!.n), d: Number(r!.d) }, { n: N, d: N });
    assert.equal(await p.dataset().table('users__tags').count(), 2 * N);
    assert.equal((await p.dataset().loads()).length, 1);
    // The rerun's settings win: its files only, named as they say.
    const files = [...dataFiles(bucket, 'users'), ...dataFiles(bucket, 'users__tags')];
    assert.equal(files.length, 2, files.join());
    assert.ok(!files.includes(left[0]!), `the first attempt's ${left[0]} is gone: ${files.join()}`);
    const suffix = rerun === 'plain' ? '.jsonl' : '.jsonl.gz';
    assert.ok(files.every((f) => f.endsWith(suffix)), files.join());
  });
}

test('a rerun whose job is rejected aborts the package and removes the files the killed attempt put in place', { timeout: 120_000 }, async () => {
  const { p, bucket, pipelinesDir } = await prepare(tempDir());
  assert.deepEqual(await loadChild(pipelinesDir, bucket, 'gz', 1), { killed: true });
  assert.equal([...dataFiles(bucket, 'users'), ...dataFiles(bucket, 'users__tags')].length, 1);
  // The rerun finds a value its column cannot take: the destination rejects the job.
  const [pkg] = p.pendingPackages();
  const job = pkg!.jobs().find((j) => j.table === 'users__tags')!;
  const csv = readFileSync(pkg!.jobPath(job), 'utf8').split('\n');
  const header = csv[0]!.split(',');
  const at = header.indexOf('"_dlt_list_idx"');
  assert.ok(at >= 0, csv[0]);
  csv[1] = csv[1]!.split(',').map((v, i) => (i === at ? 'not a number' : v)).join(',');
  writeFileSync(pkg!.jobPath(job), csv.join('\n'));
  await assert.rejects(p.load(), /aborted/);
  assert.equal(p.pendingPackages().length, 0);
  assert.deepEqual([...dataFiles(bucket, 'users'), ...dataFiles(bucket, 'users__tags')], [], 'nothing of the aborted package is in the dataset');
});

test('the recorded paths of earlier attempts are removed only inside the dataset folder', () => {
  const dir = tempDir();
  const pkg = new LoadPackage(join(dir, 'pkg'));
  mkdirSync(pkg.dir);
  const dataset = join(dir, 'bucket', 'lake');
  writeFileSync(join(pkg.dir, ATTEMPTS_FILE), JSON.stringify({ files: ['users/1.a.jsonl.gz', '../other/x.jsonl', join(dir, 'abs.jsonl'), 'users/../../y.jsonl'] }));
  assert.deepEqual(recordAttempt(pkg, dataset, [join(dataset, 'users', '1.a.jsonl')]), [join(dataset, 'users', '1.a.jsonl.gz')]);
  assert.deepEqual(JSON.parse(readFileSync(join(pkg.dir, ATTEMPTS_FILE), 'utf8')).files, ['users/1.a.jsonl.gz', 'users/1.a.jsonl']);
});
