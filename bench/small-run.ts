/**
 * Small-run latency: `run()` of 10 nested records into DuckDB inside a warm process (the pipeline and
 * its DuckDB file already open from a first run). Prints the median and the slowest of 20 runs.
 *
 * `node --import tsx bench/small-run.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, resource } from '../src/index.js';
import { record } from './records.js';

const RUNS = 20;

export async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-small-'));
  try {
    const p = pipeline({ pipelineName: 'small', destination: { type: 'duckdb', path: join(dir, 'small.duckdb') }, datasetName: 'small_data', pipelinesDir: join(dir, 'pipelines') });
    const batch = (k: number) => resource(Array.from({ length: 10 }, (_, i) => record(k * 10 + i)), { name: 'users' });
    await p.run(batch(0)); // warm-up: creates the tables, opens the file
    const times: number[] = [];
    for (let k = 1; k <= RUNS; k++) {
      const t0 = performance.now();
      await p.run(batch(k));
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    const rows = await p.dataset().table('users').count();
    console.log(`small-run: ${RUNS} runs of 10 records (${rows} users after), warm process, DuckDB`);
    console.log(`  median ${times[RUNS >> 1]!.toFixed(3)} s, slowest ${times[RUNS - 1]!.toFixed(3)} s (target < 0.25 s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
