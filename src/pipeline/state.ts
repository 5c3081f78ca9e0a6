/** Pipeline state: dlt's layout (reference/dlt-model.md §9), kept in state.json and in `_dlt_pipeline_state`. */
import { createHash } from 'node:crypto';

export const STATE_ENGINE_VERSION = 4;

export interface PipelineState {
  _state_version: number;
  _state_engine_version: number;
  _version_hash: string;
  pipeline_name: string;
  dataset_name: string;
  default_schema_name?: string;
  schema_names: string[];
  destination_type?: string;
  destination_name?: string;
  /** `sources.<source>.resources.<resource>...` — resource state and incremental cursors. */
  sources: Record<string, Record<string, unknown>>;
  /**
   * Never synced to the destination. `database_file`: the file the last load went into (a DuckDB
   * destination), where `sluice pipeline` commands look first.
   */
  _local: { first_run: boolean; initial_cwd: string; _last_extracted_at?: string; _last_extracted_hash?: string; database_file?: string };
  [k: string]: unknown;
}

export function newState(pipelineName: string, datasetName: string): PipelineState {
  const s: PipelineState = {
    _state_version: 0,
    _state_engine_version: STATE_ENGINE_VERSION,
    _version_hash: '',
    pipeline_name: pipelineName,
    dataset_name: datasetName,
    schema_names: [],
    sources: {},
    _local: { first_run: true, initial_cwd: process.cwd() },
  };
  s._version_hash = stateHash(s);
  return s;
}

/** sha3-256 over the state without `_local` and version fields. */
export function stateHash(s: PipelineState): string {
  const { _local, _state_version, _version_hash, ...rest } = s;
  void _local;
  void _state_version;
  void _version_hash;
  return createHash('sha3-256').update(JSON.stringify(rest)).digest('base64');
}

/** The state as stored in the destination (without `_local`). */
export function syncedState(s: PipelineState): Omit<PipelineState, '_local'> {
  const { _local, ...rest } = s;
  void _local;
  return rest;
}
