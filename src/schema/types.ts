/** Data types, column/table/schema shapes. Kept in dlt's stored-schema layout (reference/dlt-model.md §7). */

export const DATA_TYPES = ['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'time', 'decimal', 'json', 'binary'] as const;
export type DataType = (typeof DATA_TYPES)[number];

export interface ColumnSchema {
  name: string;
  data_type?: DataType;
  nullable?: boolean;
  primary_key?: boolean;
  merge_key?: boolean;
  unique?: boolean;
  row_key?: boolean;
  parent_key?: boolean;
  root_key?: boolean;
  variant?: boolean;
  hard_delete?: boolean;
  dedup_sort?: 'asc' | 'desc';
  precision?: number;
  scale?: number;
  timezone?: boolean;
  incremental?: boolean;
  /** Free text about the column; kept in the stored schema (dlt's `description` hint). */
  description?: string;
  /** Custom `x-` hints pass through. */
  [hint: `x-${string}`]: unknown;
}

/** A user-supplied column hint: any subset of ColumnSchema (name optional: the key names it). */
export type ColumnHint = Partial<ColumnSchema>;

export type WriteDispositionName = 'append' | 'replace' | 'merge' | 'skip';
export type MergeStrategy = 'delete-insert' | 'upsert' | 'insert-only' | 'scd2';
export type ReplaceStrategy = 'truncate-and-insert' | 'insert-from-staging' | 'staging-optimized';

/** dlt's `scd2` options (reference/dlt-model.md §8). */
export interface Scd2Options {
  /** The validity columns, `[from, to]`. Default `['_dlt_valid_from', '_dlt_valid_to']`. */
  validity_column_names?: [string, string];
  /** The `to` value of an active record (e.g. `'9999-12-31'`). Default: NULL. */
  active_record_timestamp?: string | null;
  /** The moment a load retires and starts records. Default: the load package's creation time. */
  boundary_timestamp?: string;
  /**
   * A column of the data that holds the record's version (a hash or version id the source computes,
   * unique per version of a record): compared instead of the hash of the whole row, so columns left out
   * of it (a fetch time...) make no new version. Default: none, the row hash.
   */
  row_version_column_name?: string;
}

/** `"merge"` or `{ disposition: "merge", strategy: "upsert" }` — dlt's two spellings. */
export type WriteDisposition =
  | WriteDispositionName
  | ({ disposition: 'merge'; strategy?: MergeStrategy; deduplicated?: boolean } & Scd2Options)
  | { disposition: 'replace'; strategy?: ReplaceStrategy }
  | { disposition: 'append' };

export type ContractMode = 'evolve' | 'freeze' | 'discard_row' | 'discard_value';
export interface SchemaContractDict {
  tables?: ContractMode;
  columns?: ContractMode;
  data_type?: ContractMode;
}
export type SchemaContract = ContractMode | SchemaContractDict;

export interface TableSchema {
  name: string;
  columns: Record<string, ColumnSchema>;
  write_disposition?: WriteDispositionName;
  /** For merge: delete-insert (default), upsert, insert-only or scd2. */
  'x-merge-strategy'?: MergeStrategy;
  'x-replace-strategy'?: ReplaceStrategy;
  /** delete-insert merge: the staging rows are already unique per primary key, so the dedup is skipped (dlt's `deduplicated: true`). */
  'x-stage-data-deduplicated'?: boolean;
  /** scd2: the boundary timestamp given by the resource (ISO text); absent: the load package's creation time. */
  'x-boundary-timestamp'?: string;
  parent?: string;
  resource?: string;
  schema_contract?: SchemaContract;
  /** dlt's normalizer hints: `max_nesting` (max_table_nesting), `seen-data` (the table has had rows). */
  'x-normalizer'?: { max_nesting?: number; 'seen-data'?: boolean };
  description?: string;
}

export interface StoredSchema {
  version: number;
  version_hash: string;
  previous_hashes: string[];
  engine_version: number;
  name: string;
  tables: Record<string, TableSchema>;
  settings: {
    schema_contract?: SchemaContract;
    detections?: string[];
    default_hints?: Record<string, string[]>;
  };
  normalizers: { names: string; json: { module: string; config?: Record<string, unknown> } };
}
