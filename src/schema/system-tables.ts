/** dlt's system tables, column for column (reference/dlt-model.md §7, §9). */
import type { TableSchema } from './types.js';

export const LOADS_TABLE = '_dlt_loads';
export const VERSION_TABLE = '_dlt_version';
export const STATE_TABLE = '_dlt_pipeline_state';

const nn = { nullable: false } as const;

export function systemTables(): Record<string, TableSchema> {
  return {
    [VERSION_TABLE]: {
      name: VERSION_TABLE,
      write_disposition: 'skip',
      description: 'Created by DLT. Tracks schema updates',
      columns: {
        version: { name: 'version', data_type: 'bigint', ...nn },
        engine_version: { name: 'engine_version', data_type: 'bigint', ...nn },
        inserted_at: { name: 'inserted_at', data_type: 'timestamp', ...nn },
        schema_name: { name: 'schema_name', data_type: 'text', ...nn },
        version_hash: { name: 'version_hash', data_type: 'text', ...nn },
        schema: { name: 'schema', data_type: 'text', ...nn },
      },
    },
    [LOADS_TABLE]: {
      name: LOADS_TABLE,
      write_disposition: 'skip',
      description: 'Created by DLT. Tracks completed loads',
      columns: {
        load_id: { name: 'load_id', data_type: 'text', ...nn },
        schema_name: { name: 'schema_name', data_type: 'text', nullable: true },
        status: { name: 'status', data_type: 'bigint', ...nn },
        inserted_at: { name: 'inserted_at', data_type: 'timestamp', ...nn },
        schema_version_hash: { name: 'schema_version_hash', data_type: 'text', nullable: true },
      },
    },
    [STATE_TABLE]: {
      name: STATE_TABLE,
      write_disposition: 'append',
      resource: STATE_TABLE,
      columns: {
        version: { name: 'version', data_type: 'bigint', ...nn },
        engine_version: { name: 'engine_version', data_type: 'bigint', ...nn },
        pipeline_name: { name: 'pipeline_name', data_type: 'text', ...nn },
        state: { name: 'state', data_type: 'text', ...nn },
        created_at: { name: 'created_at', data_type: 'timestamp', ...nn },
        version_hash: { name: 'version_hash', data_type: 'text', nullable: true },
        _dlt_load_id: { name: '_dlt_load_id', data_type: 'text', ...nn },
        _dlt_id: { name: '_dlt_id', data_type: 'text', ...nn, unique: true, row_key: true },
      },
    },
  };
}

export function isSystemTable(name: string): boolean {
  return name === LOADS_TABLE || name === VERSION_TABLE || name === STATE_TABLE;
}
