/**
 * `sluice run <pipeline.ts | pipeline.yaml | pipeline.json> [-- script args]`: a script is executed (it
 * prints its own load report); a declarative pipeline file is validated, run, and its LoadInfo printed.
 */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { action } from '../command.js';
import { UsageError } from '../errors.js';
import { runPipelineFile } from './run-file.js';
import { runScript } from './run-script.js';

const SCRIPT = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const DECLARATIVE = new Set(['.yaml', '.yml', '.json']);

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run a pipeline script (.ts/.js) or a declarative pipeline file (.yaml/.json)')
    .argument('<file>', 'pipeline script or pipeline file')
    .argument('[args...]', 'arguments passed to a script (after --)')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice run passwordless_pipeline.ts
  $ sluice run github.yaml
  $ sluice run github.yaml --json`,
    )
    .action(
      action<[string, string[]], object>(async (ctx, [file, args]) => {
        const ext = extname(file).toLowerCase();
        if (SCRIPT.has(ext)) return runScript(ctx, file, args);
        if (DECLARATIVE.has(ext)) return runPipelineFile(ctx, file);
        throw new UsageError(`cannot run '${file}': expected a pipeline script (.ts, .js) or a pipeline file (.yaml, .yml, .json)`);
      }),
    );
}
