/**
 * dlt's relational normalizer (reference/dlt-model.md §6–§7): flattens nested objects into `a__b`
 * columns, unnests lists into child tables `parent__field` linked by `_dlt_parent_id`/`_dlt_list_idx`
 * (and `_dlt_root_id` under merge, or once the root key exists), infers and widens column types, adds
 * variant columns, enforces schema contracts and `nullable: false`, rejects values JSON cannot represent,
 * and hands finished rows to a sink (the package writer). Works page by page; no record is held after
 * its rows are handed over.
 */
import { ConfigError, DataValidationError } from '../common/errors.js';
import { childRowId, hash128, seedOf } from '../common/hash.js';
import { log } from '../common/log.js';
import { randomRowId } from '../common/row-id.js';
import type { DataItem, Page, ResourceHints } from '../extract/resource.js';
import { COERCE, NO, variantSuffix } from '../schema/coerce.js';
import { checkColumnHints } from '../schema/column-hints.js';
import { checkContract } from '../schema/contract.js';
import { inferType, isIsoTimestamp, isPlainObject, valueType } from '../schema/infer.js';
import { describeValue, opaqueReason } from '../schema/json-value.js';
import { pyStrip, type SnakeCaseNaming } from '../schema/naming.js';
import { utcInstantText, utcTimestampText, zoneStart } from '../schema/time-text.js';
import { parseWriteDisposition, typedColumns, type Schema } from '../schema/schema.js';
import type { ColumnHint, ColumnSchema, DataType, Scd2Options, TableSchema } from '../schema/types.js';
import { checkMergeHints, checkWriteDisposition } from '../schema/write-disposition.js';
import { applyScd2Columns, clearScd2, rowHash, versionColumnOf } from './scd2.js';

/** A row as an object keyed by column name (see {@link rowObject}). */
export type Row = Record<string, unknown>;

/** Receives normalized rows for a table. */
export interface RowSink {
  /**
   * One finished row of `table`: `values[i]` belongs to `columns[i]` (undefined = NULL). `columns` is the
   * table's typed column list in file order; it is a new array whenever the table gains a column and the
   * same array otherwise (a sink may compare by identity). `values` is reused for the next row: encode
   * or copy it before returning.
   */
  addRow(table: string, values: readonly unknown[], columns: readonly ColumnSchema[]): void;
}

/** A row handed to a {@link RowSink} as an object keyed by column name (columns without a value omitted). */
export function rowObject(values: readonly unknown[], columns: readonly ColumnSchema[]): Row {
  const row: Row = {};
  for (let i = 0; i < columns.length; i++) if (values[i] !== undefined) row[columns[i]!.name] = values[i];
  return row;
}

/** Default `max_table_nesting` (dlt `normalizers.json.config.max_nesting`). */
export const DEFAULT_MAX_NESTING = 1000;

/** One column of one table as the normalizer tracks it during a run. */
interface Slot {
  readonly col: string;
  /** The column's type once it has one (typed columns never change type in a run; new types go to variants). */
  type: DataType | undefined;
  /** Position in the table's typed column list (the job file's columns); -1 while untyped. */
  idx: number;
  /** Serial of the last row that set it: two keys normalizing to one column show up as a repeat. */
  stamp: number;
  /** A `timezone: false` timestamp column: its text values are written as UTC instants (see utcInstantText). */
  naive: boolean;
  /** Variant column names by the value's own type (see `valueType`). */
  variants?: Map<DataType, string>;
}

/**
 * A source key under one prefix of one table: its column slot, the fields of a nested object under it,
 * the child table of a list under it. Looking keys up in this tree replaces building `prefix__key`
 * strings per value.
 */
interface Field {
  readonly slot: Slot;
  /**
   * The column's path in its table before shortening: the normalized keys joined with `__`. Nested
   * columns and child tables are named from it, as dlt names them from all fragments.
   */
  readonly path: string;
  sub?: FieldNode;
  child?: TableCtx;
}
type FieldNode = Map<string, Field>;

interface TableCtx {
  readonly name: string;
  /** The table's path before shortening (root table name, then the keys down to the list), see {@link Field.path}. */
  readonly path: string;
  /** The path below the root table (`''` for the root): how `nested_hints` name the table. */
  readonly rel: string;
  /** Lists above this table: 0 for a root table. */
  readonly level: number;
  /**
   * The root table's `max_table_nesting`: the hint, else the one stored on the table by an earlier run
   * (dlt reads `x-normalizer.max_nesting` from the schema), else {@link DEFAULT_MAX_NESTING}.
   */
  readonly maxNesting: number;
  table: TableSchema;
  /**
   * Child rows get `_dlt_root_id`: the resource merges, or a table of the root's chain already has the
   * column (dlt keeps propagating the root key once it exists).
   */
  rootKey: boolean;
  /** scd2 root tables: the row id is the row's version, a hash of its content (scd2.ts). */
  rowHash?: boolean;
  /**
   * Upsert and insert-only root tables: the primary-key columns whose values the row id hashes (dlt `key_hash`), the
   * `primary_key` hint's first, then columns hinted `primary_key` (dlt reads the table's key columns).
   */
  rowKey?: string[];
  /**
   * scd2 root tables with a `row_version_column_name`: the columns whose stored values the row id hashes,
   * the record's key (primary key, else merge key; none without either) and then the version column.
   */
  versionKey?: string[];
  /** Slots of the data columns with `nullable: false` (primary keys...) and of the scd2 row version column, checked after each row; absent when none. */
  required?: Slot[];
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
  slots: Map<string, Slot>;
  /** Typed columns in file order (replaced, never mutated, when a column is added). */
  typed: readonly ColumnSchema[];
  /** The row being built, aligned with `typed`; all undefined between rows. */
  vals: unknown[];
  /** Slots of the `_dlt_*` columns, typed after the table's first row in this run. */
  sys?: { loadId: Slot; id: Slot; parentId: Slot; listIdx: Slot; rootId: Slot };
}

/**
 * (field, list) pairs collected while flattening one row. A count instead of `length = 0`, which makes
 * V8 drop the array's storage and allocate it again for the next row.
 */
interface Pairs {
  items: unknown[];
  n: number;
}

interface ResourceCtx {
  hints: ResourceHints;
  root?: TableCtx;
  /** `nested_hints` columns by the child table's path below the root, normalized (`purchases__items`). */
  nested?: Map<string, Record<string, ColumnHint>>;
  merge: boolean;
  /** upsert or insert-only: root row ids hash the primary key. */
  keyed: boolean;
  scd2: boolean;
  primaryKey: string[];
}

/** The `_dlt_*` columns the normalizer sets on root rows, child rows, and child rows with a root key. */
const ROOT_SYSTEM = new Set(['_dlt_load_id', '_dlt_id']);
const CHILD_SYSTEM = new Set(['_dlt_parent_id', '_dlt_list_idx', '_dlt_id']);
const MERGE_CHILD_SYSTEM = new Set([...CHILD_SYSTEM, '_dlt_root_id']);

/** Whether `v` (not null) can go into a column of type `t` unchanged. The common cases, checked per value. */
function fits(t: DataType, v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      // A timestamp without a zone is UTC: it gets `Z` (see utcTimestampText) and so does not fit as it is.
      // (The cheap zone scan first: a naive one is checked once, by the caller's timestamp branch.)
      return t === 'text' || (t === 'timestamp' && zoneStart(v) >= 0 && isIsoTimestamp(v));
    case 'number':
      // Safe integers only: a larger one goes through COERCE.bigint, which checks the int64 range.
      return t === 'double' || (t === 'bigint' && Number.isSafeInteger(v));
    case 'boolean':
      return t === 'bool';
    case 'object':
      // A Date or Uint8Array is a timestamp or binary value: in a json column it gets a variant (dlt).
      return t === 'json' && !(v instanceof Date) && !(v instanceof Uint8Array);
    default:
      return false;
  }
}

export class RelationalNormalizer {
  readonly #tables = new Map<string, TableCtx>();
  readonly #resources = new Map<string, ResourceCtx>();
  readonly #warned = new Set<string>();
  /** Scratch list of (slot, value) pairs that need the schema's slow path, reused per row. */
  readonly #slow: unknown[] = [];
  /**
   * Scratch lists of (field, list) pairs per nesting depth, reused row after row: the rows being
   * normalized at one time (a row and its ancestors) all have different depths.
   */
  readonly #listsAt: Pairs[] = [];
  #serial = 0;

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
    checkContract(hints.schema_contract, `resource ${hints.name}`);
    checkWriteDisposition(hints.write_disposition, `resource ${hints.name}`);
    checkColumnHints(hints.columns, `resource ${hints.name}`);
    for (const [path, h] of Object.entries(hints.nested_hints ?? {})) checkColumnHints(h.columns, `resource ${hints.name}, nested_hints '${path}'`);
    const nesting = hints.max_table_nesting;
    if (nesting !== undefined && !(Number.isInteger(nesting) && nesting >= 0)) {
      throw new ConfigError(`resource ${hints.name}: max_table_nesting must be a whole number of levels, 0 or more; got ${JSON.stringify(nesting)}`);
    }
    const wd = parseWriteDisposition(hints.write_disposition);
    const pk = hints.primary_key === undefined ? [] : Array.isArray(hints.primary_key) ? hints.primary_key : [hints.primary_key];
    rc = {
      hints,
      merge: wd.name === 'merge',
      keyed: wd.name === 'merge' && (wd.strategy === 'upsert' || wd.strategy === 'insert-only'),
      scd2: wd.name === 'merge' && wd.strategy === 'scd2',
      primaryKey: pk.map((k) => this.naming.normalizePath(k)),
    };
    if (hints.nested_hints) rc.nested = new Map(Object.entries(hints.nested_hints).map(([path, h]) => [this.naming.normalizePath(path), h.columns ?? {}]));
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
    const isNew = !table || !table['x-normalizer']?.['seen-data'];
    if (!table) table = this.schema.tables[name] = { name, columns: {}, resource: hints.name };
    table.write_disposition = wd.name;
    if (wd.name === 'merge') table['x-merge-strategy'] = (wd.strategy as TableSchema['x-merge-strategy']) ?? 'delete-insert';
    else delete table['x-merge-strategy'];
    if (wd.name === 'merge' && wd.deduplicated) table['x-stage-data-deduplicated'] = true;
    else delete table['x-stage-data-deduplicated'];
    if (wd.name === 'replace' && wd.strategy) table['x-replace-strategy'] = wd.strategy as TableSchema['x-replace-strategy'];
    if (rc.scd2) applyScd2Columns(table, hints.write_disposition as Scd2Options, this.naming, `resource ${hints.name}`);
    else clearScd2(table);
    if (hints.schema_contract) table.schema_contract = hints.schema_contract;
    if (hints.max_table_nesting !== undefined) table['x-normalizer'] = { ...table['x-normalizer'], max_nesting: hints.max_table_nesting };
    const cols = table.columns;
    const mk = hints.merge_key === undefined ? [] : (Array.isArray(hints.merge_key) ? hints.merge_key : [hints.merge_key]).map((k) => this.naming.normalizePath(k));
    if (hints.primary_key !== undefined) this.#replaceKey(table, 'primary_key', rc.primaryKey, hints.columns);
    if (hints.merge_key !== undefined) this.#replaceKey(table, 'merge_key', mk, hints.columns);
    const system = name.startsWith('_dlt');
    // The `_dlt_*` tables are sluice's own bookkeeping: a source's contract does not apply to them (dlt).
    const contract = system ? { tables: 'evolve', columns: 'evolve', data_type: 'evolve' } : this.schema.contractOf(name);
    this.#applyColumnHints(rc, table, hints.columns, isNew ? 'evolve' : contract.columns);
    // Key columns are NOT NULL unless the resource's `columns` hint says `nullable` itself (dlt's `_merge_key`).
    const nullable = (k: string) => this.#hintedNullable(hints.columns, k) ?? false;
    for (const k of rc.primaryKey) cols[k] = { ...cols[k], name: k, primary_key: true, nullable: nullable(k) };
    for (const k of mk) cols[k] = { ...cols[k], name: k, merge_key: true, nullable: nullable(k) };
    checkMergeHints(table, `resource ${hints.name}`);
    // dlt propagates the root key for the merges that delete or match by key, not for scd2 (its children are insert-only).
    const rootKey = (rc.merge && !rc.scd2) || this.schema.tableChain(name).some((t) => t.columns._dlt_root_id !== undefined);
    const maxNesting = table['x-normalizer']?.max_nesting ?? DEFAULT_MAX_NESTING;
    const ctx = this.#newCtx(name, name, '', 0, maxNesting, table, isNew, contract, system, rootKey);
    if (isNew) ctx.discarded = this.#checkNewTable(rc, ctx);
    const keyColumns = (hint: 'primary_key' | 'merge_key', first: readonly string[]) => {
      const key = [...first];
      for (const c of Object.values(cols)) if (c[hint] && !key.includes(c.name)) key.push(c.name);
      return key;
    };
    // scd2 with a version column: the row id hashes the record's key (primary, else merge key) and its version.
    const version = rc.scd2 ? versionColumnOf(hints.write_disposition as Scd2Options, this.naming) : undefined;
    if (version !== undefined) {
      const pkCols = keyColumns('primary_key', rc.primaryKey);
      ctx.versionKey = [...(pkCols.length ? pkCols : keyColumns('merge_key', mk)), version];
    } else if (rc.scd2) ctx.rowHash = true;
    if (rc.keyed) {
      const key = keyColumns('primary_key', rc.primaryKey);
      if (key.length) ctx.rowKey = key;
    }
    this.#tables.set(name, ctx);
    return ctx;
  }

  /** The `nullable` a `columns` hint gives column `col` (names normalized), if any. */
  #hintedNullable(columnHints: Record<string, ColumnHint> | undefined, col: string): boolean | undefined {
    for (const [raw, hint] of Object.entries(columnHints ?? {})) {
      if (hint.nullable !== undefined && this.naming.normalizePath(hint.name ?? raw) === col) return hint.nullable;
    }
    return undefined;
  }

  /**
   * A resource that gives `primary_key` (or `merge_key`) gives the whole key: columns of the stored
   * table that are no longer part of it lose the flag, as dlt (1.22) replaces compound hints instead
   * of adding to them. Their `nullable: false` stays, as their NOT NULL stays in the destination.
   */
  #replaceKey(table: TableSchema, prop: 'primary_key' | 'merge_key', key: readonly string[], columnHints: Record<string, ColumnHint> | undefined): void {
    const keep = new Set(key);
    for (const [raw, hint] of Object.entries(columnHints ?? {})) if (hint[prop]) keep.add(this.naming.normalizePath(hint.name ?? raw));
    for (const c of Object.values(table.columns)) if (c[prop] && !keep.has(c.name)) delete c[prop];
  }

  /**
   * Merges `columns` hints into a table's columns (names normalized). `columnsMode` is the columns
   * contract for columns the table does not have (`evolve` for a table without data): as dlt checks
   * hints at extract, `freeze` raises and the discard modes leave such a column out.
   */
  #applyColumnHints(rc: ResourceCtx, table: TableSchema, hints: Record<string, ColumnHint> | undefined, columnsMode: string): void {
    const cols = table.columns;
    for (const [raw, hint] of Object.entries(hints ?? {})) {
      const cn = this.naming.normalizePath(hint.name ?? raw);
      if (cols[cn] === undefined && columnsMode !== 'evolve') {
        if (columnsMode === 'freeze') throw new DataValidationError(`resource ${rc.hints.name}: schema contract 'freeze' on columns: the columns hint adds column '${cn}' to table '${table.name}', which has data and no such column`);
        continue;
      }
      const had = cols[cn]?.data_type;
      if (had !== undefined && hint.data_type !== undefined && hint.data_type !== had) {
        // dlt raises CannotCoerceColumnException: a typed column exists in the destination with its type.
        throw new ConfigError(
          `resource ${rc.hints.name}: the columns hint gives ${table.name}.${cn} data_type '${hint.data_type}', but the column exists as ${had} and a column's type cannot change; load the values into a new column, or drop the table (refresh: 'drop_resources') to recreate it`,
        );
      }
      cols[cn] = { ...cols[cn], ...hint, name: cn };
    }
  }

  #newCtx(name: string, path: string, rel: string, level: number, maxNesting: number, table: TableSchema, isNew: boolean, contract: TableCtx['contract'], system: boolean, rootKey: boolean): TableCtx {
    const typed = typedColumns(table);
    const ctx: TableCtx = {
      name, path, rel, level, maxNesting, table, isNew, contract, system, rootKey, discarded: false, rowCount: 0, seed: seedOf(name)[0], fields: new Map(), slots: new Map(),
      typed, vals: new Array<unknown>(typed.length).fill(undefined),
    };
    // Hints are final here (root hints are applied before); the normalizer adds nullable columns only.
    const required = Object.values(table.columns).filter((c) => (c.nullable === false || c['x-row-version']) && !c.name.startsWith('_dlt'));
    if (required.length) ctx.required = required.map((c) => this.#slot(ctx, c.name));
    return ctx;
  }

  /** Applies the `tables` contract to a brand-new table. Returns true when its rows must be dropped. */
  #checkNewTable(rc: ResourceCtx, ctx: TableCtx): boolean {
    const mode = ctx.contract.tables;
    if (mode === 'evolve') return false;
    if (mode === 'freeze') throw new DataValidationError(`resource ${rc.hints.name}: schema contract 'freeze' on tables: table '${ctx.table.name}' is new and may not be created`);
    return true; // discard_row / discard_value: drop the table's rows
  }

  #childCtx(rc: ResourceCtx, parent: TableCtx, field: Field): TableCtx {
    const path = this.naming.joinPath(parent.path, field.path);
    const name = this.naming.makePath(path);
    let ctx = this.#tables.get(name);
    if (ctx) return ctx;
    if (parent.level >= MAX_LEVELS) {
      throw new DataValidationError(`resource ${rc.hints.name}: lists nested more than ${MAX_LEVELS} levels deep at ${shownPath(path)} — is the object cyclic (a list that holds one of its ancestors)?`);
    }
    let table = this.schema.tables[name];
    const isNew = !table || !table['x-normalizer']?.['seen-data'];
    if (!table) table = this.schema.tables[name] = { name, columns: {}, parent: parent.table.name };
    const rel = parent.rel ? this.naming.joinPath(parent.rel, field.path) : field.path;
    this.#applyColumnHints(rc, table, rc.nested?.get(rel), isNew ? 'evolve' : parent.contract.columns);
    ctx = this.#newCtx(name, path, rel, parent.level + 1, parent.maxNesting, table, isNew, parent.contract, parent.system, parent.rootKey || table.columns._dlt_root_id !== undefined);
    ctx.discarded = parent.discarded;
    if (isNew && !parent.discarded && parent.contract.tables !== 'evolve' && !parent.isNew) ctx.discarded = this.#checkNewTable(rc, ctx);
    this.#tables.set(name, ctx);
    return ctx;
  }

  /** The slot of column `col` in a table. */
  #slot(ctx: TableCtx, col: string): Slot {
    let s = ctx.slots.get(col);
    if (s === undefined) {
      // Position and type from the typed column list, so the two always agree (see #retype).
      const idx = ctx.typed.findIndex((c) => c.name === col);
      s = { col, type: idx < 0 ? undefined : ctx.typed[idx]!.data_type, idx, stamp: 0, naive: idx >= 0 && isNaive(ctx.typed[idx]!) };
      ctx.slots.set(col, s);
    }
    return s;
  }

  /**
   * The field for `key` under the path `prefix` in a table (column name normalized once). A nested
   * column is named from the whole unshortened path, `shorten(prefix__key)` (dlt `shorten_fragments`).
   */
  #newField(rc: ResourceCtx, ctx: TableCtx, node: FieldNode, prefix: string, key: string): Field {
    const base = pyStrip(key) ? key : '_empty';
    let frag: string;
    try {
      frag = this.naming.normalizePath(base);
    } catch {
      throw new DataValidationError(
        `resource ${rc.hints.name}: table ${ctx.name}: key ${JSON.stringify(key)}${prefix ? ` under '${prefix}'` : ''} normalizes to an empty column name (it is nothing but '__' separators); rename the key`,
      );
    }
    const path = prefix ? this.naming.joinPath(prefix, frag) : frag;
    const f: Field = { slot: this.#slot(ctx, prefix ? this.naming.makePath(path) : frag), path };
    node.set(key, f);
    return f;
  }

  /** Re-reads the typed column list after columns were added; moves the row being built to the new positions. */
  #retype(ctx: TableCtx): void {
    const old = ctx.typed;
    const oldVals = ctx.vals;
    const typed = typedColumns(ctx.table);
    const vals = new Array<unknown>(typed.length).fill(undefined);
    const index = new Map(typed.map((c, i) => [c.name, i]));
    for (let i = 0; i < old.length; i++) vals[index.get(old[i]!.name)!] = oldVals[i];
    for (const s of ctx.slots.values()) {
      s.idx = index.get(s.col) ?? -1;
      s.type = s.idx < 0 ? undefined : typed[s.idx]!.data_type;
      s.naive = s.idx >= 0 && isNaive(typed[s.idx]!);
    }
    ctx.typed = typed;
    ctx.vals = vals;
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
    const lists = (this.#listsAt[depth] ??= { items: [], n: 0 });
    lists.n = 0;
    const slow = this.#slow;
    if (slow.length) slow.length = 0;
    const serial = ++this.#serial;
    this.#flatten(rc, ctx, obj, ctx.fields, '', depth, lists, 0, slow, serial);

    // A row that brings its own `_dlt_id` keeps it (dlt); its child rows' ids derive from it.
    let id = this.#ownRowId(rc, ctx, slow, serial);
    if (parentId === undefined) {
      const key = ctx.rowKey;
      // An scd2 row's id hashes the row as it goes into the table: made below, once the slow path has set its values.
      if (!ctx.rowHash && !ctx.versionKey) id ??= key !== undefined ? hash128(key.map((k) => keyText(this.#rawValue(ctx, slow, k))).join('|')) : randomRowId();
    } else {
      id ??= childRowId(parentSeed!, ctx.seed, listIdx);
    }
    if (slow.length) {
      // Source keys named like the system columns this row gets are overwritten below, as dlt does (a row's own `_dlt_id` was taken above).
      const own = parentId === undefined ? ROOT_SYSTEM : ctx.rootKey ? MERGE_CHILD_SYSTEM : CHILD_SYSTEM;
      for (let i = slow.length - 2; i >= 0; i -= 2) if (own.has((slow[i] as Slot).col)) slow.splice(i, 2);
      if (slow.length && !this.#applySchemaSlow(rc, ctx, slow)) return this.#clearRow(ctx);
    }
    if (ctx.required !== undefined) this.#checkRequired(rc, ctx, slow);
    // The version key hashes the values as stored (after coercion: a version 1 and '1' in a bigint column are one).
    id ??= ctx.versionKey !== undefined ? hash128(ctx.versionKey.map((k) => keyText(this.#storedValue(ctx, k))).join('|')) : rowHash(ctx.typed, ctx.vals);
    if (parentId === undefined) rootId = id;
    let sys = ctx.sys;
    if (sys === undefined) {
      // First row of the table in this run: the `_dlt_*` columns go through the schema once.
      const s = (col: string) => this.#slot(ctx, col);
      sys = { loadId: s('_dlt_load_id'), id: s('_dlt_id'), parentId: s('_dlt_parent_id'), listIdx: s('_dlt_list_idx'), rootId: s('_dlt_root_id') };
      slow.length = 0;
      if (parentId === undefined) slow.push(sys.loadId, this.loadId, sys.id, id);
      else {
        slow.push(sys.parentId, parentId, sys.listIdx, listIdx, sys.id, id);
        if (ctx.rootKey) slow.push(sys.rootId, rootId);
      }
      if (!this.#applySchemaSlow(rc, ctx, slow)) return this.#clearRow(ctx);
      ctx.sys = sys;
      if (!ctx.table['x-normalizer']?.['seen-data']) ctx.table['x-normalizer'] = { ...ctx.table['x-normalizer'], 'seen-data': true };
    } else {
      const vals = ctx.vals;
      if (parentId === undefined) {
        vals[sys.loadId.idx] = this.loadId;
        vals[sys.id.idx] = id;
      } else {
        vals[sys.parentId.idx] = parentId;
        vals[sys.listIdx.idx] = listIdx;
        vals[sys.id.idx] = id;
        if (ctx.rootKey) vals[sys.rootId.idx] = rootId;
      }
    }
    this.sink.addRow(ctx.name, ctx.vals, ctx.typed);
    this.#clearRow(ctx);
    ctx.rowCount++;

    const n = lists.n;
    if (n === 0) return;
    const items = lists.items;
    const seed = seedOf(id);
    for (let li = 0; li < n; li += 2) {
      const f = items[li] as Field;
      const list = items[li + 1] as unknown[];
      // An empty list has no rows, so no table yet (dlt creates tables from rows).
      if (list.length === 0) continue;
      const child = (f.child ??= this.#childCtx(rc, ctx, f));
      for (let i = 0; i < list.length; i++) {
        const v = list[i];
        // A list in a list becomes a row `{ list: v }` one nesting level further down (as dlt counts it).
        if (Array.isArray(v)) this.#normalizeRow(rc, child, { list: v }, id, seed, i, depth + 2, rootId);
        else this.#normalizeRow(rc, child, (isPlainObject(v) ? v : { value: v }) as DataItem, id, seed, i, depth + 1, rootId);
      }
    }
    for (let i = 0; i < n; i++) items[i] = undefined; // holds no record past its row
  }

  /**
   * Raises when a `nullable: false` column (a primary key...) has no value in the row being built: null,
   * missing, or a value that went to a variant column because it does not fit the column's type. dlt
   * raises during normalize too (`CannotCoerceNullException`); the destination's NOT NULL would fail the
   * whole table job at load.
   */
  #checkRequired(rc: ResourceCtx, ctx: TableCtx, slow: unknown[]): void {
    const vals = ctx.vals;
    for (const s of ctx.required!) {
      if (s.idx >= 0 && vals[s.idx] !== undefined && vals[s.idx] !== null) continue;
      const c = ctx.table.columns[s.col];
      const what = c?.primary_key ? 'primary key column' : c?.merge_key ? 'merge key column' : c?.['x-row-version'] ? 'row version column' : 'column';
      let raw: unknown;
      for (let i = 0; i < slow.length; i += 2) if (slow[i] === s) raw = slow[i + 1];
      const why =
        raw === undefined || raw === null
          ? 'is null or missing in a row'
          : c?.data_type === undefined
            ? `got ${describeValue(raw)}, which the table's schema contract left out (the column is new and columns are not evolved)`
            : `got ${describeValue(raw)}, which is not a ${c.data_type} (it would go to a variant column and leave ${s.col} null)`;
      const need = c?.['x-row-version'] ? 'scd2 compares versions by its value' : 'columns with nullable: false need a value';
      throw new DataValidationError(`resource ${rc.hints.name}: table ${ctx.name}: ${what} ${s.col} ${why} (${need})`);
    }
  }

  #clearRow(ctx: TableCtx): void {
    const vals = ctx.vals;
    for (let i = 0; i < vals.length; i++) vals[i] = undefined;
  }

  /**
   * The row's own `_dlt_id` from the source, as text; undefined when it has none or an empty one (dlt
   * replaces a falsy id). Only a source key sets the slot's stamp before the row id is made.
   */
  #ownRowId(rc: ResourceCtx, ctx: TableCtx, slow: unknown[], serial: number): string | undefined {
    const s = ctx.sys?.id ?? ctx.slots.get('_dlt_id');
    if (s === undefined || s.stamp !== serial) return undefined;
    const v = this.#rawValue(ctx, slow, '_dlt_id');
    if (v === null || v === undefined || v === '' || v === 0 || v === 0n) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    throw new DataValidationError(`resource ${rc.hints.name}: ${ctx.name}._dlt_id: a row's own _dlt_id must be text or a number; got ${describeValue(v)}`);
  }

  /** The value of column `col` in the row as it goes into the table. */
  #storedValue(ctx: TableCtx, col: string): unknown {
    const slot = ctx.slots.get(col);
    return slot === undefined || slot.idx < 0 ? undefined : ctx.vals[slot.idx];
  }

  /** A flattened value of column `col` as it came from the source, whether set or queued for the slow path. */
  #rawValue(ctx: TableCtx, slow: unknown[], col: string): unknown {
    const s = ctx.slots.get(col);
    if (s === undefined) return undefined;
    for (let i = 0; i < slow.length; i += 2) if (slow[i] === s) return slow[i + 1];
    return s.idx < 0 ? undefined : ctx.vals[s.idx];
  }

  /**
   * Puts `obj`'s values into the table's row under their columns, nested objects flattened, lists
   * collected into `lists` as (field, list) pairs. Values that fit their column's known type go straight
   * in; the others are queued in `slow` as (slot, value) pairs for {@link #applySchemaSlow}.
   */
  #flatten(rc: ResourceCtx, ctx: TableCtx, obj: DataItem, node: FieldNode, prefix: string, depth: number, lists: Pairs, level: number, slow: unknown[], serial: number): void {
    if (level > MAX_LEVELS) throw new DataValidationError(`resource ${rc.hints.name}: objects nested more than ${MAX_LEVELS} levels deep at ${shownPath(prefix)} in table ${ctx.name} — is the object cyclic (an object that holds one of its ancestors)?`);
    const vals = ctx.vals;
    for (const key in obj) {
      const v = obj[key];
      if (v === undefined) continue;
      const f = node.get(key) ?? this.#newField(rc, ctx, node, prefix, key);
      const s = f.slot;
      if (v !== null && typeof v === 'object') {
        if (Array.isArray(v)) {
          if (s.type !== 'json' && depth < ctx.maxNesting) {
            lists.items[lists.n++] = f;
            lists.items[lists.n++] = v;
            continue;
          }
        } else if (isPlainObject(v)) {
          if (s.type !== 'json' && depth < ctx.maxNesting) {
            this.#flatten(rc, ctx, v, (f.sub ??= new Map()), f.path, depth + 1, lists, level + 1, slow, serial);
            continue;
          }
        } else checkOpaque(rc, ctx, f, v);
      } else if (typeof v === 'function' || typeof v === 'symbol') {
        throw new DataValidationError(`resource ${rc.hints.name}: ${ctx.name}.${s.col}: a ${typeof v} is not JSON-representable; leave it out of the record`);
      } else if (v !== null && s.idx < 0 && depth < ctx.maxNesting && this.#hasChildTable(ctx, f)) {
        // A scalar where the schema has the key's child table goes there as a one-item list (dlt), not to a new column.
        lists.items[lists.n++] = f;
        lists.items[lists.n++] = [v];
        continue;
      }
      if (s.stamp === serial) this.#collision(ctx, s, slow);
      s.stamp = serial;
      if (s.idx >= 0 && (v === null || fits(s.type!, v))) {
        vals[s.idx] = s.naive ? naiveValue(v) : v;
      } else if (s.type === 'timestamp' && typeof v === 'string' && isIsoTimestamp(v)) {
        vals[s.idx] = s.naive ? utcInstantText(v) : utcTimestampText(v);
      } else if (v !== null) {
        if (s.idx >= 0) vals[s.idx] = undefined;
        slow.push(s, v);
      }
    }
  }

  /** Whether the schema has the child table that a list under field `f` of table `ctx` goes to. */
  #hasChildTable(ctx: TableCtx, f: Field): boolean {
    if (f.child !== undefined) return true;
    const t = this.schema.tables[this.naming.makePath(this.naming.joinPath(ctx.path, f.path))];
    return t !== undefined && t.parent === ctx.name;
  }

  /** A second key of this row maps to the slot's column: the later value wins (as dlt), so drop a queued earlier one. */
  #collision(ctx: TableCtx, slot: Slot, slow: unknown[]): void {
    for (let i = slow.length - 2; i >= 0; i -= 2) if (slow[i] === slot) slow.splice(i, 2);
    const col = slot.col;
    if (this.#warned.has(ctx.name + '.' + col)) return;
    this.#warned.add(ctx.name + '.' + col);
    log.warn(`table ${ctx.name}: two keys normalize to column '${col}'; the later value wins (dlt behaviour). Rename one of the source keys to keep both.`);
  }

  /**
   * Types the queued (slot, value) pairs against the table's columns: new columns are added (contract
   * permitting), values are coerced into existing columns or moved to variant columns, and the results
   * go into the row. Returns false to drop the row.
   */
  #applySchemaSlow(rc: ResourceCtx, ctx: TableCtx, slow: unknown[]): boolean {
    const columns = ctx.table.columns;
    let added = false;
    const out: unknown[] = []; // (slot, value) pairs to set once the column list is final
    // Columns this row added, with what they replaced: a dropped row changes no schema (dlt).
    const undo: [string, ColumnSchema | undefined][] = [];
    const drop = (): false => {
      for (let i = undo.length - 1; i >= 0; i--) {
        const [name, prev] = undo[i]!;
        if (prev === undefined) delete columns[name];
        else columns[name] = prev;
      }
      return false;
    };
    for (let i = 0; i < slow.length; i += 2) {
      const s = slow[i] as Slot;
      const v = slow[i + 1];
      const col = s.col;
      const c = columns[col];
      const t = c?.data_type;
      if (t !== undefined) {
        if (fits(t, v)) {
          out.push(s, v);
          continue;
        }
        const coerced = COERCE[t](v);
        if (coerced !== NO) {
          out.push(s, coerced);
          continue;
        }
        // variant column: named for the value's own type, typed by detection (dlt)
        const own = valueType(v)!;
        const vt = inferType(v)!;
        s.variants ??= new Map();
        let vname = s.variants.get(own);
        if (vname === undefined) s.variants.set(own, (vname = this.naming.makePath(col, variantSuffix(own))));
        const existing = columns[vname];
        if (!existing) {
          const mode = ctx.contract.data_type;
          if (mode === 'freeze') throw new DataValidationError(`resource ${rc.hints.name}: schema contract 'freeze' on data_type: column '${col}' of table '${ctx.table.name}' is ${t} but got ${describeValue(v)}; a variant column '${vname}' may not be created`);
          if (mode === 'discard_row') return drop();
          if (mode === 'discard_value') continue;
          undo.push([vname, undefined]);
          columns[vname] = { name: vname, data_type: vt, nullable: true, variant: true };
          added = true;
          out.push(this.#slot(ctx, vname), asInferred(vt, v));
        } else {
          const cv = fits(existing.data_type!, v) ? v : COERCE[existing.data_type!](v);
          if (cv === NO) throw new DataValidationError(`resource ${rc.hints.name}: table ${ctx.table.name}: ${describeValue(v)} for column '${col}' fits neither ${t} nor its variant '${vname}' (${existing.data_type}), as dlt raises; map the value in the resource, or load the key under another name`);
          out.push(this.#slot(ctx, vname), cv);
        }
        continue;
      }
      // new column, or a hint-only column without a type: both are new to the columns contract (dlt)
      const inferred: DataType = inferType(v)!;
      if (!ctx.isNew && !col.startsWith('_dlt')) {
        const mode = ctx.contract.columns;
        if (mode === 'freeze') throw new DataValidationError(`resource ${rc.hints.name}: schema contract 'freeze' on columns: table '${ctx.table.name}' has no column '${col}'${c ? ' (only hints, no type yet)' : ''} (got ${describeValue(v)})`);
        if (mode === 'discard_row') return drop();
        if (mode === 'discard_value') continue;
      }
      undo.push([col, c]);
      columns[col] = c ? { ...c, data_type: inferred } : newColumn(col, inferred);
      added = true;
      out.push(s, asInferred(inferred, v));
    }
    if (added) this.#retype(ctx);
    const vals = ctx.vals;
    for (let i = 0; i < out.length; i += 2) {
      const s = out[i] as Slot;
      vals[s.idx] = s.naive ? naiveValue(out[i + 1]) : out[i + 1];
    }
    return true;
  }
}

/** Objects or lists nested deeper than this are taken for a cycle (a value holding one of its ancestors). */
const MAX_LEVELS = 200;

/** The text of a primary-key value for the upsert row id: JSON, and a BigInt as its decimal digits (the same id as the equal number). */
function keyText(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v ?? null);
}

/**
 * Checks an object that is neither an array nor a plain object (Date, Uint8Array, Map, class
 * instances...) where it is found in a record: only such values pay for this.
 */
function checkOpaque(rc: ResourceCtx, ctx: TableCtx, f: Field, v: object): void {
  const reason = opaqueReason(v, false);
  if (reason) throw new DataValidationError(`resource ${rc.hints.name}: ${ctx.name}.${f.slot.col}: ${reason}`);
}

/** Whether a column is a `timestamp` with `timezone: false`. */
function isNaive(c: ColumnSchema): boolean {
  return c.timezone === false && c.data_type === 'timestamp';
}

/** A value of a `timezone: false` column: a timestamp text with an offset becomes its UTC instant. */
function naiveValue(v: unknown): unknown {
  return typeof v === 'string' ? utcInstantText(v) : v;
}

/** A value as it goes into a new column of the type inferred from it: unchanged, but a timestamp text in UTC. */
function asInferred(t: DataType, v: unknown): unknown {
  return t === 'timestamp' && typeof v === 'string' ? utcTimestampText(v) : v;
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

/** A path for an error message: its start and its end when it is long (a cyclic object's path repeats). */
function shownPath(path: string): string {
  return path.length > 120 ? `'${path.slice(0, 60)}…${path.slice(-40)}' (${path.length} characters)` : `'${path}'`;
}
