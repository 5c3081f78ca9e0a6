/**
 * The DuckDB destination (default). Database file: `<pipeline_name>.duckdb` in the current directory
 * unless `credentials`/`path` names one. Dataset = DuckDB schema.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { Schema } from '../../schema/schema.js';
import { registerDestination, type Destination, type DestinationCapabilities, type DestinationClient } from '../destination.js';
import { SqlJobClient } from '../sql/sql-job-client.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { DuckDbSqlClient } from './duckdb-sql-client.js';

export const DUCKDB_CAPABILITIES: DestinationCapabilities = Object.freeze<DestinationCapabilities>({
  maxIdentifierLength: 65536,
  mergeStrategies: ['delete-insert', 'upsert'],
  replaceStrategies: ['truncate-and-insert', 'insert-from-staging'],
  transactional: true,
});

/**
 * Default cap on DuckDB's buffer pool; without a cap DuckDB caches up to 80% of RAM while it loads a
 * package. Raised automatically when a wide package needs more (see `relieveMemoryPressure`).
 */
export const DEFAULT_DUCKDB_MEMORY_LIMIT = '256MB';

export interface DuckDbOptions {
  /** Database file path. Default `<pipeline_name>.duckdb` in the current directory. */
  path?: string;
  /** DuckDB `memory_limit` for the pipeline's connection. Default {@link DEFAULT_DUCKDB_MEMORY_LIMIT}. */
  memoryLimit?: string;
}

export class DuckDbDestination implements Destination {
  readonly type = 'duckdb';
  readonly capabilities = DUCKDB_CAPABILITIES;
  readonly path: string;
  constructor(
    path: string,
    readonly memoryLimit = DEFAULT_DUCKDB_MEMORY_LIMIT,
  ) {
    this.path = resolve(path);
  }
  displayLocation(): string {
    const rel = relative(process.cwd(), this.path);
    return `duckdb:/${!rel.startsWith('..') && !isAbsolute(rel) ? rel : this.path}`;
  }
  async client(datasetName: string, _schema?: Schema): Promise<DestinationClient> {
    return new SqlJobClient(await DuckDbSqlClient.open(this.path, this.memoryLimit), duckdbDialect, datasetName, this.capabilities);
  }
}

/** `duckdb()` / `duckdb({ path })` / `duckdb('file.duckdb')`. */
export function duckdb(options: DuckDbOptions | string = {}): (pipelineName: string) => DuckDbDestination {
  const { path, memoryLimit } = typeof options === 'string' ? { path: options, memoryLimit: undefined } : options;
  return (pipelineName) => new DuckDbDestination(path ?? `${pipelineName}.duckdb`, memoryLimit);
}

registerDestination('duckdb', ({ pipelineName, credentials, path, memoryLimit, memory_limit }) => {
  const p = (path as string | undefined) ?? (typeof credentials === 'string' ? credentials.replace(/^duckdb:\/\/?/, '') : undefined);
  return new DuckDbDestination(p ?? `${pipelineName}.duckdb`, (memoryLimit ?? memory_limit) as string | undefined);
});
