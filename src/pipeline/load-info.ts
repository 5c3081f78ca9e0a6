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

/** `0.26 seconds`, `1 minute and 5.20 seconds` (dlt humanizes durations this way). */
export function humanizeSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(2)} seconds`;
  const m = Math.floor(s / 60);
  const rest = s - m * 60;
  return `${m} minute${m === 1 ? '' : 's'} and ${rest.toFixed(2)} seconds`;
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

  toString(): string {
    const lines = [
      `Pipeline ${this.pipelineName} load step completed in ${humanizeSeconds(this.elapsed)}`,
      `${this.loadPackages.length} load package(s) were loaded to destination ${this.destinationType} and into dataset ${this.datasetName}`,
      `The ${this.destinationType} destination used ${this.destinationDisplayableCredentials} location to store data`,
    ];
    for (const p of this.loadPackages) {
      if (p.state !== 'LOADED') {
        lines.push(`Load package ${p.loadId} is ${p.state} and NOT YET LOADED to the destination`);
        continue;
      }
      const failed = p.jobs.filter((j) => j.error);
      if (!failed.length) lines.push(`Load package ${p.loadId} is LOADED and contains no failed jobs`);
      else {
        lines.push(`Load package ${p.loadId} is LOADED and contains ${failed.length} FAILED job(s)!`);
        for (const j of failed) lines.push(`\t[${j.jobId}]: ${j.error}`);
      }
    }
    return lines.join('\n');
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
