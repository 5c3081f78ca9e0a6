/**
 * `npm run bench [-- --sizes 10000,100000,1000000] [-- --only pipeline|small|rest|children|destinations]`
 * Prints records/s and rows/s per stage, total, peak RSS, CPU seconds (sluice, its main thread, the mock
 * API) and CPU µs per record (sluice + mock) per N (each N in its own process), then
 * the other benchmarks (REST client overhead, parallel children, destinations) when present.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scriptArgs, scriptPath } from './script-args.js';

const { values } = parseArgs({ options: { sizes: { type: 'string' }, only: { type: 'string' }, destination: { type: 'string' } }, allowPositionals: true });
const sizes = (values.sizes ?? '10000,100000,1000000').split(',').map(Number);
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

if (!values.only || values.only === 'pipeline') {
  console.log('\n== pipeline: REST source (mock API in a separate process) → DuckDB, nested ~1 KB records, 5 rows/record ==');
  console.log('N'.padStart(9), 'rec/s total'.padStart(12), 'rows/s total'.padStart(13), 'extract rec/s'.padStart(14), 'normalize rec/s'.padStart(16), 'load rows/s'.padStart(12), 'normalize-only rec/s'.padStart(21), 'peak RSS MB'.padStart(12), 'RSS extract+norm'.padStart(17), 'RSS load'.padStart(9), 'CPU s'.padStart(6), 'of it kernel s'.padStart(15), 'load CPU s'.padStart(11), 'page faults'.padStart(12), 'main thread s'.padStart(14), 'mock CPU s'.padStart(11), 'CPU µs/rec'.padStart(11));
  for (const n of sizes) {
    const r = spawnSync(process.execPath, [...scriptArgs(import.meta.url, 'pipeline-bench'), '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) {
      console.log(`N=${n} failed:`, r.stderr.slice(-2000));
      continue;
    }
    const x = JSON.parse(r.stdout.trim().split('\n').pop()!);
    console.log(fmt(n).padStart(9), fmt(n / x.total).padStart(12), fmt(x.rows / x.total).padStart(13), fmt(n / x.extract).padStart(14), fmt(n / x.normalize).padStart(16), fmt(x.rows / x.load).padStart(12), fmt(x.normalizeOnly).padStart(21), x.peakRssMb.toFixed(0).padStart(12), x.rssExtractNormalizeMb.toFixed(0).padStart(17), x.rssLoadMb.toFixed(0).padStart(9), x.cpuSeconds.toFixed(1).padStart(6), x.systemCpuSeconds.toFixed(1).padStart(15), x.loadCpuSeconds.toFixed(1).padStart(11), fmt(x.extractFaults + x.loadFaults).padStart(12), x.mainThreadSeconds.toFixed(1).padStart(14), x.serverCpuSeconds.toFixed(1).padStart(11), ((1e6 * (x.cpuSeconds + x.serverCpuSeconds)) / n).toFixed(1).padStart(11));
  }
}

for (const [name, file] of [['small', 'small-run'], ['rest', 'rest-client'], ['children', 'rest-children'], ['destinations', 'destinations']] as const) {
  if (values.only && values.only !== name) continue;
  const path = scriptPath(import.meta.url, file);
  if (!existsSync(path)) continue;
  console.log(`\n== ${name} (${file}) ==`);
  const mod = await import(path);
  if (typeof mod.main === 'function') await mod.main({ destination: values.destination });
}
