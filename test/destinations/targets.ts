/**
 * The destination matrix for conformance tests: `DESTINATIONS=duckdb,postgres,filesystem` (the default;
 * `filesystem:parquet` / `filesystem:csv` select parquet / csv files). Each target hands out isolated datasets — a temp DuckDB
 * file, a uniquely named PostgreSQL schema (dropped after the file), a temp bucket — as plain
 * `{ type, ... }` specs, so a child process can rebuild the same destination.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import pg from 'pg';
import { isProcessRunning } from '../../src/common/process.js';
import { pipeline, type DestinationCapabilities, type Pipeline, type PipelineOptions } from '../../src/index.js';
import { resolveDestination } from '../../src/pipeline/resolve-destination.js';

/** PostgreSQL used by tests: database `test` on 127.0.0.1, trust auth, user `$PGUSER` or `postgres`. */
export const PG = {
  user: process.env.PGUSER ?? 'postgres',
  host: '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  database: 'test',
};
export const PG_DSN = `postgresql://${PG.user}@${PG.host}:${PG.port}/${PG.database}`;

export type DestinationSpec = { type: string; [k: string]: unknown };

/** One isolated dataset on one destination. */
export interface TargetContext {
  spec: DestinationSpec;
  datasetName: string;
  /** Working dirs for pipelines of this context. */
  pipelinesDir: string;
  dir: string;
  capabilities: DestinationCapabilities;
  /** A pipeline on this dataset (same name + dir → same working dir). */
  pipeline(name: string, extra?: Partial<PipelineOptions>): Pipeline;
}

export interface Target {
  name: string;
  /** A fresh dataset; cleaned up after the test file. */
  context(): Promise<TargetContext>;
}

let counter = 0;
function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${(counter++).toString(36)}`;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'sluice-dest-'));
  after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Runs SQL as the test superuser on the `test` database. */
export async function pgAdmin<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const c = new pg.Client({ user: PG.user, host: PG.host, port: PG.port, database: PG.database });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

const droppedSchemas: string[] = [];
// Registered at import (file level), so it runs once after every test of the file.
after(async () => {
  if (droppedSchemas.length) await pgAdmin(droppedSchemas.map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE`).join('; '));
});
/** Drops `schema` and its staging schema after the test file. */
export function dropPgSchemaAfter(schema: string): void {
  droppedSchemas.push(schema, `${schema}_staging`);
  staleSwept ??= sweepStaleSchemas().catch(() => undefined);
}

let pgtCount = 0;
/** A fresh `pgt_<pid>_…` dataset name on the test server, dropped (with its staging schema) after the test file. */
export function uniquePgDataset(): string {
  const ds = `pgt_${process.pid}_${Date.now().toString(36)}_${pgtCount++}`;
  dropPgSchemaAfter(ds);
  return ds;
}

let staleSwept: Promise<void> | undefined;
/** Drops test schemas (`conf_<pid>_…`, `pgt_<pid>_…`) left by test processes that died before their cleanup. */
async function sweepStaleSchemas(): Promise<void> {
  const rows = await pgAdmin<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE nspname ~ '^(conf|pgt)_[0-9]+_'`);
  const dead = rows.map((r) => r.nspname).filter((n) => !isProcessRunning(Number(n.split('_')[1])));
  if (dead.length) await pgAdmin(dead.map((s) => `DROP SCHEMA IF EXISTS "${s}" CASCADE`).join('; '));
}

async function makeContext(spec: (dir: string, dataset: string) => DestinationSpec, dataset: string): Promise<TargetContext> {
  const dir = tempDir();
  const s = spec(dir, dataset);
  const pipelinesDir = join(dir, 'pipelines');
  const capabilities = (await resolveDestination(s, 'probe')).capabilities;
  return {
    spec: s,
    datasetName: dataset,
    pipelinesDir,
    dir,
    capabilities,
    pipeline: (name, extra = {}) => pipeline({ pipelineName: name, destination: s, datasetName: dataset, pipelinesDir, ...extra }),
  };
}

const TARGETS: Record<string, Target> = {
  duckdb: { name: 'duckdb', context: () => makeContext((dir) => ({ type: 'duckdb', path: join(dir, 'conformance.duckdb') }), uniqueName('conf')) },
  postgres: {
    name: 'postgres',
    context: () => {
      const ds = uniqueName('conf');
      dropPgSchemaAfter(ds);
      return makeContext(() => ({ type: 'postgres', credentials: PG_DSN }), ds);
    },
  },
  filesystem: { name: 'filesystem', context: () => makeContext((dir) => ({ type: 'filesystem', bucket_url: join(dir, 'bucket') }), uniqueName('conf')) },
  'filesystem:parquet': {
    name: 'filesystem:parquet',
    context: () => makeContext((dir) => ({ type: 'filesystem', bucket_url: join(dir, 'bucket'), format: 'parquet' }), uniqueName('conf')),
  },
  'filesystem:csv': {
    name: 'filesystem:csv',
    context: () => makeContext((dir) => ({ type: 'filesystem', bucket_url: join(dir, 'bucket'), format: 'csv' }), uniqueName('conf')),
  },
};

/** The targets selected by `DESTINATIONS` (default `duckdb,postgres,filesystem`). */
export function selectedTargets(env = process.env): Target[] {
  const names = (env.DESTINATIONS ?? 'duckdb,postgres,filesystem')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return names.map((n) => {
    const t = TARGETS[n];
    if (!t) throw new Error(`DESTINATIONS: unknown destination '${n}'; known: ${Object.keys(TARGETS).join(', ')}`);
    return t;
  });
}

/** True when `DESTINATIONS` selects postgres (default). */
export function postgresSelected(env = process.env): boolean {
  return selectedTargets(env).some((t) => t.name === 'postgres');
}
