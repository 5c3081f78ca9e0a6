/**
 * {@link StreamingLoad} for SQL destinations: job files are copied into one open transaction while
 * extraction goes on, one at a time in the order they were finished. When a table whose rows the
 * transaction already changed needs a new column and the dialect cannot alter it inside the transaction (DuckDB), the transaction
 * starts over with the grown schema and the finished files are copied again — at most
 * {@link MAX_RESTARTS} times. Anything else that goes wrong (rejected data, out of memory, a lost
 * connection) rolls back and leaves the package to the whole-package load, which has the rules for those.
 */
import { basename } from 'node:path';
import { errorMessage } from '../../common/errors.js';
import { log } from '../../common/log.js';
import type { Schema } from '../../schema/schema.js';
import type { LoadPackage } from '../../storage/load-package.js';
import type { JobOutcome, StreamingLoad } from '../destination.js';
import { AlterAfterInsert, PackageLoad, type PackageLoadContext } from './package-load.js';

/** Restarts of the transaction for new columns before the package is left to the whole-package load. */
export const MAX_RESTARTS = 3;

interface FileRef {
  table: string;
  path: string;
  file: string;
}

export class SqlStreamingLoad implements StreamingLoad {
  readonly #files: FileRef[] = [];
  #next = 0;
  #queue: Promise<void> = Promise.resolve();
  #load!: PackageLoad;
  #gaveUp = false;
  #restarts = 0;

  private constructor(
    readonly ctx: PackageLoadContext,
    readonly schema: Schema,
    readonly truncated: readonly string[],
  ) {}

  static async begin(ctx: PackageLoadContext, schema: Schema, truncated: readonly string[]): Promise<SqlStreamingLoad> {
    const s = new SqlStreamingLoad(ctx, schema, truncated);
    await s.#open();
    return s;
  }

  /** Transactions started over because a loaded table gained a column. */
  get restarts(): number {
    return this.#restarts;
  }

  /** Begins the transaction: DDL for the schema as it is now, then the `drop_data` truncation. */
  async #open(): Promise<void> {
    await this.ctx.sql.begin();
    this.#load = new PackageLoad(this.ctx);
    await this.#load.start();
    await this.#load.migrate(Object.values(this.schema.tables));
    await this.#load.truncate(this.truncated);
  }

  add(table: string, path: string): void {
    this.#files.push({ table, path, file: basename(path) });
    this.#queue = this.#queue.then(() => this.#drain());
  }

  settle(): Promise<void> {
    return this.#queue;
  }

  async #drain(): Promise<void> {
    while (!this.#gaveUp && this.#next < this.#files.length) {
      const f = this.#files[this.#next]!;
      try {
        await this.#load.copy(this.schema, f.table, f.path, f.file);
        this.#next++;
      } catch (e) {
        if (e instanceof AlterAfterInsert && this.#restarts < MAX_RESTARTS) await this.#restart(e);
        else await this.#giveUp(e);
      }
    }
  }

  /** Rolls back and copies the finished files again into a transaction that starts with the grown schema. */
  async #restart(why: AlterAfterInsert): Promise<void> {
    this.#restarts++;
    log.debug(`load ${this.ctx.loadId}: ${why.message}; starting the transaction over (${this.#next} file(s) to copy again)`);
    try {
      await this.ctx.sql.rollback();
      await this.#open();
      this.#next = 0;
    } catch (e) {
      await this.#giveUp(e);
    }
  }

  async #giveUp(e: unknown): Promise<void> {
    this.#gaveUp = true;
    log.info(`load ${this.ctx.loadId}: loading while extracting stopped (${errorMessage(e)}); the package is loaded after extraction`);
    await this.ctx.sql.rollback().catch(() => undefined);
  }

  async finish(pkg: LoadPackage, onJob?: (o: JobOutcome) => void): Promise<JobOutcome[] | undefined> {
    await this.#queue;
    if (this.#gaveUp) return undefined;
    const schema = pkg.schema();
    const jobs = pkg.jobs().filter((j) => j.state !== 'failed_jobs');
    try {
      for (const j of jobs) if (!this.#load.rows.has(j.file)) await this.#load.copy(schema, j.table, pkg.jobPath(j), j.file);
      await this.#load.finish(schema, pkg.state().tables, new Set(jobs.map((j) => j.table)));
      await this.ctx.sql.commit();
    } catch (e) {
      await this.#giveUp(e);
      return undefined;
    }
    const outcomes = jobs.map((j) => ({ jobId: j.jobId, table: j.table, rows: this.#load.rows.get(j.file) ?? 0 }));
    for (const o of outcomes) onJob?.(o);
    return outcomes;
  }

  async abort(): Promise<void> {
    await this.#queue;
    if (this.#gaveUp) return;
    this.#gaveUp = true;
    await this.ctx.sql.rollback().catch(() => undefined);
  }
}
