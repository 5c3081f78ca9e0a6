/** Reading load packages of a working dir for `info`, `load-package` and `failed-jobs`. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Pipeline } from '../../pipeline/pipeline.js';
import { abortedPackages, LoadPackage, loadedPackages, pendingPackages } from '../../storage/load-package.js';

export interface PackageSummary {
  load_id: string;
  /**
   * `loaded`, `aborted` (a job was rejected; nothing of it was loaded), or pending: `extracted` (by
   * `extract()`, not normalized yet; its jobs are the resources' page files) or `normalized`.
   */
  state: 'loaded' | 'aborted' | 'extracted' | 'normalized';
  schema_name?: string;
  created_at?: string;
  row_counts?: Record<string, number>;
  /** `file` is the job file's name, `path` where it is (for a failed job, the file the destination rejected). */
  jobs: { job_id: string; table: string; state: string; file: string; path: string; size: number; error?: string }[];
}

/** All packages of the pipeline, oldest first (loaded and aborted, then pending). */
export function allPackages(p: Pipeline): { pkg: LoadPackage; state: PackageSummary['state'] }[] {
  const done = [
    ...loadedPackages(p.workingDir).map((pkg) => ({ pkg, state: 'loaded' as const })),
    ...abortedPackages(p.workingDir).map((pkg) => ({ pkg, state: 'aborted' as const })),
  ].sort((a, b) => Number(a.pkg.loadId) - Number(b.pkg.loadId));
  const pending = [
    ...p.extractedLoadIds().map((id) => ({ pkg: new LoadPackage(join(p.workingDir.extractedDir, id)), state: 'extracted' as const })),
    ...pendingPackages(p.workingDir).map((pkg) => ({ pkg, state: 'normalized' as const })),
  ].sort((a, b) => Number(a.pkg.loadId) - Number(b.pkg.loadId));
  return [...done, ...pending];
}

/** The folder a package is in, relative to the working dir (`load/loaded`, `normalize/extracted`). */
export function packageFolder(state: PackageSummary['state']): string {
  return state === 'extracted' ? 'normalize/extracted' : `load/${state}`;
}

/**
 * An extracted package: its source (the schema it normalizes into) and one job per resource page file,
 * as its `extract_meta.json` lists them (the file `normalize()` reads too).
 */
function extractedSummary(pkg: LoadPackage): PackageSummary {
  let meta: { source?: string; resources?: { hints: { name: string }; file: string }[] } = {};
  try {
    meta = JSON.parse(readFileSync(join(pkg.dir, 'extract_meta.json'), 'utf8')) as typeof meta;
  } catch {
    // still listed without its meta file, with no jobs
  }
  return {
    load_id: pkg.loadId,
    state: 'extracted',
    schema_name: meta.source,
    jobs: (meta.resources ?? []).map(({ hints, file }) => ({ job_id: file, table: hints.name, state: 'extracted', file, path: join(pkg.dir, file), size: size(join(pkg.dir, file)) })),
  };
}

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** A package as plain data. */
export function summarize(pkg: LoadPackage, state: PackageSummary['state']): PackageSummary {
  if (state === 'extracted') return extractedSummary(pkg);
  let meta: Partial<ReturnType<LoadPackage['state']>> = {};
  try {
    meta = pkg.state();
  } catch {
    // a package without its state file is still listed
  }
  return {
    load_id: pkg.loadId,
    state,
    schema_name: meta.schema_name,
    created_at: meta.created_at,
    row_counts: meta.row_counts,
    jobs: pkg.jobs().map((j) => ({ job_id: j.jobId, table: j.table, state: j.state.replace(/_jobs$/, ''), file: j.file, path: pkg.jobPath(j), size: size(pkg.jobPath(j)), ...(j.error ? { error: j.error } : {}) })),
  };
}
