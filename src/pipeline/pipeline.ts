/**
 * The Pipeline façade: composes extract → normalize → load over the working directory, keeps state
 * and schemas, restores them from the destination on a new machine, and finishes pending packages
 * before new work. Stages live in their folders; this file only wires them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { errorMessage, JobFailedTerminally, PipelineStepFailed, SluiceError } from '../common/errors.js';
import { clearResolvedConfigTraces, resolvedConfigTraces } from '../config/trace.js';
import { log } from '../common/log.js';
import type { Destination, DestinationClient, JobOutcome } from '../destinations/destination.js';
import { compressState } from '../destinations/sql/state-codec.js';
import { extractSource } from '../extract/extractor.js';
import { releaseHeap } from '../common/heap.js';
import type { Page, ResourceHints } from '../extract/resource.js';
import { RelationalNormalizer } from '../normalize/relational.js';
import { SnakeCaseNaming } from '../schema/naming.js';
import { Schema } from '../schema/schema.js';
import { STATE_TABLE } from '../schema/system-tables.js';
import type { StoredSchema } from '../schema/types.js';
import { defaultPipelinesDir, WorkingDir } from '../storage/layout.js';
import { BIG_PACKAGE_BYTES, LoadPackage, pendingPackages } from '../storage/load-package.js';
import { appendPage, readPages } from '../storage/extracted-pages.js';
import { PackageWriter } from '../storage/package-writer.js';
import { removeStaleTempPackages } from '../storage/stale-temp.js';
import { Dataset } from '../dataset/dataset.js';
import { toSource, type RunData, type RunHints } from './data-to-source.js';
import { LoadInfo, type LoadPackageInfo } from './load-info.js';
import { silentProgress, type ProgressReporter } from './progress.js';
import { resolveDestination, type DestinationSpec } from './resolve-destination.js';
import { assertStatePaths, dropSourceState, type DropOptions } from './drop-state.js';
import { discardLoadAttempts } from './discard-packages.js';
import { newState, stateHash, syncedState, type PipelineState } from './state.js';
import type { PipelineTrace, StepTrace } from './trace.js';

export interface PipelineOptions {
  /** Names the working dir, the state and (by default) the DuckDB file. Required. */
  pipelineName: string;
  /** Default `'duckdb'`. A name, `{ type, ...options }`, or a Destination. */
  destination?: DestinationSpec;
  /**
   * Default `<pipelineName>_dataset`. Normalized with the snake_case naming convention, as dlt does, to
   * name the DuckDB/PostgreSQL schema or the dataset folder: `My Data` loads into `my_data`,
   * `crm-sync_dataset` into `crm_sync_dataset` — unless the working dir already loads into the name as
   * given (earlier sluice versions), which it keeps.
   */
  datasetName?: string;
  /** Default `$SLUICE_DATA_DIR/pipelines` or `~/.sluice/pipelines`. */
  pipelinesDir?: string;
  /**
   * Start from scratch, for experiments (dlt `dev_mode`): the working dir (state, schemas, packages) is
   * wiped when the Pipeline is created, the data goes to a dataset of its own, `<datasetName>_` plus the
   * UTC time of creation as `YYYYMMDDhhmmss`, and nothing is restored from the destination. Default false.
   */
  devMode?: boolean;
  /** Progress events (the CLI installs a reporter). Default: silent. */
  progress?: ProgressReporter;
  /** Rows buffered per table before writing to disk. Default 5000. */
  bufferMaxItems?: number;
  /** Throw PipelineStepFailed when a job fails terminally. Default true. */
  raiseOnFailedJobs?: boolean;
  /**
   * Bytes after which a table's job file is closed and a new one started (dlt `file_max_bytes`), e.g. for
   * files of a bounded size on the filesystem destination; checked every ~16K characters of rows. Default:
   * no limit (one file per table, plus one per schema change).
   */
  fileMaxBytes?: number;
}

export interface RunOptions extends RunHints {
  /**
   * `drop_data` empties the selected resources' tables and resets their state; `drop_resources` drops
   * those tables and forgets their schema; `drop_sources` does so for every table of the source's schema
   * (also of resources this run does not load) and resets the whole source state. Applied with the run's
   * package, in its load transaction: a run that fails before loading changes nothing. Default: none.
   */
  refresh?: 'drop_sources' | 'drop_resources' | 'drop_data';
}

export interface NormalizeInfo {
  loadIds: string[];
  rowCounts: Record<string, number>;
}

/** Creates a pipeline. */
export function pipeline(options: PipelineOptions): Pipeline {
  return new Pipeline(options);
}

export class Pipeline {
  readonly pipelineName: string;
  /** The dataset's name in the destination: `options.datasetName` in snake_case (kept as given by a working dir that already loads into it so). */
  readonly datasetName: string;
  readonly workingDir: WorkingDir;
  /** The last run's trace (also saved as trace.json). */
  lastTrace?: PipelineTrace;
  #state: PipelineState;
  #schemas = new Map<string, Schema>();
  #destination?: Destination;
  #progress: ProgressReporter;
  #trace?: PipelineTrace;
  /** Whether this object has compared its state with the destination's (once, before its first run). */
  #synced = false;
  /** The dataset the working dir loaded into before, when this object loads into another one. */
  #movedFrom?: string;

  constructor(readonly options: PipelineOptions) {
    if (!options.pipelineName || !/^[\w.-]+$/.test(options.pipelineName)) {
      throw new SluiceError(`pipelineName must be a non-empty name of letters, digits, _, - or .; got ${JSON.stringify(options.pipelineName)}`);
    }
    this.pipelineName = options.pipelineName;
    this.workingDir = new WorkingDir(join(options.pipelinesDir ?? defaultPipelinesDir(), this.pipelineName));
    if (options.devMode) rmSync(this.workingDir.root, { recursive: true, force: true });
    mkdirSync(this.workingDir.root, { recursive: true });
    const stale = removeStaleTempPackages(this.workingDir);
    if (stale) log.info(`removed ${stale} unfinished package(s) of stopped runs from ${this.workingDir.tmpDir}`);
    this.#progress = options.progress ?? silentProgress;
    const local = this.#readJson<PipelineState>(this.workingDir.stateFile);
    // The physical dataset (DB schema, folder) gets the snake_case name, as dlt normalizes dataset names.
    const named = options.datasetName ?? local?.dataset_name ?? `${this.pipelineName}_dataset`;
    const given = options.devMode ? devDatasetName(named) : named;
    const normalized = new SnakeCaseNaming().normalizeIdentifier(given);
    const loaded = Object.keys(local?.sources ?? {}).length > 0;
    // A pipeline that already loads into the name as given (earlier sluice versions did not normalize
    // dataset names) keeps it: a new name would be a new, empty dataset the pipeline starts over in.
    const legacy = loaded && given !== normalized && local?.dataset_name === given;
    this.datasetName = legacy ? given : normalized;
    if (legacy) log.warn(`pipeline ${this.pipelineName} keeps loading into dataset "${given}" as named before; dlt names it ${normalized}. To move, load with a new pipelineName into ${normalized}.`);
    if (local?.dataset_name && local.dataset_name !== this.datasetName && loaded) this.#movedFrom = local.dataset_name;
    this.#state = local ?? newState(this.pipelineName, this.datasetName);
    this.#state.dataset_name = this.datasetName;
    for (const name of this.#state.schema_names) {
      const s = this.#readJson<StoredSchema>(this.workingDir.schemaFile(name));
      if (s) this.#schemas.set(name, Schema.fromStored(s));
    }
  }

  /** The pipeline state (read-only view; resources change it through their context during extract). */
  get state(): Readonly<PipelineState> {
    return this.#state;
  }
  /** The default schema (the first source loaded), if any. */
  get defaultSchema(): Schema | undefined {
    return this.#state.default_schema_name ? this.#schemas.get(this.#state.default_schema_name) : undefined;
  }
  get schemas(): ReadonlyMap<string, Schema> {
    return this.#schemas;
  }
  /** True until the first successful load (or a restore from the destination). */
  get firstRun(): boolean {
    return this.#state._local.first_run;
  }

  async destination(): Promise<Destination> {
    return (this.#destination ??= await resolveDestination(this.options.destination, this.pipelineName, this.#state._local?.initial_cwd));
  }

  /** Extract, normalize and load `data`. Pending packages from an earlier run are loaded first. */
  async run(data: RunData, options: RunOptions = {}): Promise<LoadInfo> {
    this.#beginTrace();
    try {
      await this.#syncWithDestination(true);
      this.#adoptPendingState();
      if (this.extractedLoadIds().length) await this.#normalizeAll();
      const source = toSource(data, options, this.pipelineName);
      const dropData = options.refresh ? this.#refresh(source, options.refresh) : undefined;
      await this.#extractAndNormalize(source, true, dropData);
      return await this.#loadPending();
    } finally {
      this.#endTrace();
    }
  }

  /** Extract only: writes an extracted package (raw pages) for `normalize()`. Returns its load id. */
  async extract(data: RunData, options: RunOptions = {}): Promise<string> {
    this.#beginTrace();
    try {
      await this.#syncWithDestination(false);
      this.#adoptPendingState();
      const source = toSource(data, options, this.pipelineName);
      const dropData = options.refresh ? this.#refresh(source, options.refresh) : undefined;
      return await this.#extractAndNormalize(source, false, dropData);
    } finally {
      this.#endTrace();
    }
  }

  /** Normalizes extracted packages into load packages. */
  async normalize(): Promise<NormalizeInfo> {
    this.#beginTrace();
    try {
      return await this.#normalizeAll();
    } finally {
      this.#endTrace();
    }
  }

  /** Load ids of the extracted packages waiting for `normalize()` (or the next run), oldest first. */
  extractedLoadIds(): string[] {
    const dir = this.workingDir.extractedDir;
    return existsSync(dir) ? readdirSync(dir).sort((a, b) => Number(a) - Number(b)) : [];
  }

  async #normalizeAll(): Promise<NormalizeInfo> {
    const ids = this.extractedLoadIds();
    const rowCounts: Record<string, number> = {};
    const t0 = performance.now();
    const started = new Date().toISOString();
    this.#progress.stepStarted('normalize');
    try {
      for (const id of ids) {
        const counts = await this.#normalizeExtracted(join(this.workingDir.extractedDir, id), id);
        for (const [t, n] of Object.entries(counts)) rowCounts[t] = (rowCounts[t] ?? 0) + n;
      }
    } catch (e) {
      this.#progress.stepFinished('normalize', e);
      this.#step('normalize', started, (performance.now() - t0) / 1000, rowCounts, e);
      throw e;
    }
    this.#progress.stepFinished('normalize');
    this.#step('normalize', started, (performance.now() - t0) / 1000, rowCounts);
    return { loadIds: ids, rowCounts };
  }

  /** Loads all pending (normalized) packages. */
  async load(): Promise<LoadInfo> {
    this.#beginTrace();
    try {
      return await this.#loadPending();
    } finally {
      this.#endTrace();
    }
  }

  /** Query API over the dataset. Before a run in a new working dir, it reads the schema the destination stores. */
  dataset(): Dataset {
    const open = async () => (await this.destination()).client(this.datasetName);
    return new Dataset(this.datasetName, open, () => this.defaultSchema, async () => {
      const c = await open();
      try {
        const name = (await c.restoreState(this.pipelineName))?.default_schema_name;
        const stored = typeof name === 'string' ? await c.restoreSchema(name) : undefined;
        return stored ? Schema.fromStored(stored) : undefined;
      } finally {
        await c.close();
      }
    });
  }

  /** Pending packages (normalized, not yet loaded) in the working dir. */
  pendingPackages(): LoadPackage[] {
    return pendingPackages(this.workingDir);
  }

  /**
   * Deletes extracted and normalized packages that were not loaded; returns how many. State is not
   * reverted (as dlt). On a destination without load transactions (filesystem), the files an interrupted
   * load of a package already put in the dataset are removed first; when they cannot be, this throws and
   * nothing is dropped.
   */
  async dropPendingPackages(): Promise<number> {
    const pending = this.pendingPackages();
    await discardLoadAttempts(() => this.destination(), [this.datasetName], pending);
    const n = pending.length + this.extractedLoadIds().length;
    rmSync(this.workingDir.normalizedDir, { recursive: true, force: true });
    rmSync(this.workingDir.extractedDir, { recursive: true, force: true });
    return n;
  }

  /** Deletes the local state, schemas and pending packages, and starts from a new state in memory. */
  #wipeLocal(): void {
    rmSync(this.workingDir.stateFile, { force: true });
    rmSync(join(this.workingDir.root, 'schemas'), { recursive: true, force: true });
    rmSync(this.workingDir.normalizedDir, { recursive: true, force: true });
    rmSync(this.workingDir.extractedDir, { recursive: true, force: true });
    this.#schemas.clear();
    this.#state = newState(this.pipelineName, this.datasetName);
  }

  /**
   * Wipes the local state, schemas and pending packages and restores state and schemas from the
   * destination (dlt `sync`, which wipes the working dir first). Returns true if found. Pending packages
   * go too: the next run would otherwise take their newer state back — the cursors of rows a destination
   * that was emptied no longer holds; the files an interrupted load of one put in a filesystem dataset go
   * first (see `dropPendingPackages`; when they cannot, this throws and nothing is wiped).
   */
  async sync(): Promise<boolean> {
    await discardLoadAttempts(() => this.destination(), [this.datasetName], this.pendingPackages());
    // The wipe waits until the destination's state and schemas are read: a sync that cannot reach the
    // destination (no credentials, a server down) leaves the working dir as it was.
    const found = await this.#restoreFromDestination(undefined, () => this.#wipeLocal());
    this.#synced = true;
    return found;
  }

  /**
   * Drops the tables of the named resources (with child tables) and resets their state. The new state
   * and schema then go to the destination in a load package of their own, as dlt's `drop` does: a
   * working dir restored from the destination later must not bring the dropped resources' cursors back
   * (it would skip the rows whose tables were just dropped).
   *
   * `options.statePaths` (dlt's `state_paths`) are JSONPaths into each source's state whose values are
   * deleted too; `options.stateOnly` (dlt's `state_only`) resets the state and keeps the tables, so the
   * next run extracts those resources from scratch into the tables as they are.
   * @returns the tables dropped (none with `stateOnly`).
   */
  async dropResources(resourceNames: string[], options: DropOptions = {}): Promise<string[]> {
    assertStatePaths(options.statePaths ?? [], 'dropResources: statePaths');
    this.#beginTrace();
    try {
      // Start from the newest state (another working dir may have run since) and load what is pending
      // first: an older package loaded after the drop would bring the tables back with old rows.
      await this.#syncWithDestination(true);
      this.#adoptPendingState();
      await this.#loadPending();
      const changed = new Map<Schema, string[]>();
      for (const schema of this.#schemas.values()) {
        if (options.schemaName !== undefined && schema.name !== options.schemaName) continue;
        const tables = options.stateOnly ? [] : schema.resourceTables(resourceNames);
        // As dlt: the state of every selected resource goes, also of one that has no table (no rows yet).
        const reset = dropSourceState(schema.name, this.#state.sources[schema.name], resourceNames, options.statePaths ?? []);
        if (!tables.length && !reset.resource_states.length && !reset.state_paths.length) continue;
        for (const t of tables) delete schema.tables[t];
        changed.set(schema, tables);
      }
      const dropped = [...changed.values()].flat();
      if (!changed.size) return dropped;
      // A new version: the destination's state (which still holds the dropped resources) is now older.
      this.#state._state_version += 1;
      this.#state._version_hash = stateHash(this.#state);
      const maxIdentifierLength = (await this.destination()).capabilities.maxIdentifierLength;
      // The tables are dropped in the load transaction of the package that carries the new state, so
      // the destination never keeps the dropped resources' cursors without their tables, or the reverse.
      for (const [schema, tables] of changed) await this.#commitStatePackage(schema, maxIdentifierLength, tables);
      this.#saveState();
      await this.#loadPending();
      return dropped;
    } finally {
      this.#endTrace();
    }
  }

  // ---------------------------------------------------------------- internals

  /** Commits a package holding only the pipeline state (and the tables its load drops). */
  async #commitStatePackage(schema: Schema, maxIdentifierLength: number | undefined, droppedTables: string[]): Promise<void> {
    const loadId = newLoadId(this.workingDir);
    const writer = new PackageWriter(this.workingDir, loadId);
    const normalizer = new RelationalNormalizer(schema, new SnakeCaseNaming(maxIdentifierLength), loadId, writer);
    this.#addStateRow(normalizer, this.#state);
    schema.bumpVersion();
    await writer.commit(schema, { load_id: loadId, schema_name: schema.name, created_at: new Date().toISOString(), row_counts: {}, tables: [], pipeline_state: this.#state, dropped_tables: droppedTables });
    this.#saveSchema(schema);
  }

  #readJson<T>(path: string): T | undefined {
    if (!existsSync(path)) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (e) {
      throw new SluiceError(`the pipeline working dir has an unreadable file ${path}: ${errorMessage(e)}. Delete it to restore from the destination.`);
    }
  }

  #saveState(): void {
    const tmp = this.workingDir.stateFile + '.tmp';
    writeFileSync(tmp, JSON.stringify(this.#state, null, 2));
    renameSync(tmp, this.workingDir.stateFile);
  }

  #saveSchema(schema: Schema): void {
    const f = this.workingDir.schemaFile(schema.name);
    mkdirSync(join(this.workingDir.root, 'schemas'), { recursive: true });
    writeFileSync(f + '.tmp', JSON.stringify(schema.toStored(), null, 2));
    renameSync(f + '.tmp', f);
  }

  #beginTrace(): void {
    if (this.#trace) return;
    this.#trace = { transactionId: randomUUID(), pipelineName: this.pipelineName, startedAt: new Date().toISOString(), steps: [] };
  }
  #endTrace(): void {
    if (!this.#trace) return;
    this.#trace.finishedAt = new Date().toISOString();
    // Which provider gave each config value; secrets are recorded without their values.
    this.#trace.resolvedConfigValues = resolvedConfigTraces().map((t) => ({ key: [...t.sections, t.key].join('.'), provider: t.provider }));
    clearResolvedConfigTraces();
    this.lastTrace = this.#trace;
    try {
      writeFileSync(this.workingDir.traceFile, JSON.stringify(this.#trace, null, 2));
    } catch (e) {
      log.warn(`could not save the trace: ${errorMessage(e)}`);
    }
    this.#trace = undefined;
    this.#progress.close();
  }
  #step(step: StepTrace['step'], startedAt: string, duration: number, counts: Record<string, number>, error?: unknown): void {
    this.#trace?.steps.push({ step, startedAt, finishedAt: new Date().toISOString(), duration, counts, error: error === undefined ? undefined : errorMessage(error) });
  }

  #schemaFor(name: string): Schema {
    let s = this.#schemas.get(name);
    if (!s) {
      s = new Schema(name);
      this.#schemas.set(name, s);
    }
    return s;
  }

  /**
   * Once per Pipeline object, before its first `run()` (dlt `restore_from_destination`): takes the
   * destination's state and schemas when the working dir has none, or when the destination's state has
   * a higher version — another working dir (a second machine, a CI runner with a stale
   * cache) ran the pipeline since. Extracting from the older local state would load the same rows again.
   * A working dir that loaded before into a dataset that no longer exists starts over ({@link #startOver}).
   * `extract()` (`compare: false`) only restores into an empty working dir, and works without the
   * destination otherwise, as dlt's `extract()`. `dropResources` compares too. The whole state is taken,
   * as dlt does: one pipeline name running different sources from different working dirs is not
   * supported (each would take the other's older cursors).
   */
  async #syncWithDestination(compare: boolean): Promise<void> {
    if (this.#synced) return;
    // dlt: dev mode never restores; its dataset is new anyway.
    if (this.options.devMode) return void (this.#synced = true);
    const local = existsSync(this.workingDir.stateFile) ? this.#state : undefined;
    if (local && !compare) return;
    const started = new Date().toISOString();
    const t0 = performance.now();
    try {
      await this.#restoreFromDestination(local);
    } catch (e) {
      this.#step('sync', started, (performance.now() - t0) / 1000, {}, e);
      throw new PipelineStepFailed('sync', `${errorMessage(e)} (the pipeline reads its state from the destination before extracting; nothing was extracted)`, { cause: e });
    }
    this.#synced = true;
  }

  /**
   * Restores state and schemas from the destination; with `local`, only when the destination's state is
   * newer. `beforeChange` runs once everything is read from the destination, before the working dir
   * changes (and also when the destination holds no state).
   */
  async #restoreFromDestination(local?: PipelineState, beforeChange?: () => void): Promise<boolean> {
    const dest = await this.destination();
    let client: DestinationClient | undefined;
    try {
      client = await dest.client(this.datasetName);
      const remote = (await client.restoreState(this.pipelineName)) as PipelineState | undefined;
      if (!remote) {
        beforeChange?.();
        if (local && !local._local.first_run && (await client.datasetExists?.()) === false) await this.#startOver(dest);
        else if (local && this.#movedFrom) {
          log.warn(
            `pipeline ${this.pipelineName} loaded into dataset ${this.#movedFrom} before and now loads into ${this.datasetName}, which holds no state of it: its state (incremental cursors, resource state) carries over, so rows already loaded into ${this.#movedFrom} are not extracted again. Use a new pipelineName to start from scratch.`,
          );
        }
        return false;
      }
      // Only a strictly newer state replaces the local one (dlt's rule): an equal version with another
      // hash is a local change the destination does not have yet (or one made before versions were bumped).
      if (local && remote._state_version <= local._state_version) return false;
      const file = dest.databaseFile;
      const state = { ...remote, _local: { ...(local?._local ?? { initial_cwd: process.cwd() }), first_run: false, ...(file !== undefined ? { database_file: file } : {}) } };
      const schemas: [string, Schema][] = [];
      for (const name of state.schema_names ?? []) {
        const stored = await client.restoreSchema(name);
        if (stored) schemas.push([name, Schema.fromStored(stored)]);
      }
      beforeChange?.();
      for (const [name, s] of schemas) {
        this.#schemas.set(name, s);
        this.#saveSchema(s);
      }
      this.#state = state;
      this.#saveState();
      const why = local ? ` (newer than the working dir's version ${local._state_version}: another working dir ran the pipeline)` : '';
      log.info(`restored state (version ${state._state_version}) and ${state.schema_names?.length ?? 0} schema(s) of ${this.pipelineName} from ${dest.displayLocation()}${why}`);
      return true;
    } finally {
      await client?.close();
    }
  }

  /**
   * The dataset this working dir loaded into is gone (the DuckDB file deleted, the schema or folder
   * dropped), or this object loads into a new one: the pipeline starts over, as dlt wipes its working
   * dir then. State (incremental cursors) and schemas are reset and pending packages dropped — they
   * were extracted after rows that are no longer there — so the next extraction loads everything
   * again. Kept: the directory of the first run (where the default DuckDB file goes) and the history
   * of loaded and aborted packages. The files interrupted loads of pending packages put in the dataset
   * (the one loaded into before too) go first.
   */
  async #startOver(dest: Destination): Promise<void> {
    const datasets = [this.datasetName, ...(this.#movedFrom ? [this.#movedFrom] : [])];
    await discardLoadAttempts(async () => dest, datasets, this.pendingPackages());
    const pending = this.pendingPackages().length + this.extractedLoadIds().length;
    const initialCwd = this.#state._local.initial_cwd;
    this.#wipeLocal();
    this.#state._local.initial_cwd = initialCwd;
    this.#saveState();
    const where = this.#movedFrom ? `loaded into dataset ${this.#movedFrom} before and now loads into ${this.datasetName}, which does not exist in ${dest.displayLocation()}` : `loaded into dataset ${this.datasetName} before, which no longer exists in ${dest.displayLocation()}`;
    const dropped = pending ? `, ${pending} pending package(s) dropped` : '';
    log.warn(`pipeline ${this.pipelineName} ${where}: starting over as dlt does — state (incremental cursors) and schemas reset${dropped}; every resource loads from scratch`);
  }

  /**
   * What `refresh` resets and drops. Nothing changes yet: the run's package carries it — the resources'
   * state reset (the whole source's for `drop_sources`) and their tables, root and children, which the
   * destination empties (`drop_data`) or drops (`drop_resources`, `drop_sources`, whose schema the
   * package also forgets) in the load transaction of the new data. A run that fails before loading
   * changes nothing, and the state in the destination never outlives the tables it belongs to.
   * `drop_sources` takes every table of the source's schema, also those of resources this run does not
   * load (removed from the source, deselected), as dlt's `drop_all`; the other modes only the selected
   * resources' tables and state (dlt: the extracted resources).
   */
  #refresh(source: import('../extract/source.js').Source, mode: NonNullable<RunOptions['refresh']>): DropData {
    const schema = this.#schemas.get(source.name);
    if (mode === 'drop_sources') return { mode, resources: source.resources.map((r) => r.name), tables: schema?.dataTables.map((t) => t.name) ?? [] };
    const resources = source.selectedResources.map((r) => r.name);
    return { mode, resources, tables: schema?.resourceTables(resources) ?? [] };
  }

  /**
   * Runs the source. With `normalize` (run), pages flow straight into the normalizer and a load package
   * is committed; otherwise raw pages are written as an extracted package for `normalize()`.
   */
  async #extractAndNormalize(source: import('../extract/source.js').Source, normalize: boolean, dropData?: DropData): Promise<string> {
    const dest = await this.destination();
    const naming = new SnakeCaseNaming(dest.capabilities.maxIdentifierLength);
    const loadId = newLoadId(this.workingDir);
    const stateCopy = structuredClone(this.#state);
    if (dropData?.mode === 'drop_sources') delete stateCopy.sources[source.name];
    else if (dropData) {
      // The resources start over (their state goes with the package, like the truncation or drop).
      const res = (stateCopy.sources[source.name]?.resources ?? {}) as Record<string, unknown>;
      for (const r of dropData.resources) delete res[r];
    }
    const schema = this.#schemaFor(source.name).clone();
    schema.setSourceContract(source.options.schema_contract);
    const dropTables = dropData && dropData.mode !== 'drop_data' ? dropData.tables : [];
    for (const t of dropTables) delete schema.tables[t];
    const truncate = dropData?.mode === 'drop_data' ? dropData.tables : [];
    const writer = new PackageWriter(this.workingDir, loadId, { bufferMaxItems: this.options.bufferMaxItems, fileMaxBytes: this.options.fileMaxBytes });
    const normalizer = new RelationalNormalizer(schema, naming, loadId, writer);
    const records: Record<string, number> = {};
    const raw = normalize ? undefined : new RawPageWriter(writer.dir);
    let normalizeMs = 0;
    /** Set when the error that stops the extraction came from the normalizer. */
    let normalizeError: { error: unknown } | undefined;
    const started = new Date().toISOString();
    const t0 = performance.now();
    this.#progress.stepStarted('extract');
    try {
      await extractSource(source, {
        pipelineName: this.pipelineName,
        sourcesState: stateCopy.sources,
        sink: (r, page) => {
          records[r.name] = (records[r.name] ?? 0) + page.length;
          this.#progress.pageExtracted(r.name, page.length);
          const hints = applySourceDefaults(r.hints, source.options);
          if (raw) return raw.write(hints, page);
          const n0 = performance.now();
          try {
            normalizer.normalizePage(hints, page);
          } catch (e) {
            normalizeError = { error: e };
            throw e;
          }
          normalizeMs += performance.now() - n0;
        },
      });
    } catch (e) {
      writer.abort();
      if (normalizeError) {
        // The normalizer refused a page (a contract, a value it cannot store): the normalize step failed,
        // as in dlt; the extraction was fine up to that page.
        const cause = normalizeError.error;
        this.#progress.stepFinished('extract');
        this.#step('extract', started, (performance.now() - t0 - normalizeMs) / 1000, records);
        this.#step('normalize', started, normalizeMs / 1000, normalizer.rowCounts, e);
        throw new PipelineStepFailed('normalize', errorMessage(e), { cause: cause instanceof SluiceError ? cause : e });
      }
      this.#progress.stepFinished('extract', e);
      this.#step('extract', started, (performance.now() - t0) / 1000, records, e);
      throw e instanceof SluiceError ? new PipelineStepFailed('extract', e.message, { cause: e }) : new PipelineStepFailed('extract', errorMessage(e), { cause: e });
    }
    this.#progress.stepFinished('extract');
    const total = (performance.now() - t0) / 1000;
    this.#step('extract', started, total - normalizeMs / 1000, records);

    // Record the new state with the data when it changed.
    stateCopy.schema_names = [...new Set([...stateCopy.schema_names, source.name])];
    stateCopy.default_schema_name ??= source.name;
    stateCopy.destination_type = dest.type;
    stateCopy.destination_name = dest.type;
    const newHash = stateHash(stateCopy);
    const stateChanged = newHash !== this.#state._version_hash;
    if (stateChanged) {
      stateCopy._state_version += 1;
      stateCopy._version_hash = newHash;
    }
    stateCopy._local._last_extracted_at = new Date().toISOString();
    const roots = source.selectedResources.flatMap((r) => {
      if (typeof r.hints.table_name !== 'function') return [naming.normalizePath(r.hints.table_name ?? r.name)];
      // A resource that names tables per item and yielded nothing: its root tables from earlier runs are
      // this run's tables, so a replace empties them (dlt writes empty jobs for them).
      return records[r.name] ? [] : schema.dataTables.filter((t) => !t.parent && t.resource === r.name).map((t) => t.name);
    });

    if (raw) {
      raw.finish({ source: source.name, stateCopy, stateChanged, roots, contract: source.options.schema_contract, truncated_tables: truncate, dropped_tables: dropTables });
      mkdirSync(this.workingDir.extractedDir, { recursive: true });
      renameSync(writer.dir, join(this.workingDir.extractedDir, loadId));
      this.#state = stateCopy;
      this.#saveState();
      return loadId;
    }
    const n0 = performance.now();
    if (stateChanged) this.#addStateRow(normalizer, stateCopy);
    schema.bumpVersion();
    try {
      await writer.commit(schema, {
        load_id: loadId, schema_name: schema.name, created_at: new Date().toISOString(), row_counts: normalizer.rowCounts, tables: roots, pipeline_state: stateCopy,
        ...(truncate.length ? { truncated_tables: truncate } : {}),
        ...(dropTables.length ? { dropped_tables: dropTables } : {}),
      });
    } catch (e) {
      // A job file that could not be written (disk full...): commit left no package; the state is not changed.
      this.#step('normalize', started, (normalizeMs + performance.now() - n0) / 1000, normalizer.rowCounts, e);
      throw new PipelineStepFailed('normalize', `could not write the load package: ${errorMessage(e)}`, { cause: e });
    }
    normalizeMs += performance.now() - n0;
    this.#step('normalize', started, normalizeMs / 1000, normalizer.rowCounts);
    this.#schemas.set(schema.name, schema);
    this.#saveSchema(schema);
    this.#state = stateCopy;
    this.#saveState();
    return loadId;
  }

  #addStateRow(normalizer: RelationalNormalizer, state: PipelineState): void {
    normalizer.normalizePage({ name: STATE_TABLE, write_disposition: 'append' }, [
      {
        version: state._state_version,
        engine_version: state._state_engine_version,
        pipeline_name: this.pipelineName,
        state: compressState(syncedState(state)),
        created_at: new Date().toISOString(),
        version_hash: state._version_hash,
      },
    ]);
  }

  async #normalizeExtracted(dir: string, loadId: string): Promise<Record<string, number>> {
    const wd = this.workingDir;
    if ([wd.normalizedDir, wd.loadedDir, wd.abortedDir].some((d) => existsSync(join(d, loadId)))) {
      // Normalized before: the process stopped between committing the load package and removing this.
      log.info(`extracted package ${loadId} was normalized before; removing it`);
      rmSync(dir, { recursive: true, force: true });
      return {};
    }
    const meta = JSON.parse(readFileSync(join(dir, 'extract_meta.json'), 'utf8')) as RawMeta;
    const naming = new SnakeCaseNaming((await this.destination()).capabilities.maxIdentifierLength);
    const schema = this.#schemaFor(meta.source).clone();
    schema.setSourceContract(meta.contract);
    const dropped = meta.dropped_tables ?? [];
    for (const t of dropped) delete schema.tables[t];
    const writer = new PackageWriter(this.workingDir, loadId, { bufferMaxItems: this.options.bufferMaxItems, fileMaxBytes: this.options.fileMaxBytes });
    const normalizer = new RelationalNormalizer(schema, naming, loadId, writer);
    try {
      for (const { hints, file } of meta.resources) {
        for (const page of readPages(join(dir, file))) normalizer.normalizePage(hints, page as Page);
      }
      if (meta.stateChanged) this.#addStateRow(normalizer, meta.stateCopy);
      schema.bumpVersion();
      await writer.commit(schema, {
        load_id: loadId, schema_name: schema.name, created_at: new Date().toISOString(), row_counts: normalizer.rowCounts, tables: meta.roots, pipeline_state: meta.stateCopy,
        ...(meta.truncated_tables?.length ? { truncated_tables: meta.truncated_tables } : {}),
        ...(dropped.length ? { dropped_tables: dropped } : {}),
      });
    } catch (e) {
      writer.abort();
      const stays = `the extracted package ${loadId} stays and is normalized again by the next run or normalize(); to give it up, drop it with dropPendingPackages() or \`sluice pipeline ${this.pipelineName} drop-pending-packages\``;
      throw new PipelineStepFailed('normalize', `${errorMessage(e)} (${stays})`, { cause: e });
    }
    rmSync(dir, { recursive: true, force: true });
    this.#schemas.set(schema.name, schema);
    this.#saveSchema(schema);
    if (!this.#state.schema_names.includes(schema.name)) this.#state.schema_names.push(schema.name);
    this.#saveState();
    return normalizer.rowCounts;
  }

  async #loadPending(): Promise<LoadInfo> {
    const dest = await this.destination();
    const packages = this.pendingPackages();
    const infos: LoadPackageInfo[] = [];
    const started = new Date().toISOString();
    const t0 = performance.now();
    const counts: Record<string, number> = {};
    this.#progress.stepStarted('load');
    let client: DestinationClient | undefined;
    try {
      if (packages.length) {
        // The pages of a big extraction, freed before the destination takes its buffers.
        if (packages.reduce((n, pkg) => n + pkg.pendingBytes(), 0) >= BIG_PACKAGE_BYTES) releaseHeap();
        client = await dest.client(this.datasetName);
      }
      for (const [i, pkg] of packages.entries()) {
        try {
          infos.push(await this.#loadPackage(client!, pkg, counts));
        } catch (e) {
          throw e instanceof JobFailedTerminally ? await this.#abort(client!, packages.slice(i), e) : e;
        }
      }
    } catch (e) {
      this.#progress.stepFinished('load', e);
      this.#step('load', started, (performance.now() - t0) / 1000, counts, e);
      if (e instanceof PipelineStepFailed) throw e;
      throw new PipelineStepFailed('load', `${errorMessage(e)} (destination ${dest.displayLocation()}; the package stays pending and is loaded by the next run)`, { cause: e });
    } finally {
      await client?.close();
    }
    this.#progress.stepFinished('load');
    const elapsed = (performance.now() - t0) / 1000;
    this.#step('load', started, elapsed, counts);
    const info = new LoadInfo(this.pipelineName, dest.type, dest.displayLocation(), this.datasetName, infos, elapsed, this.#state._local.first_run);
    const file = dest.databaseFile;
    if (infos.length && (this.#state._local.first_run || (file !== undefined && this.#state._local.database_file !== file))) {
      this.#state._local.first_run = false;
      if (file !== undefined) this.#state._local.database_file = file;
      this.#saveState();
    }
    if (this.options.raiseOnFailedJobs !== false) info.raiseOnFailedJobs();
    return info;
  }

  /**
   * The destination rejected a job of `pkgs[0]`, and nothing of that package is in it. The package and
   * those extracted after it (their state builds on its state) move to `load/aborted`, and the local state
   * goes back to the destination's — the state of the last loaded package — so the next run extracts the
   * same data again instead of skipping it.
   */
  async #abort(client: DestinationClient, pkgs: LoadPackage[], e: JobFailedTerminally): Promise<PipelineStepFailed> {
    const first = pkgs[0]!;
    // Read before anything moves: if the destination cannot answer, the package stays pending as it was.
    const remote = (await client.restoreState(this.pipelineName)) as PipelineState | undefined;
    // The state goes back before the packages move: if the save fails (or the process stops) first, the
    // packages stay pending and the next run takes their state again; the other way round, the state file
    // would keep the aborted packages' cursors with no package left, and their rows would never load.
    this.#state = { ...(remote ?? newState(this.pipelineName, this.datasetName)), _local: this.#state._local };
    this.#saveState();
    for (const j of first.jobs()) {
      if (j.jobId === e.jobId && j.state !== 'failed_jobs') first.move(j, 'failed_jobs', e.reason);
      else if (j.state === 'started_jobs') first.move(j, 'new_jobs');
    }
    for (const pkg of pkgs) pkg.markAborted(this.workingDir);
    const later = pkgs.length > 1 ? ` (with the ${pkgs.length - 1} package(s) extracted after it)` : '';
    return new PipelineStepFailed(
      'load',
      `${e.message}. Load package ${first.loadId}${later} was aborted: none of its rows were loaded, and the pipeline state is back to the last loaded package, so the next run extracts the same data again. The package is kept in ${join(this.workingDir.abortedDir, first.loadId)}.`,
      { cause: e },
    );
  }

  /**
   * The newest pending package's state and schemas when the local files are older (their save failed,
   * or the process was killed, after the package was committed): extracting from the older state would
   * load the same rows twice, and normalizing against the older schema would forget the package's new
   * columns in the schema the next package records.
   */
  #adoptPendingState(): void {
    const pending = this.pendingPackages();
    for (const pkg of pending) {
      const schema = pkg.schema();
      const local = this.#schemas.get(schema.name);
      if (local && local.version >= schema.version) continue;
      log.warn(`the local schema ${schema.name} of ${this.pipelineName} (version ${local?.version ?? 'none'}) is older than its pending package's (version ${schema.version}); using the package's`);
      this.#schemas.set(schema.name, schema);
      this.#saveSchema(schema);
    }
    const states = [
      ...pending.map((pkg) => pkg.state().pipeline_state as PipelineState | undefined),
      ...this.extractedLoadIds().map((id) => this.#readJson<RawMeta>(join(this.workingDir.extractedDir, id, 'extract_meta.json'))?.stateCopy),
    ];
    let newest: PipelineState | undefined;
    for (const s of states) if (s && s._state_version > (newest ?? this.#state)._state_version) newest = s;
    if (!newest) return;
    log.warn(`the local state of ${this.pipelineName} (version ${this.#state._state_version}) is older than its pending package's (version ${newest._state_version}); using the package's`);
    this.#state = { ...newest, _local: this.#state._local };
    this.#saveState();
  }

  async #loadPackage(client: DestinationClient, pkg: LoadPackage, counts: Record<string, number>): Promise<LoadPackageInfo> {
    const loadId = pkg.loadId;
    let jobs: JobOutcome[];
    if (await client.isLoaded(loadId)) {
      // Loaded before a crash: only the bookkeeping is left.
      log.info(`package ${loadId} was already loaded; finishing its bookkeeping`);
      const rc = pkg.state().row_counts;
      jobs = pkg.jobs().map((j) => ({ jobId: j.jobId, table: j.table, rows: 0, error: j.error }));
      for (const j of pkg.jobs()) if (j.state !== 'completed_jobs' && j.state !== 'failed_jobs') pkg.move(j, 'completed_jobs');
      pkg.markLoaded(this.workingDir);
      return { loadId, state: 'LOADED', jobs, rowCounts: rc };
    }
    for (const j of pkg.jobs()) if (j.state === 'new_jobs') pkg.move(j, 'started_jobs');
    jobs = await client.loadPackage(pkg, (o) => this.#progress.tableLoaded(o.table, o.rows), { partial: this.options.raiseOnFailedJobs === false });
    const byId = new Map(jobs.map((o) => [o.jobId, o]));
    const rowCounts: Record<string, number> = {};
    for (const j of pkg.jobs()) {
      const o = byId.get(j.jobId);
      if (j.state === 'started_jobs' || j.state === 'new_jobs') pkg.move(j, o?.error ? 'failed_jobs' : 'completed_jobs', o?.error);
      if (o && !o.error && !j.table.startsWith('_dlt')) {
        rowCounts[j.table] = (rowCounts[j.table] ?? 0) + o.rows;
        counts[j.table] = (counts[j.table] ?? 0) + o.rows;
      }
    }
    pkg.markLoaded(this.workingDir);
    return { loadId, state: 'LOADED', jobs, rowCounts };
  }
}

/** dlt's dev-mode dataset name: `<name>_YYYYMMDDhhmmss` (UTC), without a double `_`. */
function devDatasetName(name: string): string {
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  return name.endsWith('_') ? name + stamp : `${name}_${stamp}`;
}

/** Source-level defaults under resource hints. */
function applySourceDefaults(h: ResourceHints, o: { schema_contract?: unknown; max_table_nesting?: number }): ResourceHints {
  if (o.max_table_nesting === undefined || h.max_table_nesting !== undefined) return h;
  return { ...h, max_table_nesting: o.max_table_nesting };
}

/** A load id: the unix timestamp with microseconds, strictly increasing within the working dir. */
let lastLoadId = 0;
function newLoadId(wd: WorkingDir): string {
  let t = (performance.timeOrigin + performance.now()) / 1000;
  for (const d of [wd.normalizedDir, wd.loadedDir, wd.extractedDir, wd.abortedDir]) {
    if (!existsSync(d)) continue;
    for (const id of readdirSync(d)) if (Number(id) >= t) t = Number(id) + 0.000001;
  }
  if (t <= lastLoadId) t = lastLoadId + 0.000001;
  lastLoadId = t;
  return t.toFixed(6);
}

/** What `refresh` resets (resource state) and empties or drops (tables) with the run's package. */
interface DropData {
  mode: NonNullable<RunOptions['refresh']>;
  resources: string[];
  tables: string[];
}

interface RawMeta {
  source: string;
  stateCopy: PipelineState;
  stateChanged: boolean;
  roots: string[];
  contract?: import('../schema/types.js').SchemaContract;
  /** `refresh: 'drop_data'`: tables the load empties. */
  truncated_tables?: string[];
  /** `refresh: 'drop_resources' | 'drop_sources'`: tables the schema forgets and the load drops. */
  dropped_tables?: string[];
  resources: { hints: ResourceHints; file: string }[];
}

/** Extracted-package writer: raw pages per resource (see `extracted-pages.ts`). */
class RawPageWriter {
  readonly #files = new Map<string, { hints: ResourceHints; file: string }>();
  constructor(readonly dir: string) {}
  write(hints: ResourceHints, page: Page): void {
    let f = this.#files.get(hints.name);
    if (!f) {
      if (typeof hints.table_name === 'function') throw new SluiceError(`resource ${hints.name}: a table_name function cannot be used with separate extract(); use run()`);
      f = { hints: { ...hints }, file: `${hints.name}.${randomBytes(4).toString('hex')}.pages` };
      this.#files.set(hints.name, f);
    }
    appendPage(join(this.dir, f.file), hints.name, page);
  }
  finish(meta: Omit<RawMeta, 'resources'>): void {
    writeFileSync(join(this.dir, 'extract_meta.json'), JSON.stringify({ ...meta, resources: [...this.#files.values()] }));
  }
}
