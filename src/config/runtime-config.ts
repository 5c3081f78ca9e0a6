/** The `[runtime]` section: HTTP request defaults and the log level (dlt's RuntimeConfiguration). */
import type { LogLevel } from '../common/log.js';
import { ConfigValueTypeError } from './config-errors.js';
import { ConfigField } from './fields.js';
import { resolveFields, type ResolveOptions } from './resolve-fields.js';

export interface RuntimeConfig {
  /** Seconds before an HTTP request times out. Default 60. Env `RUNTIME__REQUEST_TIMEOUT`. */
  request_timeout: number;
  /** Total attempts per request, first one included. Default 5. */
  request_max_attempts: number;
  /** Exponential backoff multiplier: waits are `factor * 2^(attempt-1)` s. Default 1. */
  request_backoff_factor: number;
  /** Upper bound of one wait, also for `Retry-After`, in seconds. Default 300. */
  request_max_retry_delay: number;
  /** Backoff multiplier for a 429 that names no wait: 5, 10, 20, 40 s. Default 5 (sluice only). */
  request_rate_limit_backoff_factor: number;
  /** Default `WARNING`. Env `RUNTIME__LOG_LEVEL`. */
  log_level: LogLevel;
}

const LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

/**
 * The `[runtime]` request settings: dlt's key → the HTTP client's option name, its default, and whether
 * it must be a whole number ≥ 1. The one table the config fields, the client's defaults and its
 * validation are made from.
 */
export const RUNTIME_REQUEST_SETTINGS = {
  request_timeout: { option: 'requestTimeout', default: 60, integer: false },
  request_max_attempts: { option: 'requestMaxAttempts', default: 5, integer: true },
  request_backoff_factor: { option: 'requestBackoffFactor', default: 1, integer: false },
  request_max_retry_delay: { option: 'requestMaxRetryDelay', default: 300, integer: false },
  request_rate_limit_backoff_factor: { option: 'requestRateLimitBackoffFactor', default: 5, integer: false },
} as const;

/** A `[runtime]` request setting's key. */
export type RuntimeRequestKey = keyof typeof RUNTIME_REQUEST_SETTINGS;

const RUNTIME_FIELDS = {
  ...(Object.fromEntries(
    Object.entries(RUNTIME_REQUEST_SETTINGS).map(([key, s]) => [key, new ConfigField<number>('number', false, false, s.default)]),
  ) as Record<RuntimeRequestKey, ConfigField<number>>),
  log_level: new ConfigField<string>('string', false, false, 'WARNING'),
};

/** Resolves `[runtime]` (env `RUNTIME__*`, TOML `[runtime]`, pipeline-prefixed first in a pipeline context). */
export function resolveRuntimeConfig(options: ResolveOptions = {}): RuntimeConfig {
  const r = resolveFields(RUNTIME_FIELDS, { kind: 'path', sections: ['runtime'] }, {}, options);
  let level = r.log_level.toUpperCase();
  if (level === 'WARN') level = 'WARNING';
  if (!LEVELS.includes(level as LogLevel)) {
    throw new ConfigValueTypeError(`runtime.log_level: expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(r.log_level)}`);
  }
  return { ...r, log_level: level as LogLevel };
}
