/** The result of a load, printed exactly as dlt prints it (reference/dlt-model.md §9 "LoadInfo text"). */
import type { JobOutcome } from '../destinations/destination.js';
import { PipelineStepFailed } from '../common/errors.js';

export interface LoadPackageInfo {
  loadId: string;
  /** LOADED, or NORMALIZED when not (yet) loaded. */
  state: 'LOADED' | 'NORMALIZED';
  jobs: JobOutcome[];
  /** Rows per table loaded by this package. */
  rowCounts: Record<string, number>;
}

/**
 * A duration as dlt prints it (`humanize.precisedelta` down to seconds): `0.26 seconds`,
 * `1 minute and 5.20 seconds`, `1 hour, 2 minutes and 3.50 seconds`, `1 second`. Units that are zero
 * are left out; seconds show two decimals unless whole.
 */
export function humanizeSeconds(s: number): string {
  const texts: string[] = [];
  let rest = Math.max(0, s);
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) texts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  if (rest > 0 || !texts.length) {
    const whole = Number.isInteger(rest);
    texts.push(`${whole ? rest : rest.toFixed(2)} ${rest === 1 ? 'second' : 'seconds'}`);
  }
  return texts.length === 1 ? texts[0]! : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
}

export class LoadInfo {
  constructor(
    readonly pipelineName: string,
    readonly destinationType: string,
    readonly destinationDisplayableCredentials: string,
    readonly datasetName: string,
    readonly loadPackages: LoadPackageInfo[],
    /** Load step duration, seconds. */
    readonly elapsed: number,
    readonly firstRun: boolean,
  ) {}

  get loadsIds(): string[] {
    return this.loadPackages.map((p) => p.loadId);
  }
  get hasFailedJobs(): boolean {
    return this.loadPackages.some((p) => p.jobs.some((j) => j.error));
  }
  /** Rows per table over all packages. */
  get rowCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.loadPackages) for (const [t, n] of Object.entries(p.rowCounts)) out[t] = (out[t] ?? 0) + n;
    return out;
  }

  /** Throws PipelineStepFailed when any job failed. */
  raiseOnFailedJobs(): void {
    if (this.hasFailedJobs) throw new PipelineStepFailed('load', this.toString());
  }

  /**
   * dlt's `str(load_info)` (verbosity 1), character for character: the duration is `---` when no package
   * was loaded, and each failed job adds `\n\t[<job_id>]: <message>\n`.
   */
  toString(): string {
    let msg = `Pipeline ${this.pipelineName} load step completed in ${this.loadPackages.length ? humanizeSeconds(this.elapsed) : '---'}`;
    msg += `\n${this.loadPackages.length} load package(s) were loaded to destination ${this.destinationType} and into dataset ${this.datasetName}\n`;
    msg += `The ${this.destinationType} destination used ${this.destinationDisplayableCredentials} location to store data`;
    for (const p of this.loadPackages) {
      const state = p.state === 'LOADED' ? p.state : `${p.state} and NOT YET LOADED to the destination`;
      const failed = p.jobs.filter((j) => j.error);
      msg += `\nLoad package ${p.loadId} is ${state} and contains ${failed.length ? `${failed.length} FAILED job(s)!` : 'no failed jobs'}`;
      for (const j of failed) msg += `\n\t[${j.jobId}]: ${j.error}\n`;
    }
    return msg;
  }

  toJSON() {
    return {
      pipeline: { pipeline_name: this.pipelineName },
      destination_type: this.destinationType,
      destination_displayable_credentials: this.destinationDisplayableCredentials,
      dataset_name: this.datasetName,
      loads_ids: this.loadsIds,
      load_packages: this.loadPackages,
      has_failed_jobs: this.hasFailedJobs,
      first_run: this.firstRun,
      elapsed: this.elapsed,
    };
  }
}
