/**
 * Child-request fan-out: 1,000 child requests (one per parent item) against a loopback mock with 20 ms
 * latency per request, sequential vs `parallelized` (default limit 4, or BENCH_PARALLEL). Prints both
 * times and the speedup (target ≥ 3×). Run: `node --import tsx bench/rest-children.ts`.
 * Env: BENCH_CHILDREN (default 1000), BENCH_LATENCY_MS (default 20), BENCH_PARALLEL (default true = 4).
 */
import { pathToFileURL } from 'node:url';
import { extractSource } from '../src/extract/extractor.js';
import { restApiSource } from '../src/sources/rest-api/index.js';
import { MockApi, makeRecords } from '../src/testing/mock-api.js';

export interface RestChildrenResult {
  children: number;
  latencyMs: number;
  parallel: number;
  sequentialMs: number;
  parallelMs: number;
  speedup: number;
}

async function timeRun(base: string, children: number, parallelized: boolean | number): Promise<number> {
  const src = restApiSource({
    client: { base_url: base },
    resources: [
      { name: 'parents', endpoint: { path: 'parents', paginator: { type: 'offset', limit: 100 } } },
      {
        name: 'children',
        parallelized,
        endpoint: { path: 'parents/{resources.parents.id}/children', paginator: 'single_page', data_selector: 'data' },
        include_from_parent: ['id'],
      },
    ],
  });
  let rows = 0;
  let last = 0;
  let ordered = true;
  const t0 = performance.now();
  await extractSource(src, {
    sourcesState: {},
    sink: (r, page) => {
      if (r.name !== 'children') return;
      for (const rec of page as { _parents_id: number }[]) {
        if (rec._parents_id < last) ordered = false;
        last = rec._parents_id;
        rows++;
      }
    },
  });
  const ms = performance.now() - t0;
  if (rows !== children) throw new Error(`expected ${children} child rows, got ${rows}`);
  if (!ordered) throw new Error('child pages were not in parent-item order');
  return ms;
}

/** Runs the benchmark and prints the result. */
export async function main(): Promise<RestChildrenResult> {
  const children = Number(process.env.BENCH_CHILDREN ?? 1000);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 20);
  const p = process.env.BENCH_PARALLEL;
  const parallelized: boolean | number = p ? Number(p) : true;
  const api = new MockApi({
    routes: [
      { path: '/parents', collection: 'parents', paginate: { type: 'offset' }, pageSize: 100 },
      { path: '/parents/:id/children', handler: (req) => ({ json: { data: [{ child_of: Number(req.params.id) }] } }) },
    ],
    collections: { parents: makeRecords(children) },
    faults: { alwaysLatencyMs: latencyMs },
    logRequests: false,
  });
  const base = await api.start();
  try {
    const sequentialMs = await timeRun(base, children, false);
    const parallelMs = await timeRun(base, children, parallelized);
    const parallel = parallelized === true ? 4 : Number(parallelized);
    const result = { children, latencyMs, parallel, sequentialMs, parallelMs, speedup: sequentialMs / parallelMs };
    console.log(`rest-children: ${children} child requests at ${latencyMs} ms latency`);
    console.log(`  sequential:          ${(sequentialMs / 1000).toFixed(2)} s`);
    console.log(`  parallelized (${parallel}):   ${(parallelMs / 1000).toFixed(2)} s`);
    console.log(`  speedup:             ${result.speedup.toFixed(2)}x (target >= 3x)`);
    return result;
  } finally {
    await api.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
