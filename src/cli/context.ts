/**
 * What every command gets: the global options (`--pipelines-dir`, `--json`, `--quiet`, `--verbose`,
 * `--log-level`) and the output helpers. Every line written goes through `maskSecrets`, so a secret that
 * reached a message by any route is printed as `***`.
 */
import { maskSecrets } from '../config/secret.js';
import { defaultPipelinesDir } from '../storage/layout.js';

/** Global options as commander parses them. */
export interface GlobalOptions {
  pipelinesDir?: string;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  logLevel?: string;
  color?: boolean;
}

/** The command context: options plus output. */
export class CliContext {
  readonly pipelinesDir: string;
  /** `--pipelines-dir` was given (rather than the default). */
  readonly explicitPipelinesDir: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colors on stdout: a TTY, no `NO_COLOR`, no `--no-color`, not `--json`. */
  readonly color: boolean;

  constructor(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env) {
    this.pipelinesDir = options.pipelinesDir ?? defaultPipelinesDir(env);
    this.explicitPipelinesDir = options.pipelinesDir !== undefined;
    this.json = options.json === true;
    this.quiet = options.quiet === true;
    this.verbose = options.verbose === true;
    this.color = !this.json && options.color !== false && !env.NO_COLOR && process.stdout.isTTY === true;
  }

  /** Human output (stdout). Suppressed by `--json`. */
  print(text = ''): void {
    if (this.json) return;
    process.stdout.write(maskSecrets(text) + '\n');
  }

  /** Informational human output (stdout), suppressed by `--json` and `--quiet`. */
  info(text = ''): void {
    if (this.quiet) return;
    this.print(text);
  }

  /** The machine-readable result of a command (stdout), only with `--json`. */
  result(value: unknown): void {
    if (!this.json) return;
    process.stdout.write(maskSecrets(JSON.stringify(value, jsonReplacer, 2)) + '\n');
  }

  /** Prints `human()` or the JSON `value`, whichever the mode asks for. */
  emit(value: unknown, human: () => string): void {
    if (this.json) this.result(value);
    else this.print(human());
  }

  /** A warning line on stderr (never suppressed; masked). */
  warn(text: string): void {
    process.stderr.write(maskSecrets(text) + '\n');
  }

  /** Bold text when colors are on. */
  bold(s: string): string {
    return this.color ? `\x1b[1m${s}\x1b[22m` : s;
  }
  /** Dim text when colors are on. */
  dim(s: string): string {
    return this.color ? `\x1b[2m${s}\x1b[22m` : s;
  }
}

/** JSON.stringify replacer: bigints as numbers (or strings when too large), Errors as messages. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Error) return value.message;
  return value;
}
