/**
 * What every API handler needs: a fresh view of the pipeline's working dir (so a run in another terminal
 * shows up on reload), the destination resolved once, and destination clients opened per request.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SluiceError } from '../common/errors.js';
import { Dataset } from '../dataset/dataset.js';
import type { Destination, DestinationClient } from '../destinations/destination.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { resolveDestination, type DestinationSpec } from '../pipeline/resolve-destination.js';
import { loadedPackages } from '../storage/load-package.js';
import { defaultPipelinesDir } from '../storage/layout.js';

/** Options shared by `startDashboard` and the API handlers. */
export interface DashboardTarget {
  pipelineName: string;
  /** Default `$SLUICE_DATA_DIR/pipelines` or `~/.sluice/pipelines`. */
  pipelinesDir?: string;
  /**
   * The destination to read (the CLI passes what it resolved from config). Default: the destination
   * type recorded in the pipeline state, with its default options (DuckDB: `<pipeline_name>.duckdb` in
   * the current directory, else in the directory the pipeline first ran from).
   */
  destination?: DestinationSpec;
  /** Default: the dataset recorded in the pipeline state. */
  datasetName?: string;
  /** How long a query of the SQL editor may run before it is stopped (ms). Default 60 s. */
  queryTimeoutMs?: number;
}

/** Why a destination file is missing: never loaded yet, or deleted, moved or elsewhere although loads went to it. */
export function missingDestination(location: string, loads: number): string {
  const cause = loads
    ? `does not exist, although ${loads} load${loads === 1 ? '' : 's'} of this pipeline went to its destination: the file was deleted or moved, or the pipeline loads into another file (run \`show\` where its config is)`
    : 'does not exist yet: nothing was loaded into it';
  return `the destination ${location} ${cause}. The schema, state and trace pages still work.`;
}

export class DashboardContext {
  readonly pipelinesDir: string;
  #destination?: Promise<Destination>;

  constructor(readonly target: DashboardTarget) {
    this.pipelinesDir = target.pipelinesDir ?? defaultPipelinesDir();
    const dir = join(this.pipelinesDir, target.pipelineName);
    if (!existsSync(join(dir, 'state.json'))) {
      throw new SluiceError(`pipeline '${target.pipelineName}' has no working dir with state at ${dir}; run it first or pass --pipelines-dir`);
    }
  }

  /** A fresh Pipeline over the working dir (reads state.json and schemas again). */
  pipeline(): Pipeline {
    const { pipelineName, datasetName } = this.target;
    return new Pipeline({ pipelineName, pipelinesDir: this.pipelinesDir, datasetName });
  }

  /** The Dataset API over the destination, with the current schema. */
  dataset(): Dataset {
    const p = this.pipeline();
    return new Dataset(p.datasetName, () => this.#open(p), () => p.defaultSchema);
  }

  /** The destination (resolved once). */
  destination(): Promise<Destination> {
    return this.#resolved();
  }

  #resolved(): Promise<Destination> {
    return (this.#destination ??= this.#resolve());
  }

  async #open(p: Pipeline): Promise<DestinationClient> {
    const dest = await this.destination();
    const path = (dest as { path?: unknown }).path;
    if (typeof path === 'string' && !existsSync(path)) throw new SluiceError(missingDestination(dest.displayLocation(), loadedPackages(p.workingDir).length));
    // The dashboard only reads: a destination that can, opens a client where the database refuses anything else.
    return dest.readOnlyClient ? dest.readOnlyClient(p.datasetName, p.defaultSchema) : dest.client(p.datasetName, p.defaultSchema);
  }

  async #resolve(): Promise<Destination> {
    const { pipelineName, destination } = this.target;
    if (destination !== undefined) return resolveDestination(destination, pipelineName);
    const p = new Pipeline({ pipelineName, pipelinesDir: this.pipelinesDir });
    const type = p.state.destination_type ?? 'duckdb';
    if (type === 'duckdb') {
      const file = `${pipelineName}.duckdb`;
      const initial = p.state._local.initial_cwd;
      const path = !existsSync(resolve(file)) && initial && existsSync(join(initial, file)) ? join(initial, file) : file;
      return resolveDestination({ type, path }, pipelineName);
    }
    return resolveDestination(type, pipelineName);
  }

  /**
   * Runs `fn` with a client for the dataset. Throws a SluiceError naming the cause when the destination
   * cannot be opened; never creates an empty database file just to look at it.
   */
  async withClient<T>(fn: (client: DestinationClient, dest: Destination) => Promise<T>): Promise<T> {
    const dest = await this.destination();
    const client = await this.#open(this.pipeline());
    try {
      return await fn(client, dest);
    } finally {
      await client.close();
    }
  }
}
