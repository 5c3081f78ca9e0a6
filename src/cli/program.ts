/**
 * The command tree. Global options live on the root command and are accepted before or after the
 * subcommand: `--pipelines-dir`, `--json`, `--quiet`, `--verbose`, `--log-level`, `--no-color`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runState } from './command.js';
import { registerDemo } from './demo/demo-command.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './errors.js';
import { registerInit } from './init/init-command.js';
import { registerPipeline } from './pipeline/pipeline-command.js';
import { registerRun } from './run/run-command.js';
import { SLUICE_VERSION } from './version.js';

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'];

function parseLevel(v: string): string {
  const u = v.toUpperCase() === 'WARN' ? 'WARNING' : v.toUpperCase();
  if (!LEVELS.includes(u)) throw new InvalidArgumentError(`expected one of ${LEVELS.join(', ')}`);
  return u;
}

/** Builds the `sluice` command. */
export function buildProgram(): Command {
  const program = new Command('sluice')
    .description('Load data from REST APIs and code into DuckDB — a TypeScript take on dlt.')
    .version(SLUICE_VERSION, '-V, --version')
    .option('--pipelines-dir <dir>', 'where pipeline working dirs live (default $SLUICE_DATA_DIR/pipelines or ~/.sluice/pipelines)')
    .option('--json', 'machine-readable output (one JSON document on stdout)')
    .option('-q, --quiet', 'no progress and no informational output')
    .option('-v, --verbose', 'more detail; stack traces on errors')
    .addOption(new Option('--log-level <level>', 'DEBUG, INFO, WARNING (default, or RUNTIME__LOG_LEVEL), ERROR, CRITICAL').argParser(parseLevel))
    .option('--no-color', 'no colors (NO_COLOR is respected too)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerInit(program);
  registerRun(program);
  registerDemo(program);
  registerPipeline(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Parses `argv` and runs the command. Never throws: returns the exit code. */
export async function runCli(argv: string[]): Promise<{ code: number; keepAlive: boolean }> {
  const program = buildProgram();
  const json = argv.includes('--json');
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    await program.parseAsync(argv);
    return { code: EXIT_OK, keepAlive: runState.keepAlive };
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return { code: EXIT_OK, keepAlive: false };
      // commander already printed its message on stderr
      if (json) process.stdout.write(JSON.stringify({ ok: false, exit_code: EXIT_USAGE, error: e.message }, null, 2) + '\n');
      return { code: EXIT_USAGE, keepAlive: false };
    }
    return { code: reportError(e, { verbose, json }), keepAlive: false };
  }
}

