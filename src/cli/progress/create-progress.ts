/** Picks the progress reporter for a run: none when quiet, live lines on a terminal, log lines otherwise. */
import { silentProgress, type ProgressReporter } from '../../pipeline/progress.js';
import { LogProgress } from './log-progress.js';
import type { ProgressStream } from './progress-stream.js';
import { TtyProgress } from './tty-progress.js';

export interface CreateProgressOptions {
  /** Report nothing (`--quiet`). Default false. */
  quiet?: boolean;
  /** Live redrawn lines if true, periodic log lines if false. Default `stream.isTTY`. */
  isTTY?: boolean;
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Non-TTY: ms between status lines. Default 5000. */
  intervalMs?: number;
  /** TTY: force color on/off. Default: on unless `NO_COLOR` is set. */
  color?: boolean;
  /** Environment for `NO_COLOR`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
  /** TTY: ms between redraws. Default 100. */
  redrawIntervalMs?: number;
}

export function createProgress(options: CreateProgressOptions = {}): ProgressReporter {
  if (options.quiet) return silentProgress;
  const stream = options.stream ?? process.stderr;
  const tty = options.isTTY ?? stream.isTTY === true;
  return tty
    ? new TtyProgress({ stream, color: options.color, env: options.env, now: options.now, redrawIntervalMs: options.redrawIntervalMs })
    : new LogProgress({ stream, intervalMs: options.intervalMs, now: options.now });
}
