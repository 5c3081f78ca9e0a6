/**
 * The destination extension point (DESIGN.md: a small factory interface; differences as data). A
 * destination declares a readonly capabilities record and opens clients; the loader branches on
 * capabilities, never on names.
 */
import type { LoadPackage } from '../storage/load-package.js';
import type { Schema } from '../schema/schema.js';
import type { MergeStrategy, ReplaceStrategy, StoredSchema } from '../schema/types.js';

export interface DestinationCapabilities {
  /** Longest table/column identifier (postgres 63); names beyond it get dlt's shortening tag. */
  readonly maxIdentifierLength?: number;
  readonly mergeStrategies: readonly MergeStrategy[];
  readonly replaceStrategies: readonly ReplaceStrategy[];
  /** DDL and data in one transaction (duckdb, postgres); false for files. */
  readonly transactional: boolean;
  /** True when merge falls back to append (plain files). */
  readonly mergeFallsBackToAppend?: boolean;
}

/** One load's outcome per job. */
export interface JobOutcome {
  jobId: string;
  table: string;
  rows: number;
  /** Terminal failure message (the job goes to failed_jobs). */
  error?: string;
}

/** How {@link DestinationClient.loadPackage} treats rejected jobs. */
export interface LoadPackageOptions {
  /**
   * Load the jobs the destination accepts and report the rejected ones (dlt `raise_on_failed_jobs=False`).
   * The package's state then advances although some of its rows are missing. Default false: a rejected
   * job aborts the whole package.
   */
  partial?: boolean;
}

/** A connected client for one dataset. Opened per step, closed by the caller. */
export interface DestinationClient {
  /** True when `_dlt_loads` already records this load id (the package was loaded; a rerun only finishes bookkeeping). */
  isLoaded(loadId: string): Promise<boolean>;
  /**
   * Loads a whole package: schema migration, every job, replace/merge follow-ups, the `_dlt_version`
   * row (for a new schema version) and the `_dlt_loads` row — atomically where the destination can.
   * A job whose data is rejected throws {@link JobFailedTerminally} and nothing of the package stays in
   * the destination; with `partial`, such jobs come back with `error` and the rest are loaded.
   */
  loadPackage(pkg: LoadPackage, onJob?: (o: JobOutcome) => void, options?: LoadPackageOptions): Promise<JobOutcome[]>;
  /**
   * Optional: whether the dataset exists — holds the `_dlt_loads` table every load writes. False after
   * the user deleted the DuckDB file, dropped the PostgreSQL schema or the dataset folder: a working dir
   * that loaded into it before then starts over (dlt resets the pipeline). Absent: the pipeline never
   * starts over by itself.
   */
  datasetExists?(): Promise<boolean>;
  /** The newest stored pipeline state (decoded JSON) for `pipelineName`, or undefined. */
  restoreState(pipelineName: string): Promise<Record<string, unknown> | undefined>;
  /** The newest stored schema named `schemaName`, or undefined. */
  restoreSchema(schemaName: string): Promise<StoredSchema | undefined>;
  /** Runs a read query; rows as plain objects. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Optional: stops the query running now on this client (it fails); a no-op when none runs. */
  interrupt?(): void;
  close(): Promise<void>;
}

/** A destination factory. */
export interface Destination {
  /** dlt's destination type name: `duckdb`, `postgres`, `filesystem`. */
  readonly type: string;
  readonly capabilities: DestinationCapabilities;
  /** Where data goes, with credentials masked, e.g. `duckdb:/passwordless.duckdb`. */
  displayLocation(): string;
  /**
   * Optional: the absolute path of the database file the data goes into (DuckDB). The pipeline records
   * it in its local state after a load, so the CLI and the dashboard open that file later.
   */
  readonly databaseFile?: string;
  /** Opens a client for `datasetName`. `schema` is the pipeline's current schema (for type mapping). */
  client(datasetName: string, schema?: Schema): Promise<DestinationClient>;
  /**
   * Optional: a client for reading SQL someone else wrote (the dashboard's SQL editor), on which the
   * database itself refuses to write or to reach outside the dataset (files, extensions, other
   * databases, settings). DuckDB: the file attached read-only in an instance with
   * `enable_external_access = false` and `lock_configuration = true`.
   */
  readOnlyClient?(datasetName: string, schema?: Schema): Promise<DestinationClient>;
  /**
   * Optional: removes from dataset `datasetName` what unfinished attempts at loading `pkg` put there,
   * before the pipeline gives the package up (drops its pending packages). Only a destination whose loads
   * are not transactional needs it (filesystem: a load killed mid-way leaves part of its files in place);
   * a rolled-back transaction leaves nothing. A package whose load was committed keeps its data. Throws
   * when it cannot remove them: the pipeline then keeps the package.
   */
  discardPackage?(datasetName: string, pkg: LoadPackage): Promise<void>;
}

/** Looks up destinations by name for `pipeline({ destination: 'duckdb' })` and the CLI. */
/** `baseDir`: where files named by default go (see `resolveDestination`); the current directory when not given. */
export type DestinationFactory = (options: { pipelineName: string; baseDir?: string; credentials?: unknown; [k: string]: unknown }) => Destination | Promise<Destination>;
const registry = new Map<string, DestinationFactory>();

export function registerDestination(name: string, factory: DestinationFactory): void {
  registry.set(name, factory);
}
export function destinationFactory(name: string): DestinationFactory | undefined {
  return registry.get(name);
}
export function registeredDestinations(): string[] {
  return [...registry.keys()];
}
