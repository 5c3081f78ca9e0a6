import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { pipeline } from '../../src/index.js';
import { tempDir } from '../helpers.js';

const N = 60_000;

/** Runs the child until it prints READY, waits `delayMs`, then SIGKILLs it. */
function runAndKill(dir: string, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'fixtures', 'load-child.ts'), dir, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('READY')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' || code === 0 ? resolve(out) : reject(new Error(`child failed (${code}): ${err}`))));
  });
}

for (const delay of [0, 40, 150]) {
  test(`a load killed with SIGKILL ${delay} ms in is finished by the next run with no duplicates and no loss`, async () => {
    const dir = tempDir();
    const out = await runAndKill(dir, delay);
    const p = pipeline({ pipelineName: 'kill_pipeline', destination: { type: 'duckdb', path: join(dir, 'kill.duckdb') }, datasetName: 'kill_data', pipelinesDir: join(dir, 'pipelines') });
    if (!out.includes('LOADED')) assert.equal(p.pendingPackages().length, 1, 'the killed load left its package pending');
    await p.load();
    assert.equal(p.pendingPackages().length, 0);
    const [r] = await p.dataset().query('SELECT count(*) AS n, count(DISTINCT id) AS d FROM users');
    assert.deepEqual(r, { n: N, d: N });
    assert.equal(await p.dataset().table('users__tags').count(), 2 * N);
    const loads = await p.dataset().loads();
    assert.equal(loads.length, 1);
  });
}
