/**
 * One benchmark run in its own process (so peak RSS is per N): REST source against the mock API in a
 * separate process → DuckDB. Prints one JSON line with per-stage timings.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from '../src/index.js';
import { silentProgress, type ProgressReporter } from '../src/pipeline/progress.js';
import { restApiSource } from '../src/sources/rest-api/index.js';
import { RelationalNormalizer } from '../src/normalize/relational.js';
import { SnakeCaseNaming } from '../src/schema/naming.js';
import { Schema } from '../src/schema/schema.js';
import { record } from './records.js';
import { scriptArgs } from './script-args.js';

async function startServer(n: number): Promise<{ port: number; cpuSeconds: () => Promise<number>; stop: () => void }> {
  const child = spawn(process.execPath, [...scriptArgs(import.meta.url, 'mock-server'), String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  const cpuSeconds = async () => ((await (await fetch(`http://127.0.0.1:${port}/cpu`)).json()) as { cpuSeconds: number }).cpuSeconds;
  return { port, cpuSeconds, stop: () => child.kill() };
}

/** Normalize alone: in-memory pages of records through the normalizer into a no-op sink. */
function normalizeOnly(n: number): number {
  const pages: unknown[][] = [];
  for (let i = 0; i < Math.min(n, 100_000); i += 1000) pages.push(Array.from({ length: 1000 }, (_, k) => record(i + k)));
  const norm = new RelationalNormalizer(new Schema('bench'), new SnakeCaseNaming(), '1.0', { addRow() {} });
  const t0 = performance.now();
  for (const p of pages) norm.normalizePage({ name: 'users' }, p);
  return (pages.length * 1000) / ((performance.now() - t0) / 1000);
}

/** Samples RSS every 20 ms and keeps the peak per pipeline phase (extract+normalize vs load). */
function phaseMemory() {
  const peak = { extractNormalize: 0, load: 0 };
  let phase: keyof typeof peak = 'extractNormalize';
  /** Process CPU usage when the load step started. */
  const atLoad = { cpu: process.cpuUsage(), faults: process.resourceUsage().minorPageFault };
  const sample = () => (peak[phase] = Math.max(peak[phase], process.memoryUsage.rss() / 1024 / 1024));
  const timer = setInterval(sample, 20);
  const progress: ProgressReporter = {
    ...silentProgress,
    stepStarted(step) {
      sample();
      if (step === 'load') {
        phase = 'load';
        atLoad.cpu = process.cpuUsage();
        atLoad.faults = process.resourceUsage().minorPageFault;
      }
    },
  };
  return { progress, peak, atLoad, stop: () => (sample(), clearInterval(timer)) };
}

export async function benchOnce(n: number) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const server = await startServer(n);
  const mem = phaseMemory();
  try {
    const p = pipeline({ pipelineName: 'bench', destination: { type: 'duckdb', path: join(dir, 'bench.duckdb') }, datasetName: 'bench_data', pipelinesDir: join(dir, 'pipelines'), progress: mem.progress });
    const src = restApiSource({
      client: { base_url: `http://127.0.0.1:${server.port}/`, paginator: { type: 'offset', limit: 1000, total_path: 'total' } },
      resources: [{ name: 'users', endpoint: { path: 'users', data_selector: 'items' } }],
    }, { name: 'bench_source' });
    const serverCpu0 = await server.cpuSeconds();
    const cpu0 = process.cpuUsage();
    const faults0 = process.resourceUsage().minorPageFault;
    // Busy time of the main thread (JavaScript, GC pauses and native calls on it; not DuckDB's threads).
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const info = await p.run(src);
    const total = (performance.now() - t0) / 1000;
    const mainThreadSeconds = performance.eventLoopUtilization(elu0).active / 1000;
    const cpu = process.cpuUsage(cpu0);
    const loadCpu = process.cpuUsage(mem.atLoad.cpu);
    const faults = process.resourceUsage().minorPageFault;
    const serverCpu = (await server.cpuSeconds()) - serverCpu0;
    mem.stop();
    const steps = Object.fromEntries(p.lastTrace!.steps.map((s) => [s.step, s.duration]));
    const rows = Object.values(info.rowCounts).reduce((a, b) => a + b, 0);
    // Peak RSS is read before the in-memory normalize-only measurement, which holds its pages.
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    return { n, rows, total, extract: steps.extract!, normalize: steps.normalize!, load: steps.load!, normalizeOnly: normalizeOnly(n), cpuSeconds: (cpu.user + cpu.system) / 1e6, systemCpuSeconds: cpu.system / 1e6, extractFaults: mem.atLoad.faults - faults0, loadFaults: faults - mem.atLoad.faults, loadCpuSeconds: (loadCpu.user + loadCpu.system) / 1e6, mainThreadSeconds, serverCpuSeconds: serverCpu, peakRssMb, rssExtractNormalizeMb: mem.peak.extractNormalize, rssLoadMb: mem.peak.load };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const r = await benchOnce(Number(process.argv[3]));
  process.stdout.write(JSON.stringify(r) + '\n');
  process.exit(0);
}
