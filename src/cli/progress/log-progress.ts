/**
 * Progress for logs and CI (no TTY): one line when a step starts and ends, a status line every
 * `intervalMs` while a step runs, and a summary when the run closes. No cursor movement, no color.
 */
import { maskSecrets } from '../../config/secret.js';
import type { ProgressReporter, StepName } from '../../pipeline/progress.js';
import { formatCount, formatDuration, formatRate, plural } from './format.js';
import type { ProgressStream } from './progress-stream.js';
import { RunStats } from './run-stats.js';

export interface LogProgressOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Milliseconds between status lines while a step runs. Default 5000; 0 disables them. */
  intervalMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

export class LogProgress implements ProgressReporter {
  readonly #stream: ProgressStream;
  readonly #interval: number;
  readonly #stats: RunStats;
  #lastLine = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: LogProgressOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#interval = options.intervalMs ?? 5000;
    this.#stats = new RunStats(options.now ?? Date.now);
  }

  stepStarted(step: StepName): void {
    this.#stats.stepStarted(step);
    this.#lastLine = this.#stats.now();
    this.#write(`${step}: started`);
    if (this.#interval > 0 && !this.#timer) {
      this.#timer = setInterval(() => this.#tick(), this.#interval);
      this.#timer.unref();
    }
  }

  pageExtracted(resource: string, records: number): void {
    this.#stats.page(resource, records);
    this.#tick();
  }

  tableLoaded(table: string, rows: number): void {
    this.#stats.table(table, rows);
    this.#tick();
  }

  stepFinished(step: StepName, error?: unknown): void {
    this.#stats.stepFinished(step, error);
    const s = this.#stats.steps.get(step)!;
    const took = formatDuration(this.#stats.stepElapsed(step));
    this.#write(s.error ? `${step}: failed after ${took}: ${s.error}` : `${step}: done in ${took}${this.#counts(step, ', ')}`);
    this.#stopTimer();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopTimer();
    const steps = [...this.#stats.steps.values()];
    if (!steps.length) return;
    const lines = [`summary: ${steps.map((s) => `${s.step} ${formatDuration(this.#stats.stepElapsed(s.step))}${s.error ? ' (failed)' : ''}`).join(', ')}`];
    if (this.#stats.resources.size) {
      lines.push(`  extract:${this.#counts('extract', ' ')}`);
      for (const r of this.#stats.resources.values()) lines.push(`    ${r.name}: ${plural(r.pages, 'page')}, ${plural(r.records, 'record')}`);
    }
    if (this.#stats.tables.size) {
      lines.push(`  load:${this.#counts('load', ' ')}`);
      for (const t of this.#stats.tables.values()) lines.push(`    ${t.name}: ${plural(t.rows, 'row')}`);
    }
    this.#write(lines.join('\n'));
  }

  /** A status line if a step runs and `intervalMs` passed since the last line. */
  #tick(): void {
    const step = this.#stats.current;
    if (!step || this.#interval <= 0) return;
    const t = this.#stats.now();
    if (t - this.#lastLine < this.#interval) return;
    this.#lastLine = t;
    this.#write(`${step}: ${formatDuration(this.#stats.stepElapsed(step))} elapsed${this.#counts(step, ', ')}${this.#detail(step)}`);
  }

  /** `<sep>2 resources, 14 pages, 1,400 records (437 records/s)` (no rate under 0.5 s) or `<sep>2 tables, 1,400 rows`; empty for other steps. */
  #counts(step: StepName, sep: string): string {
    const tot = this.#stats.totals();
    if (step === 'extract') {
      // Under half a second a rate says little: the line leaves it out.
      const rate = formatRate(tot.records, this.#stats.stepElapsed('extract'));
      return `${sep}${plural(this.#stats.resources.size, 'resource')}, ${plural(tot.pages, 'page')}, ${plural(tot.records, 'record')}${rate === '-' ? '' : ` (${rate} records/s)`}`;
    }
    if (step === 'load') return `${sep}${plural(this.#stats.tables.size, 'table')}, ${plural(tot.rows, 'row')}`;
    return '';
  }

  /** ` — users 1,200, orders 200` (at most 5 names). */
  #detail(step: StepName): string {
    const items =
      step === 'extract'
        ? [...this.#stats.resources.values()].map((r) => `${r.name} ${formatCount(r.records)}`)
        : step === 'load'
          ? [...this.#stats.tables.values()].map((t) => `${t.name} ${formatCount(t.rows)}`)
          : [];
    if (!items.length) return '';
    return ` — ${items.slice(0, 5).join(', ')}${items.length > 5 ? `, +${items.length - 5} more` : ''}`;
  }

  #stopTimer(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #write(text: string): void {
    this.#stream.write(maskSecrets(text) + '\n');
  }
}
