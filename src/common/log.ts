/**
 * Leveled logger. Every line goes through `maskSecrets`. Level from `RUNTIME__LOG_LEVEL` (default WARNING,
 * as dlt), or `setLogLevel`. Output goes to stderr so stdout stays for reports and `--json`.
 */
import { maskSecrets } from '../config/secret.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';
const ORDER: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 };

/** A sink for log lines; tests capture lines by installing one. */
export type LogSink = (level: LogLevel, line: string) => void;

let level: LogLevel = parseLevel(process.env.RUNTIME__LOG_LEVEL) ?? 'WARNING';
let sink: LogSink = (_lvl, line) => process.stderr.write(line + '\n');

function parseLevel(v: string | undefined): LogLevel | undefined {
  const u = v?.toUpperCase();
  if (u === 'WARN') return 'WARNING';
  return u && u in ORDER ? (u as LogLevel) : undefined;
}

export function setLogLevel(l: LogLevel | string): void {
  level = parseLevel(l) ?? level;
}
export function getLogLevel(): LogLevel {
  return level;
}
/** Replaces the output sink; returns the previous one. */
export function setLogSink(s: LogSink): LogSink {
  const prev = sink;
  sink = s;
  return prev;
}

function emit(l: LogLevel, msg: string): void {
  if (ORDER[l] < ORDER[level]) return;
  sink(l, maskSecrets(`${new Date().toISOString()} ${l.padEnd(7)} sluice: ${msg}`));
}

export const log = {
  debug: (m: string) => emit('DEBUG', m),
  info: (m: string) => emit('INFO', m),
  warn: (m: string) => emit('WARNING', m),
  error: (m: string) => emit('ERROR', m),
};
