/**
 * Error types shared by every stage. Each carries a message that names the cause (DESIGN.md contract 4)
 * and never a secret value: `maskSecrets` is applied when the message is built, and to the whole text
 * `console.log`/`util.inspect` print for it (its properties and its `cause` chain, which may hold a raw
 * error from a user's resource or a driver, or the response a failed request got).
 */
import { inspect, type InspectOptions } from 'node:util';
import { maskSecrets } from '../config/secret.js';

/** Base class for every error sluice raises on purpose. `exitCode` is what the CLI exits with. */
export class SluiceError extends Error {
  /** CLI exit code: 1 for a failed load, 2 for usage/config errors. */
  exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(maskSecrets(message), options);
    this.name = new.target.name;
  }

  /** What `console.log(err)` prints: the default inspection (stack, properties, cause chain), secrets masked. */
  [inspect.custom](_depth: number, options: InspectOptions): string {
    return maskSecrets(inspect(this, { ...options, customInspect: false }));
  }
}

/** Invalid user input: config, arguments, hints. Exit code 2. */
export class ConfigError extends SluiceError {
  override exitCode = 2;
}

/** A pipeline step (extract, normalize, load) failed; `step` names it, `cause` holds the original error. */
export class PipelineStepFailed extends SluiceError {
  constructor(
    readonly step: 'extract' | 'normalize' | 'load' | 'sync',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Pipeline step ${step} failed: ${message}`, options);
  }
}

/** Data did not satisfy a `freeze` schema contract. */
export class DataValidationError extends SluiceError {}

/**
 * The destination rejected a job's data (a value its column type cannot hold, a constraint). Without
 * partial loads the whole package is rolled back and aborted; `jobId` names the job, `reason` is the
 * destination's message.
 */
export class JobFailedTerminally extends SluiceError {
  constructor(
    readonly jobId: string,
    readonly reason: string,
  ) {
    super(`job ${jobId} failed: ${reason}`);
  }
}

/** The message of any thrown value, with secrets masked. */
export function errorMessage(e: unknown): string {
  return maskSecrets(e instanceof Error ? e.message : String(e));
}
