/**
 * dlt's relational normalizer (reference/dlt-model.md §6–§7): flattens nested objects into `a__b`
 * columns, unnests lists into child tables `parent__field` linked by `_dlt_parent_id`/`_dlt_list_idx`
 * (and `_dlt_root_id` under merge), infers and widens column types, adds variant columns, enforces
 * schema contracts, and hands finished rows to a sink (the package writer). Works page by page; no
 * record is held after its rows are handed over.
 */
import { DataValidationError, SluiceError } from '../common/errors.js';
import { childRowId, hash128, seedOf } from '../common/hash.js';
import { log } from '../common/log.js';
import { randomRowId } from '../common/row-id.js';
import type { DataItem, Page, ResourceHints } from '../extract/resource.js';
import { COERCE, NO, variantSuffix } from '../schema/coerce.js';
import { inferType, isPlainObject } from '../schema/infer.js';
import type { SnakeCaseNaming } from '../schema/naming.js';
import { parseWriteDisposition, type Schema } from '../schema/schema.js';
import type { ColumnSchema, DataType, TableSchema } from '../schema/types.js';

export type Row = Record<string, unknown>;

/** Receives normalized rows for a table. */
export interface RowSink {
  addRow(table: string, row: Row): void;
}

/** Default `max_table_nesting` (dlt `normalizers.json.config.max_nesting`). */
export const DEFAULT_MAX_NESTING = 1000;

interface TableCtx {
  table: TableSchema;
  /** No data seen before this run: the `columns` contract does not apply yet. */
  isNew: boolean;
  contract: { tables: string; columns: string; data_type: string };
  /** Table rows are all dropped (tables contract discard). */
  discarded: boolean;
  rowCount: number;
  /** `_dlt_*` tables are not counted in row counts. */
  system: boolean;
}

interface ResourceCtx {
  hints: ResourceHints;
  rootTable?: string;
  maxNesting: number;
  merge: boolean;
  upsert: boolean;
  primaryKey: string[];
}

export class RelationalNormalizer {
  readonly #tables = new Map<string, TableCtx>();
  readonly #resources = new Map<string, ResourceCtx>();
  readonly #names = new Map<string, string>();
  readonly #warned = new Set<string>();
  /** Rows per table in this run. */
  readonly rowCounts: Record<string, number> = {};

  constructor(
    readonly schema: Schema,
    readonly naming: SnakeCaseNaming,
    readonly loadId: string,
    readonly sink: RowSink,
  ) {}

  /** Normalizes one page of a resource. */
  normalizePage(hints: ResourceHints, page: Page): void {
    const rc = this.#resourceCtx(hints);
    const tableFn = typeof hints.table_name === 'function' ? hints.table_name : undefined;
    for (let i = 0; i < page.length; i++) {
      let item = page[i];
      if (!isPlainObject(item)) item = { value: item };
      const tableName = tableFn ? this.#rootTableFor(rc, tableFn(item as DataItem)) : rc.rootTable!;
      this.#normalizeRow(rc, tableName, item as DataItem, undefined, undefined, 0, 0, undefined);
    }
  }

  #resourceCtx(hints: ResourceHints): ResourceCtx {
    let rc = this.#resources.get(hints.name);
    if (rc) return rc;
    const wd = parseWriteDisposition(hints.write_disposition);
    const pk = hints.primary_key === undefined ? [] : Array.isArray(hints.primary_key) ? hints.primary_key : [hints.primary_key];
    rc = {
      hints,
      maxNesting: hints.max_table_nesting ?? DEFAULT_MAX_NESTING,
      merge: wd.name === 'merge',
      upsert: wd.name === 'merge' && wd.strategy === 'upsert',
      primaryKey: pk.map((k) => this.naming.normalizePath(k)),
    };
    this.#resources.set(hints.name, rc);
    if (typeof hints.table_name !== 'function') rc.rootTable = this.#rootTableFor(rc, hints.table_name ?? hints.name);
    return rc;
  }

  /** Creates/updates the root table schema from resource hints. */
  #rootTableFor(rc: ResourceCtx, rawName: string): string {
    const name = this.naming.normalizePath(rawName);
    if (this.#tables.has(name)) return name;
    const { hints } = rc;
    const wd = parseWriteDisposition(hints.write_disposition);
    let table = this.schema.tables[name];
    const isNew = !table || !table['x-normalizer']?.seen_data;
    if (!table) table = this.schema.tables[name] = { name, columns: {}, resource: hints.name };
    table.write_disposition = wd.name;
    if (wd.name === 'merge') table['x-merge-strategy'] = (wd.strategy as TableSchema['x-merge-strategy']) ?? 'delete-insert';
    else delete table['x-merge-strategy'];
    if (wd.name === 'replace' && wd.strategy) table['x-replace-strategy'] = wd.strategy as TableSchema['x-replace-strategy'];
    if (hints.schema_contract) table.schema_contract = hints.schema_contract;
    if (hints.max_table_nesting !== undefined) table['x-normalizer'] = { ...table['x-normalizer'], max_nesting: hints.max_table_nesting };
    const cols = table.columns;
    for (const [raw, hint] of Object.entries(hints.columns ?? {})) {
      const cn = this.naming.normalizePath(hint.name ?? raw);
      cols[cn] = { ...cols[cn], ...hint, name: cn };
    }
    for (const k of rc.primaryKey) cols[k] = { ...cols[k], name: k, primary_key: true, nullable: false };
    const mk = hints.merge_key === undefined ? [] : Array.isArray(hints.merge_key) ? hints.merge_key : [hints.merge_key];
    for (const raw of mk) {
      const k = this.naming.normalizePath(raw);
      cols[k] = { ...cols[k], name: k, merge_key: true };
    }
    const ctx: TableCtx = { table, isNew, contract: this.schema.contractOf(name), discarded: false, rowCount: 0, system: name.startsWith('_dlt') };
    if (isNew && !this.schema.tables[name]?.['x-normalizer']?.seen_data) ctx.discarded = this.#checkNewTable(ctx);
    this.#tables.set(name, ctx);
    return name;
  }

  /** Applies the `tables` contract to a brand-new table. Returns true when its rows must be dropped. */
  #checkNewTable(ctx: TableCtx): boolean {
    const mode = ctx.contract.tables;
    if (mode === 'evolve') return false;
    // A table already known from hints with complete columns is not "new data" for freeze purposes only when it has seen data.
    if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on tables: table '${ctx.table.name}' is new and may not be created`);
    return true; // discard_row / discard_value: drop the table's rows
  }

  #childCtx(parent: TableCtx, name: string): TableCtx {
    let ctx = this.#tables.get(name);
    if (ctx) return ctx;
    let table = this.schema.tables[name];
    const isNew = !table || !table['x-normalizer']?.seen_data;
    if (!table) table = this.schema.tables[name] = { name, columns: {}, parent: parent.table.name };
    ctx = { table, isNew, contract: parent.contract, discarded: parent.discarded, rowCount: 0, system: parent.system };
    if (isNew && !parent.discarded && parent.contract.tables !== 'evolve' && !parent.isNew) ctx.discarded = this.#checkNewTable(ctx);
    this.#tables.set(name, ctx);
    return ctx;
  }

  readonly #tableSeeds = new Map<string, number>();
  #tableSeed(table: string): number {
    let s = this.#tableSeeds.get(table);
    if (s === undefined) this.#tableSeeds.set(table, (s = seedOf(table)[0]));
    return s;
  }

  /** Column name for `key` under `prefix` (normalized, cached). */
  #col(prefix: string, key: string): string {
    const k = prefix + '\u0001' + key;
    let c = this.#names.get(k);
    if (c === undefined) {
      const base = key.trim() ? key : '_empty';
      c = prefix ? this.naming.makePath(prefix, this.naming.normalizePath(base)) : this.naming.normalizePath(base);
      if (this.#names.size > 100_000) this.#names.clear();
      this.#names.set(k, c);
    }
    return c;
  }

  #normalizeRow(
    rc: ResourceCtx,
    tableName: string,
    obj: DataItem,
    parentId: string | undefined,
    parentSeed: readonly [number, number] | undefined,
    listIdx: number,
    depth: number,
    rootId: string | undefined,
  ): void {
    const ctx = this.#tables.get(tableName)!;
    if (ctx.discarded) return;
    const row: Row = {};
    const lists: [string, unknown[]][] = [];
    this.#flatten(rc, tableName, row, obj, '', depth, lists, 0);

    let id: string;
    if (parentId === undefined) {
      id = rc.upsert && rc.primaryKey.length ? hash128(rc.primaryKey.map((k) => JSON.stringify(row[k] ?? null)).join('|')) : randomRowId();
      row._dlt_load_id = this.loadId;
      row._dlt_id = id;
      rootId = id;
    } else {
      id = childRowId(parentSeed!, this.#tableSeed(tableName), listIdx);
      row._dlt_parent_id = parentId;
      row._dlt_list_idx = listIdx;
      row._dlt_id = id;
      if (rc.merge) row._dlt_root_id = rootId;
    }
    if (!this.#applySchema(ctx, row)) return;
    this.sink.addRow(tableName, row);
    ctx.rowCount++;
    if (!ctx.system) this.rowCounts[tableName] = (this.rowCounts[tableName] ?? 0) + 1;

    const seed = lists.length ? seedOf(id) : undefined;
    for (let li = 0; li < lists.length; li++) {
      const [col, list] = lists[li]!;
      const childName = this.naming.makePath(tableName, col);
      this.#childCtx(ctx, childName);
      for (let i = 0; i < list.length; i++) {
        let v = list[i];
        if (Array.isArray(v)) v = { list: v };
        else if (!isPlainObject(v)) v = { value: v };
        this.#normalizeRow(rc, childName, v as DataItem, id, seed, i, depth + 1, rootId);
      }
    }
  }

  #flatten(rc: ResourceCtx, table: string, row: Row, obj: DataItem, prefix: string, depth: number, lists: [string, unknown[]][], level: number): void {
    if (level > 200) throw new SluiceError(`resource ${rc.hints.name}: nesting deeper than 200 levels at '${prefix}' in table ${table} — is the object cyclic?`);
    const columns = this.schema.tables[table]!.columns;
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined) continue;
      const col = this.#col(prefix, key);
      if (v !== null && typeof v === 'object') {
        const hinted = columns[col]?.data_type;
        if (hinted !== 'json' && depth < rc.maxNesting) {
          if (Array.isArray(v)) {
            lists.push([col, v]);
            continue;
          }
          if (isPlainObject(v)) {
            this.#flatten(rc, table, row, v, col, depth + 1, lists, level + 1);
            continue;
          }
        }
      } else if (typeof v === 'function' || typeof v === 'symbol') {
        throw new SluiceError(`resource ${rc.hints.name}: value of '${prefix ? prefix + '__' : ''}${key}' in table ${table} is a ${typeof v}, which is not JSON-representable`);
      }
      if (col in row && !this.#warned.has(table + '.' + col)) {
        this.#warned.add(table + '.' + col);
        log.warn(`table ${table}: two keys normalize to column '${col}'; the later value wins (dlt behaviour). Rename one of the source keys to keep both.`);
      }
      row[col] = v;
    }
  }

  /**
   * Types every value of `row` against the table's columns: new columns are added (contract permitting),
   * values are coerced into existing columns or moved to variant columns. Returns false to drop the row.
   */
  #applySchema(ctx: TableCtx, row: Row): boolean {
    const columns = ctx.table.columns;
    for (const col in row) {
      const v = row[col];
      if (v === null || v === undefined) continue;
      const c = columns[col];
      const t = c?.data_type;
      if (t !== undefined) {
        // fast paths for the common matches
        switch (typeof v) {
          case 'string':
            if (t === 'text') continue;
            break;
          case 'number':
            if (t === 'double' || (t === 'bigint' && Number.isInteger(v))) continue;
            break;
          case 'boolean':
            if (t === 'bool') continue;
            break;
        }
        if (t === 'json' && typeof v === 'object') continue;
        const coerced = COERCE[t](v);
        if (coerced !== NO) {
          row[col] = coerced;
          continue;
        }
        // variant column
        const vt = inferType(v)!;
        const vname = this.naming.makePath(col, variantSuffix(vt));
        delete row[col];
        const existing = columns[vname];
        if (!existing) {
          const mode = ctx.contract.data_type;
          if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on data_type: column '${col}' of table '${ctx.table.name}' is ${t} but got a ${vt} value; a variant column '${vname}' may not be created`);
          if (mode === 'discard_row') return false;
          if (mode === 'discard_value') continue;
          columns[vname] = { name: vname, data_type: vt, nullable: true, variant: true };
        } else {
          const cv = existing.data_type === vt ? v : COERCE[existing.data_type!](v);
          if (cv === NO) throw new SluiceError(`table ${ctx.table.name}: value for column '${col}' fits neither ${t} nor its variant ${existing.data_type}`);
          row[vname] = cv;
          continue;
        }
        row[vname] = v;
        continue;
      }
      // new column (or a hint-only column without a type)
      const inferred: DataType = inferType(v)!;
      if (!c && !ctx.isNew && !col.startsWith('_dlt')) {
        const mode = ctx.contract.columns;
        if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on columns: table '${ctx.table.name}' has no column '${col}'`);
        if (mode === 'discard_row') return false;
        if (mode === 'discard_value') {
          delete row[col];
          continue;
        }
      }
      columns[col] = c ? { ...c, data_type: inferred } : newColumn(col, inferred);
      if (inferred === 'json' && typeof v !== 'object') row[col] = v;
    }
    if (!ctx.table['x-normalizer']?.seen_data) ctx.table['x-normalizer'] = { ...ctx.table['x-normalizer'], seen_data: true };
    return true;
  }
}

function newColumn(name: string, data_type: DataType): ColumnSchema {
  switch (name) {
    case '_dlt_id':
      return { name, data_type, nullable: false, unique: true, row_key: true };
    case '_dlt_load_id':
      return { name, data_type, nullable: false };
    case '_dlt_parent_id':
      return { name, data_type, nullable: false, parent_key: true };
    case '_dlt_list_idx':
      return { name, data_type, nullable: false };
    case '_dlt_root_id':
      return { name, data_type, nullable: false, root_key: true };
    default:
      return { name, data_type, nullable: true };
  }
}
