/**
 * A schema: tables and columns for one source, versioned by a content hash (dlt's stored-schema layout,
 * so `sluice pipeline NAME schema` and `_dlt_version` read like dlt's). Mutated by the normalizer as data
 * arrives; `bumpVersion()` increments `version` when the content hash changed.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { checkContract } from './contract.js';
import { systemTables } from './system-tables.js';
import type { ColumnSchema, SchemaContract, StoredSchema, TableSchema, WriteDisposition, WriteDispositionName } from './types.js';

export const SCHEMA_ENGINE_VERSION = 11;

/** Splits dlt's two write-disposition spellings into name + strategy (+ merge's `deduplicated` flag). */
export function parseWriteDisposition(wd: WriteDisposition | undefined): {
  name: WriteDispositionName;
  strategy?: string;
  deduplicated?: boolean;
} {
  if (wd === undefined) return { name: 'append' };
  if (typeof wd === 'string') return { name: wd };
  const out = { name: wd.disposition, strategy: 'strategy' in wd ? wd.strategy : undefined };
  return 'deduplicated' in wd && wd.deduplicated !== undefined ? { ...out, deduplicated: wd.deduplicated } : out;
}

export class Schema {
  version = 0;
  versionHash = '';
  previousHashes: string[] = [];
  tables: Record<string, TableSchema>;
  settings: StoredSchema['settings'] = { detections: ['iso_timestamp'] };

  constructor(readonly name: string) {
    this.tables = systemTables();
    this.bumpVersion();
  }

  static fromStored(s: StoredSchema): Schema {
    const schema = new Schema(s.name);
    schema.tables = { ...systemTables(), ...s.tables };
    for (const t of Object.values(schema.tables)) renameSeenData(t);
    schema.version = s.version;
    schema.versionHash = s.version_hash;
    schema.previousHashes = s.previous_hashes ?? [];
    schema.settings = s.settings ?? schema.settings;
    return schema;
  }

  /** Root and child data tables (not `_dlt_*`). */
  get dataTables(): TableSchema[] {
    return Object.values(this.tables).filter((t) => !t.name.startsWith('_dlt'));
  }

  /** The table whose parent chain ends at `name`'s root. */
  rootOf(name: string): TableSchema | undefined {
    let t = this.tables[name];
    while (t?.parent) t = this.tables[t.parent];
    return t;
  }

  /** Tables whose root is `root` (root first, then descendants in creation order). */
  tableChain(root: string): TableSchema[] {
    return Object.values(this.tables).filter((t) => t.name === root || (t.parent && this.rootOf(t.name)?.name === root));
  }

  /** The data tables of resources, root and children (what dropping or truncating the resources touches). */
  resourceTables(resourceNames: readonly string[]): string[] {
    const roots = this.dataTables.filter((t) => !t.parent && t.resource && resourceNames.includes(t.resource));
    return roots.flatMap((r) => this.tableChain(r.name).map((t) => t.name));
  }

  /** The contract effective for a table: table's own (root's for children), else the schema setting, else evolve. */
  contractOf(table: string): Required<{ tables: string; columns: string; data_type: string }> {
    const c: SchemaContract | undefined = this.rootOf(table)?.schema_contract ?? this.settings.schema_contract;
    const mode = (k: 'tables' | 'columns' | 'data_type') => (typeof c === 'string' ? c : c?.[k]) ?? 'evolve';
    return { tables: mode('tables'), columns: mode('columns'), data_type: mode('data_type') };
  }

  /**
   * The source's `schema_contract` for this run: it replaces the stored setting, and a source without one
   * clears it (dlt copies the source schema's settings over the pipeline's on every extract). Tables keep
   * their own resource contracts, which take precedence (see {@link contractOf}).
   */
  setSourceContract(contract: SchemaContract | undefined): void {
    checkContract(contract, `source ${this.name}`);
    if (contract === undefined) delete this.settings.schema_contract;
    else this.settings.schema_contract = contract;
  }

  toStored(): StoredSchema {
    return {
      version: this.version,
      version_hash: this.versionHash,
      previous_hashes: this.previousHashes,
      engine_version: SCHEMA_ENGINE_VERSION,
      name: this.name,
      tables: this.tables,
      settings: this.settings,
      normalizers: { names: 'snake_case', json: { module: 'dlt.common.normalizers.json.relational' } },
    };
  }

  /**
   * Content hash, as dlt's `generate_version_hash`: sha3-256 over the stored schema without its version
   * fields as JSON with sorted keys, then each table name (sorted) followed by its column names in order,
   * base64. The order of tables and of keys inside an object is no change; the order of columns is.
   */
  contentHash(): string {
    const { version: _v, version_hash: _h, previous_hashes: _p, ...content } = this.toStored();
    const h = createHash('sha3-256').update(sortedJson(content));
    for (const name of Object.keys(this.tables).sort()) {
      h.update(name);
      for (const c of Object.keys(this.tables[name]!.columns ?? {})) h.update(c);
    }
    return h.digest('base64');
  }

  /**
   * Recomputes the hash; when it changed, increments the version and puts the previous hash first in
   * `previousHashes` (unless it is there already; at most 10). Returns true on change.
   */
  bumpVersion(): boolean {
    const h = this.contentHash();
    if (h === this.versionHash) return false;
    if (this.versionHash && !this.previousHashes.includes(this.versionHash)) this.previousHashes = [this.versionHash, ...this.previousHashes].slice(0, 10);
    this.versionHash = h;
    this.version += 1;
    return true;
  }

  clone(): Schema {
    return Schema.fromStored(structuredClone(this.toStored()));
  }

  /** The schema as YAML or JSON text (for `sluice pipeline NAME schema`). */
  export(format: 'yaml' | 'json' = 'yaml'): string {
    return format === 'json' ? JSON.stringify(this.toStored(), null, 2) : YAML.stringify(this.toStored());
  }
}

/** JSON text of a value with the keys of every object sorted (undefined members left out, as JSON.stringify does). */
function sortedJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${sortedJson(o[k])}`);
  return `{${parts.join(',')}}`;
}

/**
 * Schemas stored by earlier sluice builds spelled dlt's `x-normalizer.seen-data` as `seen_data`; the
 * flag is what keeps the `columns` contract off a table's first data, so it is carried over.
 */
function renameSeenData(t: TableSchema): void {
  const x = t['x-normalizer'] as (TableSchema['x-normalizer'] & { seen_data?: boolean }) | undefined;
  if (x?.seen_data === undefined) return;
  const { seen_data, ...rest } = x;
  t['x-normalizer'] = { ...rest, 'seen-data': seen_data };
}

/** The columns of a table that have a type, in table order: the columns it has in the destination and in its job files. */
export function typedColumns(t: TableSchema): ColumnSchema[] {
  return Object.values(t.columns).filter((c) => c.data_type);
}
