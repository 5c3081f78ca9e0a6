/** Reading a committed package and moving its jobs between states on disk. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema } from '../schema/schema.js';
import type { StoredSchema } from '../schema/types.js';
import { JOB_STATES, type JobState, type WorkingDir } from './layout.js';
import type { PackageState } from './package-writer.js';

/**
 * Job bytes from which a package counts as big: the pipeline frees the JS heap before loading it, and
 * DuckDB loads it with a budget sized for it (smaller ones keep the query memory limit).
 */
export const BIG_PACKAGE_BYTES = 32 * 1024 * 1024;

export interface Job {
  /** File name, e.g. `users.a1b2c3d4e5.0.csv`. */
  file: string;
  /** `<table>.<file_id>.<format>`, e.g. `users.a1b2c3d4e5.csv` (dlt's job id: the file name without the retry count). */
  jobId: string;
  table: string;
  /** The random id that makes the file name unique within the table. */
  fileId: string;
  state: JobState;
  /** Failure message for failed jobs. */
  error?: string;
}

export class LoadPackage {
  constructor(readonly dir: string) {}

  get loadId(): string {
    return this.dir.split(/[\\/]/).pop()!;
  }

  state(): PackageState {
    return JSON.parse(readFileSync(join(this.dir, 'load_package_state.json'), 'utf8'));
  }

  schema(): Schema {
    return Schema.fromStored(JSON.parse(readFileSync(join(this.dir, 'schema.json'), 'utf8')) as StoredSchema);
  }

  jobs(): Job[] {
    const out: Job[] = [];
    for (const state of JOB_STATES) {
      const d = join(this.dir, state);
      if (!existsSync(d)) continue;
      for (const file of readdirSync(d).sort()) {
        if (file.endsWith('.exception')) continue;
        // `<table>.<file_id>.<retry_count>.<format>`
        const [table, fileId, , format] = file.split('.') as [string, string, string, string];
        const job: Job = { file, jobId: `${table}.${fileId}.${format}`, table, fileId, state };
        if (state === 'failed_jobs') {
          const ex = join(d, file + '.exception');
          if (existsSync(ex)) job.error = readFileSync(ex, 'utf8');
        }
        out.push(job);
      }
    }
    return out;
  }

  /** Bytes of the job files not loaded yet. */
  pendingBytes(): number {
    let n = 0;
    for (const j of this.jobs()) if (j.state === 'new_jobs' || j.state === 'started_jobs') n += statSync(this.jobPath(j)).size;
    return n;
  }

  jobPath(job: Job): string {
    return join(this.dir, job.state, job.file);
  }

  /** Moves a job to another state folder (a rename: atomic). */
  move(job: Job, to: JobState, error?: string): Job {
    mkdirSync(join(this.dir, to), { recursive: true });
    renameSync(this.jobPath(job), join(this.dir, to, job.file));
    if (error !== undefined) writeFileSync(join(this.dir, to, job.file + '.exception'), error);
    return { ...job, state: to, error };
  }

  /** Moves the package from `load/normalized` to `load/loaded`. */
  markLoaded(wd: WorkingDir): LoadPackage {
    return this.#moveTo(wd.loadedDir);
  }

  /** Moves the package from `load/normalized` to `load/aborted`: it is kept, and never loaded. */
  markAborted(wd: WorkingDir): LoadPackage {
    return this.#moveTo(wd.abortedDir);
  }

  #moveTo(dir: string): LoadPackage {
    mkdirSync(dir, { recursive: true });
    const target = join(dir, this.loadId);
    renameSync(this.dir, target);
    return new LoadPackage(target);
  }
}

/** Pending (normalized, not loaded) packages, oldest first. */
export function pendingPackages(wd: WorkingDir): LoadPackage[] {
  return packagesIn(wd.normalizedDir);
}

/** Loaded packages, oldest first. */
export function loadedPackages(wd: WorkingDir): LoadPackage[] {
  return packagesIn(wd.loadedDir);
}

/** Aborted packages, oldest first. */
export function abortedPackages(wd: WorkingDir): LoadPackage[] {
  return packagesIn(wd.abortedDir);
}

function packagesIn(dir: string): LoadPackage[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort((a, b) => Number(a) - Number(b))
    .map((id) => new LoadPackage(join(dir, id)));
}
