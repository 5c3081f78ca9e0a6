/**
 * The state part of dlt's `drop`: resetting resources' state and deleting `--state-paths`, JSONPaths
 * into a source's state (`resources.users.incremental`, `$.resources.*.incremental`, a key of the
 * source's own state) — as dlt's `DropCommand`, which resolves the paths in every source state.
 */
import { JSONPath } from 'jsonpath-plus';
import { ConfigError } from '../common/errors.js';
import { assertJsonPath } from '../common/json-path-syntax.js';

/** What a drop resets in one source's state, named as dlt's drop info does. */
export interface DroppedState {
  /** Resources whose state (`resources.<name>`) is removed. */
  resource_states: string[];
  /** The state paths that matched, as `<source>.<dotted path>`. */
  state_paths: string[];
}

interface Match {
  parent: Record<string, unknown> | unknown[];
  parentProperty: string | number;
  pointer: string;
}

/** The values `paths` select in `sourceState`, deepest and last first (so deleting keeps the others valid). */
function matches(sourceState: Record<string, unknown>, paths: readonly string[]): Match[] {
  const out: Match[] = [];
  for (const path of paths) {
    let found: Match[];
    try {
      found = JSONPath({ path, json: sourceState, resultType: 'all', wrap: true }) as Match[];
    } catch (e) {
      throw new ConfigError(`state path '${path}' is not a valid JSONPath: ${(e as Error).message}`);
    }
    for (const m of found) if (m.pointer !== '' && !out.some((o) => o.pointer === m.pointer)) out.push(m);
  }
  return out.sort((a, b) => b.pointer.length - a.pointer.length || (b.pointer > a.pointer ? 1 : -1));
}

const dotted = (pointer: string) => pointer.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');

/**
 * Resets `resources` and deletes what `statePaths` select in the state of source `sourceName`, in place.
 * @returns what was reset (resources without state and paths matching nothing are left out).
 */
export function dropSourceState(sourceName: string, sourceState: Record<string, unknown> | undefined, resources: readonly string[], statePaths: readonly string[]): DroppedState {
  const dropped: DroppedState = { resource_states: [], state_paths: [] };
  if (!sourceState) return dropped;
  const resourceStates = sourceState.resources as Record<string, unknown> | undefined;
  for (const r of resources) {
    if (resourceStates && r in resourceStates) {
      delete resourceStates[r];
      dropped.resource_states.push(r);
    }
  }
  for (const m of matches(sourceState, statePaths)) {
    if (Array.isArray(m.parent)) m.parent.splice(Number(m.parentProperty), 1);
    else delete m.parent[m.parentProperty];
    dropped.state_paths.unshift(`${sourceName}.${dotted(m.pointer)}`);
  }
  return dropped;
}

/**
 * Checks the syntax of `statePaths` where they are given, before anything runs: a ConfigError names
 * `what` (e.g. `drop --state-paths`), the path and its problem. jsonpath-plus alone reads a bad path
 * loosely (`items[` as `items`) and would delete what the user did not mean.
 */
export function assertStatePaths(statePaths: readonly string[], what: string): void {
  for (const path of statePaths) assertJsonPath(path, what);
}

/** Options of `Pipeline.dropResources`, as dlt's `drop()`. */
export interface DropOptions {
  /** JSONPaths into each source's state whose values are deleted (dlt's `state_paths`). Default none. */
  statePaths?: string[];
  /** Reset the resources' state but keep their tables (dlt's `state_only`). Default false. */
  stateOnly?: boolean;
  /** Only the resources of this schema (source); dlt's `--schema`. Default: every schema of the pipeline. */
  schemaName?: string;
}
