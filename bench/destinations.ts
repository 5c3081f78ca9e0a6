/**
 * Destinations benchmark: the nested ~1 KB records of `records.ts` (5 rows/record over 4 tables),
 * generated in-process, run through one pipeline per destination. Prints records/s and rows/s for
 * extract+normalize and for load, DuckDB first as the reference.
 *
 * `node --import tsx bench/destinations.ts [--n 200000] [--destination duckdb,postgres,filesystem,filesystem:parquet]`
 * PostgreSQL: `BENCH_POSTGRES_DSN` (default `postgresql://postgres@127.0.0.1:5432/test`); its schema is dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pipeline, resource } from '../src/index.js';
import { record, ROWS_PER_RECORD } from './records.js';

export interface DestinationsBenchOptions {
  /** Comma-separated destinations. Default `duckdb,postgres,filesystem,filesystem:parquet`. */
  destination?: string;
  /** Records per run. Default 100,000 (500,000 rows). */
  n?: number;
}

export interface DestinationsBenchResult {
  destination: string;
  records: number;
  rows: number;
  /** Seconds for extract + normalize (fused), and for load. */
  extractNormalize: number;
  load: number;
}

const PG_DSN = process.env.BENCH_POSTGRES_DSN ?? 'postgresql://postgres@127.0.0.1:5432/test';

function specFor(name: string, dir: string): { type: string; [k: string]: unknown } {
  switch (name) {
    case 'duckdb':
      return { type: 'duckdb', path: join(dir, 'bench.duckdb') };
    case 'postgres':
      return { type: 'postgres', credentials: PG_DSN };
    case 'filesystem':
      return { type: 'filesystem', bucket_url: join(dir, 'bucket'), format: 'jsonl' };
    case 'filesystem:parquet':
      return { type: 'filesystem', bucket_url: join(dir, 'bucket'), format: 'parquet' };
    default:
      throw new Error(`bench: unknown destination '${name}'`);
  }
}

async function dropPgSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_DSN });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; DROP SCHEMA IF EXISTS "${schema}_staging" CASCADE`);
  } finally {
    await c.end();
  }
}

/** One run of `n` records into `name`. */
export async function benchDestination(name: string, n: number): Promise<DestinationsBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-dest-'));
  const dataset = `bench_${process.pid}_${Date.now().toString(36)}`;
  try {
    const p = pipeline({ pipelineName: 'bench_dest', destination: specFor(name, dir), datasetName: dataset, pipelinesDir: join(dir, 'pipelines'), bufferMaxItems: 10_000 });
    const pages = function* () {
      for (let i = 0; i < n; i += 1000) yield Array.from({ length: Math.min(1000, n - i) }, (_, k) => record(i + k));
    };
    const info = await p.run(resource(pages, { name: 'users' }));
    const steps = Object.fromEntries(p.lastTrace!.steps.map((s) => [s.step, s.duration]));
    const rows = Object.entries(info.rowCounts)
      .filter(([t]) => !t.startsWith('_dlt'))
      .reduce((a, [, b]) => a + b, 0);
    return { destination: name, records: n, rows, extractNormalize: (steps.extract ?? 0) + (steps.normalize ?? 0), load: steps.load ?? 0 };
  } finally {
    if (name === 'postgres') await dropPgSchema(dataset).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/** Runs every selected destination and prints a table. */
export async function main(opts: DestinationsBenchOptions = {}): Promise<DestinationsBenchResult[]> {
  const n = opts.n ?? 100_000;
  const names = (opts.destination ?? 'duckdb,postgres,filesystem,filesystem:parquet').split(',').map((s) => s.trim()).filter(Boolean);
  console.log(`destinations: ${fmt(n)} nested records (${ROWS_PER_RECORD} rows/record), in-process generator`);
  console.log('destination'.padEnd(20), 'rows'.padStart(9), 'ext+norm rec/s'.padStart(15), 'ext+norm rows/s'.padStart(16), 'load rec/s'.padStart(11), 'load rows/s'.padStart(12), 'load s'.padStart(7));
  const out: DestinationsBenchResult[] = [];
  for (const name of names) {
    try {
      const r = await benchDestination(name, n);
      out.push(r);
      console.log(
        name.padEnd(20),
        fmt(r.rows).padStart(9),
        fmt(r.records / r.extractNormalize).padStart(15),
        fmt(r.rows / r.extractNormalize).padStart(16),
        fmt(r.records / r.load).padStart(11),
        fmt(r.rows / r.load).padStart(12),
        r.load.toFixed(2).padStart(7),
      );
    } catch (e) {
      console.log(name.padEnd(20), `failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { n: { type: 'string' }, destination: { type: 'string' } } });
  await main({ n: values.n ? Number(values.n) : undefined, destination: values.destination });
}
