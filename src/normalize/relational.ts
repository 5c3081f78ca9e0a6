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
import { inferType, isIsoTimestamp, isPlainObject } from '../schema/infer.js';
import type { SnakeCaseNaming } from '../schema/naming.js';
import { parseWriteDisposition, type Schema } from '../schema/schema.js';
import type { ColumnSchema, DataType, TableSchema } from '../schema/types.js';

export type Row = Record<string, unknown>;

/** Receives normalized rows for a table. */
export interface RowSink {
  /**
   * One finished row of `table`. `columns` is the table's typed column list in file order; it is a new
   * array whenever the table gains a column, and the same array otherwise (so a sink can compare by identity).
   * The sink must not keep `row` past the call if it wants memory bounded: encode it and drop it.
   */
  addRow(table: string, row: Row, columns: readonly ColumnSchema[]): void;
}

/** Default `max_table_nesting` (dlt `normalizers.json.config.max_nesting`). */
export const DEFAULT_MAX_NESTING = 1000;

/**
 * What the normalizer remembers about one source key under one prefix of one table: its column name,
 * the column's type once known (typed columns never change type in a run; new types go to variants),
 * the fields of a nested object under it, and the child table of a list under it. Looking keys up in
 * this tree replaces building `prefix + key` strings per value.
 */
interface Field {
  readonly col: string;
  type: DataType | undefined;
  sub?: FieldNode;
  child?: TableCtx;
}
type FieldNode = Map<string, Field>;

interface TableCtx {
  readonly name: string;
  table: TableSchema;
  /** No data seen before this run: the `columns` contract does not apply yet. */
  isNew: boolean;
  contract: { tables: string; columns: string; data_type: string };
  /** Table rows are all dropped (tables contract discard). */
  discarded: boolean;
  rowCount: number;
  /** `_dlt_*` tables are not counted in row counts. */
  system: boolean;
  /** Seed of the table name for child row ids. */
  seed: number;
  fields: FieldNode;
  /** Typed columns in file order (replaced, never mutated, when a column is added). */
  typed: readonly ColumnSchema[];
  /** The `_dlt_*` columns of this table's rows are typed (after its first row in this run). */
  systemTyped: boolean;
}

interface ResourceCtx {
  hints: ResourceHints;
  root?: TableCtx;
  maxNesting: number;
  merge: boolean;
  upsert: boolean;
  primaryKey: string[];
}

/** Whether `v` (not null) can go into a column of type `t` unchanged. The common cases, checked per value. */
function fits(t: DataType, v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      return t === 'text' || (t === 'timestamp' && isIsoTimestamp(v));
    case 'number':
      return t === 'double' || (t === 'bigint' && Number.isInteger(v));
    case 'boolean':
      return t === 'bool';
    case 'object':
      return t === 'json';
    default:
      return false;
  }
}

export class RelationalNormalizer {
  readonly #tables = new Map<string, TableCtx>();
  readonly #resources = new Map<string, ResourceCtx>();
  readonly #warned = new Set<string>();
  /** Scratch list of [field, value] pairs that need the schema's slow path, reused per row. */
  readonly #slow: unknown[] = [];

  constructor(
    readonly schema: Schema,
    readonly naming: SnakeCaseNaming,
    readonly loadId: string,
    readonly sink: RowSink,
  ) {}

  /** Rows per (non-system) table in this run. */
  get rowCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const ctx of this.#tables.values()) if (!ctx.system && ctx.rowCount) out[ctx.name] = ctx.rowCount;
    return out;
  }

  /** Normalizes one page of a resource. */
  normalizePage(hints: ResourceHints, page: Page): void {
    const rc = this.#resourceCtx(hints);
    const tableFn = typeof hints.table_name === 'function' ? hints.table_name : undefined;
    for (let i = 0; i < page.length; i++) {
      let item = page[i];
      if (!isPlainObject(item)) item = { value: item };
      const ctx = tableFn ? this.#rootTableFor(rc, tableFn(item as DataItem)) : rc.root!;
      this.#normalizeRow(rc, ctx, item as DataItem, undefined, undefined, 0, 0, undefined);
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
    if (typeof hints.table_name !== 'function') rc.root = this.#rootTableFor(rc, hints.table_name ?? hints.name);
    return rc;
  }

  /** Creates/updates the root table schema from resource hints. */
  #rootTableFor(rc: ResourceCtx, rawName: string): TableCtx {
    const name = this.naming.normalizePath(rawName);
    const known = this.#tables.get(name);
    if (known) return known;
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
    const ctx = this.#newCtx(name, table, isNew, this.schema.contractOf(name), name.startsWith('_dlt'));
    if (isNew) ctx.discarded = this.#checkNewTable(ctx);
    this.#tables.set(name, ctx);
    return ctx;
  }

  #newCtx(name: string, table: TableSchema, isNew: boolean, contract: TableCtx['contract'], system: boolean): TableCtx {
    return {
      name, table, isNew, contract, system, discarded: false, rowCount: 0, seed: seedOf(name)[0], fields: new Map(), systemTyped: false,
      typed: typedColumns(table),
    };
  }

  /** Applies the `tables` contract to a brand-new table. Returns true when its rows must be dropped. */
  #checkNewTable(ctx: TableCtx): boolean {
    const mode = ctx.contract.tables;
    if (mode === 'evolve') return false;
    if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on tables: table '${ctx.table.name}' is new and may not be created`);
    return true; // discard_row / discard_value: drop the table's rows
  }

  #childCtx(parent: TableCtx, name: string): TableCtx {
    let ctx = this.#tables.get(name);
    if (ctx) return ctx;
    let table = this.schema.tables[name];
    const isNew = !table || !table['x-normalizer']?.seen_data;
    if (!table) table = this.schema.tables[name] = { name, columns: {}, parent: parent.table.name };
    ctx = this.#newCtx(name, table, isNew, parent.contract, parent.system);
    ctx.discarded = parent.discarded;
    if (isNew && !parent.discarded && parent.contract.tables !== 'evolve' && !parent.isNew) ctx.discarded = this.#checkNewTable(ctx);
    this.#tables.set(name, ctx);
    return ctx;
  }

  /** The field for `key` under `prefix` in a table (column name normalized once, type cached). */
  #field(ctx: TableCtx, node: FieldNode, prefix: string, key: string): Field {
    let f = node.get(key);
    if (f === undefined) {
      const base = key.trim() ? key : '_empty';
      const col = prefix ? this.naming.makePath(prefix, this.naming.normalizePath(base)) : this.naming.normalizePath(base);
      f = { col, type: ctx.table.columns[col]?.data_type };
      node.set(key, f);
    }
    return f;
  }

  #normalizeRow(
    rc: ResourceCtx,
    ctx: TableCtx,
    obj: DataItem,
    parentId: string | undefined,
    parentSeed: readonly [number, number] | undefined,
    listIdx: number,
    depth: number,
    rootId: string | undefined,
  ): void {
    if (ctx.discarded) return;
    const row: Row = {};
    const lists: unknown[] = [];
    const slow = this.#slow;
    slow.length = 0;
    this.#flatten(rc, ctx, row, obj, ctx.fields, '', depth, lists, 0, slow);

    let id: string;
    if (parentId === undefined) {
      id = rc.upsert && rc.primaryKey.length ? hash128(rc.primaryKey.map((k) => JSON.stringify(rawValue(row, slow, k) ?? null)).join('|')) : randomRowId();
      rootId = id;
    } else {
      id = childRowId(parentSeed!, ctx.seed, listIdx);
    }
    if (slow.length && !this.#applySchemaSlow(ctx, row, slow)) return;
    if (parentId === undefined) {
      row._dlt_load_id = this.loadId;
      row._dlt_id = id;
    } else {
      row._dlt_parent_id = parentId;
      row._dlt_list_idx = listIdx;
      row._dlt_id = id;
      if (rc.merge) row._dlt_root_id = rootId;
    }
    if (!ctx.systemTyped) {
      slow.length = 0;
      for (const col in row) if (col.startsWith('_dlt_')) slow.push({ col, type: ctx.table.columns[col]?.data_type }, row[col]);
      if (!this.#applySchemaSlow(ctx, row, slow)) return;
      ctx.systemTyped = true;
      if (!ctx.table['x-normalizer']?.seen_data) ctx.table['x-normalizer'] = { ...ctx.table['x-normalizer'], seen_data: true };
    }
    this.sink.addRow(ctx.name, row, ctx.typed);
    ctx.rowCount++;

    if (lists.length === 0) return;
    const seed = seedOf(id);
    for (let li = 0; li < lists.length; li += 2) {
      const f = lists[li] as Field;
      const list = lists[li + 1] as unknown[];
      const child = (f.child ??= this.#childCtx(ctx, this.naming.makePath(ctx.name, f.col)));
      for (let i = 0; i < list.length; i++) {
        let v = list[i];
        if (Array.isArray(v)) v = { list: v };
        else if (!isPlainObject(v)) v = { value: v };
        this.#normalizeRow(rc, child, v as DataItem, id, seed, i, depth + 1, rootId);
      }
    }
  }

  /**
   * Copies `obj`'s values into `row` under their column names, nested objects flattened, lists collected
   * into `lists` as (field, list) pairs. Values that fit their column's known type go straight in; the
   * others are queued in `slow` as (field, value) pairs for {@link #applySchemaSlow}.
   */
  #flatten(rc: ResourceCtx, ctx: TableCtx, row: Row, obj: DataItem, node: FieldNode, prefix: string, depth: number, lists: unknown[], level: number, slow: unknown[]): void {
    if (level > 200) throw new SluiceError(`resource ${rc.hints.name}: nesting deeper than 200 levels at '${prefix}' in table ${ctx.name} — is the object cyclic?`);
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined) continue;
      const f = this.#field(ctx, node, prefix, key);
      if (v !== null && typeof v === 'object') {
        if (f.type !== 'json' && depth < rc.maxNesting) {
          if (Array.isArray(v)) {
            lists.push(f, v);
            continue;
          }
          if (isPlainObject(v)) {
            this.#flatten(rc, ctx, row, v, (f.sub ??= new Map()), f.col, depth + 1, lists, level + 1, slow);
            continue;
          }
        }
      } else if (typeof v === 'function' || typeof v === 'symbol') {
        throw new SluiceError(`resource ${rc.hints.name}: value of '${prefix ? prefix + '__' : ''}${key}' in table ${ctx.name} is a ${typeof v}, which is not JSON-representable`);
      }
      const col = f.col;
      if (col in row && !this.#warned.has(ctx.name + '.' + col)) {
        this.#warned.add(ctx.name + '.' + col);
        log.warn(`table ${ctx.name}: two keys normalize to column '${col}'; the later value wins (dlt behaviour). Rename one of the source keys to keep both.`);
      }
      if (v === null || (f.type !== undefined && fits(f.type, v))) {
        row[col] = v;
      } else {
        row[col] = undefined;
        slow.push(f, v);
      }
    }
  }

  /**
   * Types the queued (field, value) pairs against the table's columns: new columns are added (contract
   * permitting), values are coerced into existing columns or moved to variant columns. Returns false to
   * drop the row.
   */
  #applySchemaSlow(ctx: TableCtx, row: Row, slow: unknown[]): boolean {
    const columns = ctx.table.columns;
    let added = false;
    try {
      for (let s = 0; s < slow.length; s += 2) {
        const f = slow[s] as Field;
        const v = slow[s + 1];
        const col = f.col;
        const c = columns[col];
        const t = c?.data_type;
        if (t !== undefined) {
          f.type = t;
          if (fits(t, v)) {
            row[col] = v;
            continue;
          }
          const coerced = COERCE[t](v);
          if (coerced !== NO) {
            row[col] = coerced;
            continue;
          }
          // variant column
          const vt = inferType(v)!;
          const vname = this.naming.makePath(col, variantSuffix(vt));
          row[col] = undefined;
          const existing = columns[vname];
          if (!existing) {
            const mode = ctx.contract.data_type;
            if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on data_type: column '${col}' of table '${ctx.table.name}' is ${t} but got a ${vt} value; a variant column '${vname}' may not be created`);
            if (mode === 'discard_row') return false;
            if (mode === 'discard_value') continue;
            columns[vname] = { name: vname, data_type: vt, nullable: true, variant: true };
            added = true;
            row[vname] = v;
          } else {
            const cv = existing.data_type === vt ? v : COERCE[existing.data_type!](v);
            if (cv === NO) throw new SluiceError(`table ${ctx.table.name}: value for column '${col}' fits neither ${t} nor its variant ${existing.data_type}`);
            row[vname] = cv;
          }
          continue;
        }
        // new column (or a hint-only column without a type)
        const inferred: DataType = inferType(v)!;
        if (!c && !ctx.isNew && !col.startsWith('_dlt')) {
          const mode = ctx.contract.columns;
          if (mode === 'freeze') throw new DataValidationError(`schema contract 'freeze' on columns: table '${ctx.table.name}' has no column '${col}'`);
          if (mode === 'discard_row') return false;
          if (mode === 'discard_value') continue;
        }
        columns[col] = c ? { ...c, data_type: inferred } : newColumn(col, inferred);
        added = true;
        f.type = inferred;
        row[col] = v;
      }
      return true;
    } finally {
      if (added) ctx.typed = typedColumns(ctx.table);
    }
  }
}

/** The columns of a table that have a type, in table order: the columns of its job files. */
function typedColumns(table: TableSchema): ColumnSchema[] {
  return Object.values(table.columns).filter((c) => c.data_type);
}

/** A flattened value as it came from the source, whether it went straight into `row` or was queued. */
function rawValue(row: Row, slow: unknown[], col: string): unknown {
  for (let s = 0; s < slow.length; s += 2) if ((slow[s] as Field).col === col) return slow[s + 1];
  return row[col];
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
