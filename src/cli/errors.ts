/**
 * Turning any thrown value into one clear message on stderr and an exit code:
 * 0 ok, 1 load failure (or any unexpected error), 2 usage or config error. Stack traces only with `--verbose`.
 */
import { ConfigError, SluiceError } from '../common/errors.js';
import { maskSecrets } from '../config/secret.js';

/** A wrong command line (unknown pipeline, bad argument). Exit code 2. */
export class UsageError extends ConfigError {}

/** Exit codes. */
export const EXIT_OK = 0;
export const EXIT_LOAD_FAILED = 1;
export const EXIT_USAGE = 2;

function hasExitCode(e: unknown): e is { exitCode: number } {
  return typeof e === 'object' && e !== null && typeof (e as { exitCode?: unknown }).exitCode === 'number';
}

/**
 * The exit code of an error. A config error anywhere in the `cause` chain wins (a missing secret found
 * while extracting is still the user's config to fix), then the error's own `exitCode`, else 1.
 */
export function exitCodeOf(e: unknown): number {
  const seen = new Set<unknown>();
  for (let c: unknown = e; c && !seen.has(c); c = (c as { cause?: unknown }).cause) {
    seen.add(c);
    if (c instanceof ConfigError || (hasExitCode(c) && c.exitCode === EXIT_USAGE)) return EXIT_USAGE;
  }
  if (hasExitCode(e) && e.exitCode > 0) return e.exitCode;
  return EXIT_LOAD_FAILED;
}

/** The one-paragraph message of an error (masked). */
export function messageOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return maskSecrets(msg);
}

/** Writes the error to stderr (and a JSON error document to stdout in `--json` mode); returns the exit code. */
export function reportError(e: unknown, opts: { verbose?: boolean; json?: boolean }): number {
  const code = exitCodeOf(e);
  const prefix = e instanceof SluiceError || hasExitCode(e) ? '' : 'unexpected error: ';
  let text = `sluice: ${prefix}${messageOf(e)}`;
  if (opts.verbose && e instanceof Error && e.stack) {
    text += '\n' + maskSecrets(e.stack);
    for (let c = (e as { cause?: unknown }).cause, i = 0; c instanceof Error && i < 5; c = (c as { cause?: unknown }).cause, i++) {
      text += '\ncaused by: ' + maskSecrets(c.stack ?? c.message);
    }
  } else if (code === EXIT_LOAD_FAILED && !(e instanceof SluiceError)) {
    text += '\n(run with --verbose for the stack trace)';
  }
  process.stderr.write(text + '\n');
  if (opts.json) process.stdout.write(JSON.stringify({ ok: false, exit_code: code, error: messageOf(e) }, null, 2) + '\n');
  return code;
}
