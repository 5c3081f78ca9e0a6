/**
 * `sluice pipeline --list` and `sluice pipeline <name> <operation>` (dlt's `dlt pipeline`):
 * info (default) | show | trace | load-package [load_id] | failed-jobs | drop-pending-packages |
 * drop <resource…|re:regex…|--drop-all> [--state-paths …] [--state-only] | sync | schema.
 */
import type { Command } from 'commander';
import { action } from '../command.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../../common/suggest.js';
import { printInfo } from './info.js';
import { printFailedJobs, printLoadPackage } from './load-package.js';
import { dropResources } from './drop.js';
import { dropPending, syncPipeline } from './maintenance.js';
import { duckDbNotFound, listPipelineNames, openPipeline, pipelineNotFound, readLocalState } from './open.js';
import { restoreFromDestination, restorePipeline, type RestoreFlags } from './restore.js';
import { printSchema } from './schema.js';
import { showDashboard } from './show.js';
import { printTrace } from './trace.js';

export const OPERATIONS = ['info', 'show', 'trace', 'load-package', 'failed-jobs', 'drop-pending-packages', 'drop', 'sync', 'schema'] as const;

interface PipelineOptions extends RestoreFlags {
  list?: boolean;
  format: string;
  schemaName?: string;
  removeDefaults?: boolean;
  /** drop: the schema to select resources from. */
  schema?: string;
  dropAll?: boolean;
  /** drop: JSONPaths into the source state to delete. */
  statePaths?: string[];
  /** drop: reset state, keep tables. */
  stateOnly?: boolean;
  port?: string;
  open?: boolean;
  yes?: boolean;
}

function listPipelines(ctx: CliContext): void {
  const names = listPipelineNames(ctx.pipelinesDir);
  const rows = names.map((n) => {
    const s = readLocalState(ctx.pipelinesDir, n);
    return { name: n, dataset_name: s?.dataset_name, destination_type: s?.destination_type, last_extracted_at: s?._local?._last_extracted_at };
  });
  ctx.emit({ pipelines_dir: ctx.pipelinesDir, pipelines: rows }, () =>
    names.length ? [`${names.length} pipeline(s) found in ${ctx.pipelinesDir}`, ...names].join('\n') : `No pipelines found in ${ctx.pipelinesDir}`,
  );
}

async function run(ctx: CliContext, name: string | undefined, operation: string | undefined, args: string[], o: PipelineOptions): Promise<void> {
  if (o.list || name === undefined) {
    if (name === undefined && !o.list) throw new UsageError('name a pipeline (sluice pipeline <name> <operation>) or list them with --list');
    return listPipelines(ctx);
  }
  const op = operation ?? 'info';
  if (!(OPERATIONS as readonly string[]).includes(op)) {
    throw new UsageError(`unknown operation '${op}'${didYouMean(op, OPERATIONS)} (operations: ${OPERATIONS.join(', ')})`);
  }
  const extra = op === 'load-package' ? args.slice(1) : op === 'drop' ? [] : args;
  if (extra.length) throw new UsageError(`${op}: unexpected argument(s) ${extra.join(' ')}`);
  const notFound = op === 'sync' || op === 'drop' ? pipelineNotFound(ctx, name) : undefined;
  if (notFound && op === 'sync') return restoreFromDestination(ctx, name, notFound, o);
  if (op === 'show') {
    const p = await openPipeline(ctx, name, o); // validates the name, locates the destination
    const destination = p.options.destination as { type: string; credentials?: unknown };
    // Without a file the dashboard would open an empty default database and show no tables.
    if (destination.type === 'duckdb' && destination.credentials === undefined) throw new UsageError(await duckDbNotFound(name, readLocalState(ctx.pipelinesDir, name)));
    return showDashboard(ctx, name, destination, o);
  }
  // drop, as dlt's: a pipeline without a working dir is restored from the destination first.
  const p = notFound ? await restorePipeline(ctx, name, notFound, o) : await openPipeline(ctx, name, o);
  switch (op) {
    case 'info':
      return printInfo(ctx, p);
    case 'trace':
      return printTrace(ctx, p);
    case 'load-package':
      return printLoadPackage(ctx, p, args[0]);
    case 'failed-jobs':
      return printFailedJobs(ctx, p);
    case 'drop-pending-packages':
      return dropPending(ctx, p, o.yes === true);
    case 'drop':
      return dropResources(ctx, p, { patterns: args, dropAll: o.dropAll === true, schemaName: o.schema, statePaths: o.statePaths, stateOnly: o.stateOnly === true }, o.yes === true);
    case 'sync':
      return syncPipeline(ctx, p, o.yes === true);
    case 'schema':
      return printSchema(ctx, p, o.format, o.schemaName, o.removeDefaults === true);
  }
}

export function registerPipeline(program: Command): void {
  program
    .command('pipeline')
    .description(`inspect and manage a pipeline: ${OPERATIONS.join(' | ')}`)
    .argument('[name]', 'pipeline name')
    .argument('[operation]', `one of ${OPERATIONS.join(', ')} (default info)`)
    .argument('[args...]', 'load-package: [load_id]; drop: <resource...> (names or re:<regex>)')
    .option('-l, --list', 'list the pipelines in the pipelines dir')
    .option('--format <format>', 'schema: yaml, json or mermaid', 'yaml')
    .option('--schema-name <name>', 'schema: which schema (default: the default schema)')
    .option('--remove-defaults', 'schema: leave out table and column names and hints at their defaults (as dlt)')
    .option('--drop-all', 'drop: every resource of the schema(s); supersedes the resource arguments')
    .option('--schema <name>', 'drop: select resources of this schema only')
    .option('--state-paths <jsonpath...>', 'drop: JSONPaths into the source state to delete as well (e.g. resources.users.incremental)')
    .option('--state-only', 'drop: reset the state of the selected resources but keep their tables')
    .option('--port <port>', 'show: dashboard port (default: a free one)')
    .option('--no-open', 'show: do not open a browser')
    .option('-y, --yes', 'drop, drop-pending-packages, sync: do not ask for confirmation (required without a terminal)')
    .option('--destination <name>', 'override the destination type recorded in the state')
    .option('--credentials <value>', 'destination credentials (a DuckDB file path, a DSN)')
    .option('--dataset-name <name>', 'sync, drop: the dataset to restore a pipeline without a working dir from (with --destination)')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice pipeline --list
  $ sluice pipeline passwordless_pipeline info
  $ sluice pipeline passwordless_pipeline show --port 8080
  $ sluice pipeline passwordless_pipeline load-package
  $ sluice pipeline passwordless_pipeline schema --format mermaid
  $ sluice pipeline passwordless_pipeline drop credentials_list
  $ sluice pipeline passwordless_pipeline drop credentials_list --yes
  $ sluice pipeline passwordless_pipeline drop "re:^cred" --yes
  $ sluice pipeline passwordless_pipeline drop --drop-all --yes
  $ sluice pipeline passwordless_pipeline drop credentials_list --state-only --yes
  $ sluice pipeline passwordless_pipeline drop --state-paths "resources.*.incremental" --yes`,
    )
    .action(action<[string | undefined, string | undefined, string[]], PipelineOptions>((ctx, [name, op, args], o) => run(ctx, name, op, args, o)));
}
