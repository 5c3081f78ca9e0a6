/**
 * REST client overhead benchmark. A child process serves an offset-paginated collection over loopback
 * HTTP (pages of 500 records, bodies pre-serialized so the server is never the bottleneck); this process
 * reads every page sequentially three ways:
 *   - raw fetch:    undici `fetch` on a keep-alive Agent + `res.text()` + `JSON.parse`
 *   - raw request:  undici `request` on a keep-alive Agent + `body.text()` + `JSON.parse`
 *   - sluice:       `HttpClient.send` + `OffsetPaginator` + `selectData` (the REST source's request loop)
 * and prints pages/s, records/s and sluice's overhead against each raw baseline (median of the rounds).
 *
 * Run: `node --import tsx bench/rest-client.ts [--pages 200] [--rounds 5]`, or call `main()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch, request as undiciRequest } from 'undici';
import { HttpClient } from '../src/sources/rest-api/client/http-client.js';
import { OffsetPaginator } from '../src/sources/rest-api/client/paginators/offset.js';
import { selectData } from '../src/sources/rest-api/client/data-selector.js';
import { scriptArgs } from './script-args.js';
import type { RestRequest } from '../src/sources/rest-api/client/types.js';

const PAGE_SIZE = 500;

/** Options of {@link main}. */
export interface RestClientBenchOptions {
  /** Pages per round. Default 200 (100,000 records). */
  pages?: number;
  /** Measured rounds per variant (after one warm-up). Default 5. */
  rounds?: number;
  /** Print the table. Default true. */
  print?: boolean;
}

/** One variant's median result. */
export interface VariantResult {
  name: string;
  pagesPerSec: number;
  recordsPerSec: number;
  ms: number;
}

export interface RestClientBenchResult {
  pages: number;
  recordsPerPage: number;
  bytesPerPage: number;
  variants: VariantResult[];
  /** sluice time over raw fetch time, minus 1, in percent (negative = faster). */
  overheadVsFetchPct: number;
  /** sluice time over raw undici.request time, minus 1, in percent. */
  overheadVsRequestPct: number;
}

function record(i: number): Record<string, unknown> {
  return {
    id: i,
    email: `user${i}@example.com`,
    name: `User Number ${i}`,
    created_at: new Date(1_700_000_000_000 + i * 60_000).toISOString(),
    active: i % 3 !== 0,
    score: (i * 7919) % 1000 / 10,
    tags: ['alpha', `t${i % 17}`],
    address: { city: `City ${i % 100}`, zip: String(10000 + (i % 90000)), geo: { lat: (i % 180) - 90, lng: (i % 360) - 180 } },
    metadata: { plan: i % 2 ? 'pro' : 'free', seats: i % 50, note: null },
  };
}

/** Child-process side: serves `/items?offset=&limit=` from pre-serialized pages; prints the port. */
async function serve(pages: number): Promise<void> {
  const total = pages * PAGE_SIZE;
  const bodies: Buffer[] = [];
  for (let p = 0; p <= pages; p++) {
    const data = p < pages ? Array.from({ length: PAGE_SIZE }, (_, k) => record(p * PAGE_SIZE + k + 1)) : [];
    bodies.push(Buffer.from(JSON.stringify({ data, total })));
  }
  const server = createServer({ keepAlive: true }, (req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const page = Math.min(pages, Math.floor(Number(q.get('offset') ?? 0) / PAGE_SIZE));
    const body = bodies[page]!;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port, bytesPerPage: bodies[0]!.length })}\n`);
  });
  process.on('disconnect', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

async function startServer(pages: number): Promise<{ child: ChildProcess; url: string; bytesPerPage: number }> {
  const child = spawn(process.execPath, [...scriptArgs(import.meta.url, 'rest-client'), '--serve', String(pages)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) res(buf.slice(0, nl));
    });
    child.once('exit', (code) => rej(new Error(`bench server exited with ${code}`)));
  });
  const { port, bytesPerPage } = JSON.parse(line) as { port: number; bytesPerPage: number };
  return { child, url: `http://127.0.0.1:${port}/items`, bytesPerPage };
}

type Runner = () => Promise<number>;

function rawFetch(url: string, agent: Agent): Runner {
  return async () => {
    let records = 0;
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const res = await undiciFetch(`${url}?offset=${offset}&limit=${PAGE_SIZE}`, { dispatcher: agent });
      const body = JSON.parse(await res.text()) as { data: unknown[]; total: number };
      records += body.data.length;
      if (body.data.length === 0 || offset + PAGE_SIZE >= body.total) return records;
    }
  };
}

function rawRequest(url: string, agent: Agent): Runner {
  return async () => {
    let records = 0;
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const res = await undiciRequest(`${url}?offset=${offset}&limit=${PAGE_SIZE}`, { dispatcher: agent });
      const body = JSON.parse(await res.body.text()) as { data: unknown[]; total: number };
      records += body.data.length;
      if (body.data.length === 0 || offset + PAGE_SIZE >= body.total) return records;
    }
  };
}

function sluice(url: string, client: HttpClient): Runner {
  const template = new OffsetPaginator({ limit: PAGE_SIZE });
  return async () => {
    let records = 0;
    const req: RestRequest = { method: 'GET', url, params: {}, headers: {} };
    const p = template.clone();
    p.initRequest(req);
    for (;;) {
      const res = await client.send(req);
      const page = selectData(res.json(), 'data');
      records += page.length;
      p.updateState(res, page);
      if (!p.hasNextPage) return records;
      p.updateRequest(req);
    }
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs the benchmark; returns the medians. */
export async function main(opts: RestClientBenchOptions = {}): Promise<RestClientBenchResult> {
  const pages = opts.pages ?? 200;
  const rounds = opts.rounds ?? 5;
  const { child, url, bytesPerPage } = await startServer(pages);
  const fetchAgent = new Agent({ connections: 50 });
  const requestAgent = new Agent({ connections: 50 });
  const client = new HttpClient();
  const variants: [string, Runner][] = [
    ['raw fetch + JSON.parse', rawFetch(url, fetchAgent)],
    ['raw request + JSON.parse', rawRequest(url, requestAgent)],
    ['sluice HttpClient + paginator + selectData', sluice(url, client)],
  ];
  const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  try {
    for (const [, run] of variants) await run(); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (const [name, run] of variants) {
        const t = performance.now();
        const n = await run();
        times.get(name)!.push(performance.now() - t);
        if (n !== pages * PAGE_SIZE) throw new Error(`${name}: read ${n} records, expected ${pages * PAGE_SIZE}`);
      }
    }
  } finally {
    await Promise.all([fetchAgent.close(), requestAgent.close(), client.close()]);
    child.stdin?.end();
    child.kill();
  }
  const results: VariantResult[] = variants.map(([name]) => {
    const ms = median(times.get(name)!);
    return { name, ms, pagesPerSec: (pages / ms) * 1000, recordsPerSec: ((pages * PAGE_SIZE) / ms) * 1000 };
  });
  const [f, q, s] = results as [VariantResult, VariantResult, VariantResult];
  const out: RestClientBenchResult = {
    pages,
    recordsPerPage: PAGE_SIZE,
    bytesPerPage,
    variants: results,
    overheadVsFetchPct: (s.ms / f.ms - 1) * 100,
    overheadVsRequestPct: (s.ms / q.ms - 1) * 100,
  };
  if (opts.print !== false) {
    console.log(`rest-client: ${pages} pages × ${PAGE_SIZE} records (${(bytesPerPage / 1024).toFixed(0)} KiB/page), median of ${rounds} rounds, loopback keep-alive`);
    for (const v of results) {
      console.log(`  ${v.name.padEnd(44)} ${v.pagesPerSec.toFixed(0).padStart(6)} pages/s ${v.recordsPerSec.toFixed(0).padStart(9)} records/s ${v.ms.toFixed(0).padStart(6)} ms`);
    }
    console.log(`  sluice overhead: ${out.overheadVsFetchPct.toFixed(1)}% vs raw fetch, ${out.overheadVsRequestPct.toFixed(1)}% vs raw undici.request`);
  }
  return out;
}

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--serve')) void serve(Number(process.argv[process.argv.indexOf('--serve') + 1]));
  else await main({ pages: arg('--pages'), rounds: arg('--rounds') });
}
