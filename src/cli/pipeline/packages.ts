/** Reading load packages of a working dir for `info`, `load-package` and `failed-jobs`. */
import { statSync } from 'node:fs';
import type { Pipeline } from '../../pipeline/pipeline.js';
import { abortedPackages, LoadPackage, loadedPackages, pendingPackages } from '../../storage/load-package.js';

export interface PackageSummary {
  load_id: string;
  /** `loaded`, `aborted` (a job was rejected; nothing of it was loaded) or `normalized` (pending). */
  state: 'loaded' | 'aborted' | 'normalized';
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
  return [...done, ...pendingPackages(p.workingDir).map((pkg) => ({ pkg, state: 'normalized' as const }))];
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
