/**
 * Live progress on a terminal: the running step is a block of lines redrawn in place (cursor up, clear),
 * one line per resource during extract (pages, records, records/s, elapsed) and per table during load
 * (rows). A finished step's block is printed once more, final, and left in the scrollback.
 */
import { maskSecrets } from '../../config/secret.js';
import type { ProgressReporter, StepName } from '../../pipeline/progress.js';
import { formatDuration, formatRate, painter, plural, shouldColor, type Paint } from './format.js';
import type { ProgressStream } from './progress-stream.js';
import { RunStats } from './run-stats.js';

export interface TtyProgressOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Force color on/off. Default: on unless `NO_COLOR` is set. */
  color?: boolean;
  /** Environment for `NO_COLOR`. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Minimum ms between redraws (and the elapsed-time tick). Default 100; 0 redraws on every event, no timer. */
  redrawIntervalMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class TtyProgress implements ProgressReporter {
  readonly #stream: ProgressStream;
  readonly #paint: Paint;
  readonly #interval: number;
  readonly #stats: RunStats;
  #liveLines = 0;
  #lastDraw = -Infinity;
  #timer: NodeJS.Timeout | undefined;
  #frame = 0;

  constructor(options: TtyProgressOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#paint = painter(shouldColor(true, options.env, options.color));
    this.#interval = options.redrawIntervalMs ?? 100;
    this.#stats = new RunStats(options.now ?? Date.now);
  }

  stepStarted(step: StepName): void {
    this.#stats.stepStarted(step);
    this.#draw(true);
    if (this.#interval > 0 && !this.#timer) {
      this.#timer = setInterval(() => this.#draw(true), this.#interval);
      this.#timer.unref();
    }
  }

  pageExtracted(resource: string, records: number): void {
    this.#stats.page(resource, records);
    this.#draw(false);
  }

  tableLoaded(table: string, rows: number): void {
    this.#stats.table(table, rows);
    this.#draw(false);
  }

  stepFinished(step: StepName, error?: unknown): void {
    this.#stats.stepFinished(step, error);
    this.#draw(true, step);
    this.#liveLines = 0; // freeze the finished block
    this.#stopTimer();
  }

  close(): void {
    this.#stopTimer();
    if (this.#stats.current) this.#draw(true);
    this.#liveLines = 0;
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #draw(force: boolean, finished?: StepName): void {
    const step = finished ?? this.#stats.current;
    if (!step) return;
    const t = this.#stats.now();
    if (!force && t - this.#lastDraw < this.#interval) return;
    this.#lastDraw = t;
    this.#frame = (this.#frame + 1) % SPINNER.length;
    const lines = this.#lines(step).map((l) => this.#fit(l));
    const up = this.#liveLines > 0 ? `\x1b[${this.#liveLines}A\r\x1b[J` : '';
    this.#stream.write(maskSecrets(up + lines.map((l) => l.text).join('\n') + '\n'));
    this.#liveLines = lines.length;
  }

  /** Cuts a line to the terminal width (the colored prefix is short and kept whole). */
  #fit(l: { prefix: string; prefixWidth: number; rest: string }): { text: string } {
    const cols = this.#stream.columns;
    const room = cols ? Math.max(0, cols - 1 - l.prefixWidth) : Infinity;
    const rest = l.rest.length > room ? l.rest.slice(0, Math.max(0, room - 1)) + '…' : l.rest;
    return { text: l.prefix + rest };
  }

  #lines(step: StepName): { prefix: string; prefixWidth: number; rest: string }[] {
    const p = this.#paint;
    const s = this.#stats.steps.get(step)!;
    const done = s.finishedAt !== undefined;
    const symbol = !done ? p('cyan', SPINNER[this.#frame]!) : s.error ? p('red', '✗') : p('green', '✓');
    const name = step.padEnd(9);
    const head = { prefix: `${symbol} ${p('bold', name)} `, prefixWidth: 2 + name.length + 1, rest: '' };
    const elapsed = formatDuration(this.#stats.stepElapsed(step));
    const out = [head];
    if (step === 'extract') {
      const resources = [...this.#stats.resources.values()];
      const { pages, records } = this.#stats.totals();
      head.rest = `${elapsed}  ${plural(resources.length, 'resource')}, ${plural(pages, 'page')}, ${plural(records, 'record')}`;
      const w = Math.min(30, Math.max(0, ...resources.map((r) => r.name.length)));
      for (const r of resources) {
        const ms = this.#stats.resourceElapsed(r);
        out.push({
          prefix: '  ',
          prefixWidth: 2,
          rest: `${r.name.padEnd(w)}  ${plural(r.pages, 'page').padStart(11)}  ${plural(r.records, 'record').padStart(16)}  ${(formatRate(r.records, ms) + '/s').padStart(9)}  ${formatDuration(ms).padStart(6)}`,
        });
      }
    } else if (step === 'load') {
      const tables = [...this.#stats.tables.values()];
      head.rest = `${elapsed}  ${plural(tables.length, 'table')}, ${plural(this.#stats.totals().rows, 'row')}`;
      const w = Math.min(30, Math.max(0, ...tables.map((t) => t.name.length)));
      for (const t of tables) out.push({ prefix: '  ', prefixWidth: 2, rest: `${t.name.padEnd(w)}  ${plural(t.rows, 'row').padStart(14)}` });
    } else {
      head.rest = elapsed;
    }
    if (s.error) out.push({ prefix: `  ${p('red', 'error:')} `, prefixWidth: 9, rest: s.error });
    return out;
  }
}
