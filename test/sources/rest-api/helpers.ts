/** Test helpers: drain a source without the pipeline; capture log lines. */
import { setLogLevel, setLogSink, getLogLevel, type LogLevel } from '../../../src/common/log.js';
import { extractSource } from '../../../src/extract/extractor.js';
import type { Source } from '../../../src/extract/source.js';

export type SourcesState = Record<string, Record<string, unknown>>;

/** Runs `source` to completion; returns rows per resource name and the (mutated) state. */
export async function drain(source: Source, sourcesState: SourcesState = {}): Promise<{ rows: Record<string, Record<string, unknown>[]>; state: SourcesState }> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  await extractSource(source, {
    sourcesState,
    sink: (r, page) => {
      (rows[r.name] ??= []).push(...(page as Record<string, unknown>[]));
    },
  });
  return { rows, state: sourcesState };
}

/** Runs `fn` with log lines captured (at `level`). */
export async function captureLogs<T>(fn: () => Promise<T>, level: LogLevel = 'INFO'): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const prevLevel = getLogLevel();
  setLogLevel(level);
  const prev = setLogSink((_l, line) => lines.push(line));
  try {
    return { result: await fn(), lines };
  } finally {
    setLogSink(prev);
    setLogLevel(prevLevel);
  }
}

/** Fast retries for tests. */
export const FAST = { sleep: async () => {}, requestTimeout: 5 } as const;
