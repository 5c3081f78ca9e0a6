/**
 * The DuckDB destination (default). Database file: `<pipeline_name>.duckdb` in the directory where the
 * pipeline first ran (as dlt, which keeps it as `initial_cwd` in the pipeline's local state), unless
 * `credentials`/`path` names one. Dataset = DuckDB schema.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { Schema } from '../../schema/schema.js';
import { registerDestination, type Destination, type DestinationCapabilities, type DestinationClient } from '../destination.js';
import { SqlJobClient } from '../sql/sql-job-client.js';
import { duckdbDialect, duckdbDialectCompressedIds } from './duckdb-dialect.js';
import { DuckDbSqlClient } from './duckdb-sql-client.js';
export { LOAD_MEMORY_FLOOR_MIB, LOAD_MEMORY_PER_COLUMN_MIB } from './duckdb-sql-client.js';

export const DUCKDB_CAPABILITIES: DestinationCapabilities = Object.freeze<DestinationCapabilities>({
  maxIdentifierLength: 65536,
  mergeStrategies: ['delete-insert', 'upsert'],
  replaceStrategies: ['truncate-and-insert', 'insert-from-staging'],
  transactional: true,
});

/** How the DuckDB destination opens the database and loads job files. */
export interface DuckDbLoadOptions {
  /**
   * DuckDB `memory_limit` for the pipeline's connection (e.g. `'1GB'`). Default: 256 MiB for queries
   * and, for each package load, {@link LOAD_MEMORY_PER_COLUMN_MIB} MiB per column of its widest table,
   * at least {@link LOAD_MEMORY_FLOOR_MIB} MiB (without a cap DuckDB takes up to 80% of RAM while it loads).
   * Either way the limit is raised, and the package retried, when DuckDB runs out of it.
   */
  memoryLimit?: string;
  /**
   * Keep the rows of a job file in file order when loading it (DuckDB `preserve_insertion_order` during
   * the copy). Default `false`: DuckDB's two-or-more threads then write what they parsed without putting
   * it back in order, which loads ~30% faster and needs far less memory (a 1M-record package: 4 s and
   * ~240 MB instead of 6 s and ~420 MB). Tables have no row order in SQL either way; `ORDER BY` a column
   * when order matters. Only the load is affected; queries keep DuckDB's order-preserving default.
   */
  preserveInsertionOrder?: boolean;
  /**
   * Let DuckDB compress the `_dlt_id`, `_dlt_parent_id` and `_dlt_root_id` columns of tables created from
   * now on. Default `false`: they are stored uncompressed (`USING COMPRESSION uncompressed`). The ids are
   * random base64 strings; analysing and FSST-compressing them took a fifth of the load step's CPU (a
   * 1M-record package: 5.8 instead of 7.2 CPU-s, 3.4 instead of 4.2 s) and saved ~15% of the file
   * (190 instead of 226 MB). Set it when file size matters more than load time. Tables that exist keep
   * the storage they were created with.
   */
  compressRowIds?: boolean;
}

export interface DuckDbOptions extends DuckDbLoadOptions {
  /** Database file path (a relative one from the current directory). Default `<pipeline_name>.duckdb` in the directory of the pipeline's first run. */
  path?: string;
}

export class DuckDbDestination implements Destination {
  readonly type = 'duckdb';
  readonly capabilities = DUCKDB_CAPABILITIES;
  readonly path: string;
  get databaseFile(): string {
    return this.path;
  }
  constructor(
    path: string,
    readonly options: Readonly<DuckDbLoadOptions> = {},
  ) {
    this.path = resolve(path);
  }
  displayLocation(): string {
    const rel = relative(process.cwd(), this.path);
    return `duckdb:/${!rel.startsWith('..') && !isAbsolute(rel) ? rel : this.path}`;
  }
  async client(datasetName: string, _schema?: Schema): Promise<DestinationClient> {
    const dialect = this.options.compressRowIds ? duckdbDialectCompressedIds : duckdbDialect;
    return new SqlJobClient(await DuckDbSqlClient.open(this.path, this.options), dialect, datasetName, this.capabilities);
  }
  /**
   * A client on the sealed instance of the file (see duckdb-instances.ts). While a step of this
   * process's pipeline uses the file, it shares the pipeline's instance instead, unsealed: a process
   * holds one instance per file.
   */
  async readOnlyClient(datasetName: string, _schema?: Schema): Promise<DestinationClient> {
    return new SqlJobClient(await DuckDbSqlClient.open(this.path, this.options, true), duckdbDialect, datasetName, this.capabilities);
  }
}

/** `duckdb()` / `duckdb({ path })` / `duckdb('file.duckdb')`. */
export function duckdb(options: DuckDbOptions | string = {}): (pipelineName: string, baseDir?: string) => DuckDbDestination {
  const { path, ...load } = typeof options === 'string' ? { path: options } : options;
  return (pipelineName, baseDir) => new DuckDbDestination(path ?? defaultFile(pipelineName, baseDir), load);
}

/** `<pipeline_name>.duckdb` in `baseDir` (the pipeline's first-run directory), else the current directory. */
function defaultFile(pipelineName: string, baseDir: string | undefined): string {
  return resolve(baseDir ?? process.cwd(), `${pipelineName}.duckdb`);
}

/** A boolean option from code (`true`) or config/env (`'true'`); undefined when not given. */
function flag(v: unknown): boolean | undefined {
  return v === undefined ? undefined : v === true || v === 'true';
}

registerDestination('duckdb', ({ pipelineName, baseDir, credentials, path, memoryLimit, memory_limit, preserveInsertionOrder, preserve_insertion_order, compressRowIds, compress_row_ids }) => {
  const p = (path as string | undefined) ?? (typeof credentials === 'string' ? credentials.replace(/^duckdb:\/\/?/, '') : undefined);
  return new DuckDbDestination(p ?? defaultFile(pipelineName, baseDir as string | undefined), {
    memoryLimit: (memoryLimit ?? memory_limit) as string | undefined,
    preserveInsertionOrder: flag(preserveInsertionOrder ?? preserve_insertion_order),
    compressRowIds: flag(compressRowIds ?? compress_row_ids),
  });
});
