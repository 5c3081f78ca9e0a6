/**
 * Progress events a pipeline emits while it runs. The CLI installs a reporter (live lines on a terminal,
 * periodic log lines otherwise); library users may pass their own or none.
 */
export type StepName = 'extract' | 'normalize' | 'load';

export interface ProgressReporter {
  /** A step begins. */
  stepStarted(step: StepName): void;
  /** A page of `records` items was extracted from `resource` (counts are per page, not cumulative). */
  pageExtracted(resource: string, records: number): void;
  /** `rows` rows were loaded into `table` (one call per job). */
  tableLoaded(table: string, rows: number): void;
  /** A step ends (with or without error). */
  stepFinished(step: StepName, error?: unknown): void;
  /** The whole run ends; print a summary if wanted. */
  close(): void;
}

/** The default for library use: reports nothing. */
export const silentProgress: ProgressReporter = {
  stepStarted() {},
  pageExtracted() {},
  tableLoaded() {},
  stepFinished() {},
  close() {},
};
