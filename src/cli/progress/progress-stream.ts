/** Where progress goes: `process.stderr` by default (stdout stays for reports and `--json`). */
export interface ProgressStream {
  write(chunk: string): unknown;
  /** True on a terminal. */
  isTTY?: boolean;
  /** Terminal width; live lines are cut to it. */
  columns?: number;
}
