/** `drop-pending-packages` and `sync` (and the confirmation `drop` shares): commands that change a pipeline. */
import { createInterface } from 'node:readline/promises';
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';

/**
 * Asks before a command deletes what cannot be recovered. `--yes` skips the question; without a terminal
 * to ask on (scripts, CI) the command refuses unless `--yes` is given.
 */
export async function confirm(what: string, yes: boolean, command: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError(`${command} would ${what}; pass --yes to confirm (there is no terminal to ask)`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(`This will ${what}.\nProceed? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError(`${command}: cancelled, nothing was changed`);
  } finally {
    rl.close();
  }
}

export async function dropPending(ctx: CliContext, p: Pipeline, yes: boolean): Promise<void> {
  const ids = [...p.extractedLoadIds(), ...p.pendingPackages().map((x) => x.loadId)];
  if (ids.length) await confirm(`delete ${ids.length} pending load package(s) (${ids.join(', ')}) whose data was not loaded; the state is not reverted`, yes, 'drop-pending-packages');
  const n = await p.dropPendingPackages();
  ctx.emit({ ok: true, dropped_packages: ids }, () =>
    n ? `Dropped ${n} pending load package(s): ${ids.join(', ')}\nThe pipeline state was not reverted.` : `No pending packages in pipeline ${p.pipelineName}`,
  );
}

export async function syncPipeline(ctx: CliContext, p: Pipeline, yes: boolean): Promise<void> {
  const ids = [...p.extractedLoadIds(), ...p.pendingPackages().map((x) => x.loadId)];
  if (ids.length) await confirm(`delete ${ids.length} pending load package(s) (${ids.join(', ')}) whose data was not loaded, and reset the local state and schemas to the destination's`, yes, 'sync');
  const found = await p.sync();
  ctx.emit({ ok: true, restored: found, state_version: p.state._state_version, schema_names: p.state.schema_names }, () =>
    found
      ? `Restored the state (version ${p.state._state_version}) and schemas (${p.state.schema_names.join(', ')}) of ${p.pipelineName} from the destination`
      : `No state of ${p.pipelineName} found in the destination; the local state was reset`,
  );
}
