/** Counters shared by the progress reporters: per step timing, per resource pages/records, per table rows. */
import type { StepName } from '../../pipeline/progress.js';
import { errorMessage } from '../../common/errors.js';

export interface StepStats {
  step: StepName;
  startedAt: number;
  finishedAt?: number;
  /** First line of the error message (masked) if the step failed. */
  error?: string;
}

export interface ResourceStats {
  name: string;
  pages: number;
  records: number;
  /** Time of the latest page (the resource's elapsed time is measured up to it). */
  lastAt: number;
}

export interface TableStats {
  name: string;
  rows: number;
  jobs: number;
}

export class RunStats {
  readonly steps = new Map<StepName, StepStats>();
  readonly resources = new Map<string, ResourceStats>();
  readonly tables = new Map<string, TableStats>();
  /** The step running now, if any. */
  current: StepName | undefined;

  constructor(readonly now: () => number) {}

  stepStarted(step: StepName): void {
    this.steps.set(step, { step, startedAt: this.now() });
    this.current = step;
  }

  stepFinished(step: StepName, error?: unknown): void {
    const s = this.steps.get(step) ?? { step, startedAt: this.now() };
    s.finishedAt = this.now();
    if (error !== undefined) s.error = errorMessage(error).split('\n')[0];
    this.steps.set(step, s);
    if (this.current === step) this.current = undefined;
  }

  page(resource: string, records: number): void {
    const r = this.resources.get(resource) ?? { name: resource, pages: 0, records: 0, lastAt: 0 };
    r.pages += 1;
    r.records += records;
    r.lastAt = this.now();
    this.resources.set(resource, r);
  }

  table(table: string, rows: number): void {
    const t = this.tables.get(table) ?? { name: table, rows: 0, jobs: 0 };
    t.rows += rows;
    t.jobs += 1;
    this.tables.set(table, t);
  }

  /** Milliseconds the step has run (until it finished, or until now). */
  stepElapsed(step: StepName): number {
    const s = this.steps.get(step);
    return s ? (s.finishedAt ?? this.now()) - s.startedAt : 0;
  }

  /** Milliseconds from the start of extract to the resource's latest page. */
  resourceElapsed(r: ResourceStats): number {
    const start = this.steps.get('extract')?.startedAt ?? r.lastAt;
    return Math.max(0, r.lastAt - start);
  }

  totals(): { pages: number; records: number; rows: number } {
    let pages = 0;
    let records = 0;
    let rows = 0;
    for (const r of this.resources.values()) {
      pages += r.pages;
      records += r.records;
    }
    for (const t of this.tables.values()) rows += t.rows;
    return { pages, records, rows };
  }
}
