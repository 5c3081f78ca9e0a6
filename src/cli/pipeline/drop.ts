/**
 * `sluice pipeline <name> drop` (dlt's `dlt pipeline <name> drop`): drops the selected resources' tables
 * and resets their state; `--state-paths` deletes JSONPaths of the source state as well, `--state-only`
 * keeps the tables. What will go is shown before the confirmation.
 */
import { assertStatePaths, dropSourceState, type DroppedState } from '../../pipeline/drop-state.js';
import type { Pipeline } from '../../pipeline/pipeline.js';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { selectResources, type DropRequest } from './drop-selection.js';
import { confirm } from './maintenance.js';

/** What a drop request would do, from the working dir's state and schemas (a copy: nothing changes). */
function preview(p: Pipeline, resources: string[], r: DropRequest): { tables: string[]; state: DroppedState } {
  const state: DroppedState = { resource_states: [], state_paths: [] };
  const tables: string[] = [];
  for (const schema of p.schemas.values()) {
    if (r.schemaName !== undefined && schema.name !== r.schemaName) continue;
    if (!r.stateOnly) tables.push(...schema.resourceTables(resources));
    const sourceState = structuredClone(p.state.sources[schema.name]);
    const d = dropSourceState(schema.name, sourceState, resources, r.statePaths ?? []);
    state.resource_states.push(...d.resource_states);
    state.state_paths.push(...d.state_paths);
  }
  return { tables, state };
}

function describe(p: Pipeline, resources: string[], tables: string[], state: DroppedState): string {
  const parts: string[] = [];
  if (tables.length) parts.push(`drop table(s) ${tables.join(', ')} with their rows in dataset ${p.datasetName}`);
  if (resources.length) parts.push(`reset the state of ${resources.join(', ')}`);
  if (state.state_paths.length) parts.push(`delete the state path(s) ${state.state_paths.join(', ')}`);
  return parts.join(' and ');
}

/** Drops what a `drop` request selects (see `selectResources`), after confirmation. */
export async function dropResources(ctx: CliContext, p: Pipeline, request: DropRequest, yes: boolean): Promise<void> {
  assertStatePaths(request.statePaths ?? [], 'drop --state-paths');
  const resources = selectResources(p, request);
  const { tables: doomed, state } = preview(p, resources, request);
  if (!doomed.length && !state.resource_states.length && !state.state_paths.length) {
    const paths = request.statePaths?.length ? `; --state-paths ${request.statePaths.join(' ')} match nothing in the source state` : '';
    throw new UsageError(`drop: nothing to drop in pipeline ${p.pipelineName}: ${resources.length ? `${resources.join(', ')} ha${resources.length > 1 ? 've' : 's'} no state to reset` : 'no resources selected'}${paths}`);
  }
  await confirm(describe(p, resources, doomed, state), yes, 'drop');
  const tables = await p.dropResources(resources, { statePaths: request.statePaths, stateOnly: request.stateOnly, schemaName: request.schemaName });
  ctx.emit({ ok: true, dropped_resources: resources, dropped_tables: tables, reset_resource_states: state.resource_states, dropped_state_paths: state.state_paths }, () =>
    [
      resources.length ? `Dropped resources ${resources.join(', ')} of pipeline ${p.pipelineName}:` : `Dropped state of pipeline ${p.pipelineName}:`,
      ...tables.map((t) => `  table ${t}`),
      ...state.state_paths.map((s) => `  state path ${s}`),
      ...(resources.length ? [`Their state was reset: the next run loads them from scratch${request.stateOnly ? ' into the tables kept' : ''}.`] : []),
    ].join('\n'),
  );
}
