/**
 * `sluice pipeline <name> sync|drop --destination <type> --dataset-name <dataset>` for a pipeline without
 * a working dir (deleted, or a new machine): as dlt's `sync` (and `drop`, which syncs first), the working
 * dir is created from the state and schemas the destination holds. When the destination has no state of the pipeline, the working dir
 * just created is removed again and the command fails.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SluiceError } from '../../common/errors.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { destinationFor, type DestinationFlags } from './open.js';

/** What restoring needs: the destination and the dataset the pipeline loaded into. */
export interface RestoreFlags extends DestinationFlags {
  datasetName?: string;
}

/**
 * Restores pipeline `name` from the destination into a new working dir and returns it opened.
 * @throws UsageError without `--destination` and `--dataset-name`; SluiceError (exit 1) when the
 * destination holds no state of the pipeline (no working dir is left behind then).
 */
export async function restorePipeline(ctx: CliContext, name: string, notFound: string, flags: RestoreFlags): Promise<Pipeline> {
  if (flags.destination === undefined || flags.datasetName === undefined) {
    throw new UsageError(`${notFound}; to restore it from its destination, pass --destination <type> and --dataset-name <dataset> (and --credentials or destination.<type>.credentials)`);
  }
  const p = new Pipeline({
    pipelineName: name,
    pipelinesDir: ctx.pipelinesDir,
    datasetName: flags.datasetName,
    destination: await destinationFor(name, undefined, flags),
    raiseOnFailedJobs: false,
  });
  let found = false;
  try {
    found = await p.sync();
  } finally {
    if (!found) rmSync(join(ctx.pipelinesDir, name), { recursive: true, force: true });
  }
  if (!found) throw new SluiceError(`pipeline ${name} was not found in dataset ${p.datasetName} of destination ${flags.destination}; nothing was restored`);
  return p;
}

/** `sync` of a pipeline without a working dir: restores it (see `restorePipeline`) and reports it. */
export async function restoreFromDestination(ctx: CliContext, name: string, notFound: string, flags: RestoreFlags): Promise<void> {
  const p = await restorePipeline(ctx, name, notFound, flags);
  ctx.emit({ ok: true, restored: true, created_working_dir: p.workingDir.root, state_version: p.state._state_version, schema_names: p.state.schema_names }, () =>
    `Restored pipeline ${name} (state version ${p.state._state_version}, schemas ${p.state.schema_names.join(', ')}) from dataset ${p.datasetName} of destination ${flags.destination} into ${p.workingDir.root}`,
  );
}
