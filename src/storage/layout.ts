/**
 * The pipeline working directory (`<pipelinesDir>/<pipeline_name>`), mirroring dlt's layout:
 *
 * ```
 * state.json                      local pipeline state
 * schemas/<name>.schema.json      the current schema
 * trace.json                      the last run's trace
 * normalize/extracted/<load_id>/  extracted, not yet normalized packages (raw pages)
 * load/normalized/<load_id>/      packages ready to load (pending)
 * load/loaded/<load_id>/          loaded packages
 * load/aborted/<load_id>/         packages a destination rejected a job of; nothing of them was loaded
 * tmp/<load_id>.<pid>.<random>/   packages being written; renamed into place when complete (see stale-temp.ts)
 * ```
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Default pipelines dir: `$SLUICE_DATA_DIR/pipelines`, else `~/.sluice/pipelines`. */
export function defaultPipelinesDir(env = process.env): string {
  return join(env.SLUICE_DATA_DIR ?? join(homedir(), '.sluice'), 'pipelines');
}

export class WorkingDir {
  constructor(readonly root: string) {}
  get stateFile() {
    return join(this.root, 'state.json');
  }
  get traceFile() {
    return join(this.root, 'trace.json');
  }
  schemaFile(name: string) {
    return join(this.root, 'schemas', `${name}.schema.json`);
  }
  get extractedDir() {
    return join(this.root, 'normalize', 'extracted');
  }
  get normalizedDir() {
    return join(this.root, 'load', 'normalized');
  }
  get loadedDir() {
    return join(this.root, 'load', 'loaded');
  }
  get abortedDir() {
    return join(this.root, 'load', 'aborted');
  }
  get tmpDir() {
    return join(this.root, 'tmp');
  }
}

/** Job folders inside a package; a job file moves new → started → completed | failed. */
export const JOB_STATES = ['new_jobs', 'started_jobs', 'completed_jobs', 'failed_jobs'] as const;
export type JobState = (typeof JOB_STATES)[number];
