/** A lazily built query over one table: `.select() .where() .orderBy() .limit()` then `.rows()` / `.count()`. */
import { SluiceError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { DestinationClient } from '../destinations/destination.js';

/** The `where` operators and their SQL; dlt's names (`eq`, `ne`, `lt`, `lte`, `gt`, `gte`, `not_in`) included. */
const OPERATORS = {
  '=': '=',
  eq: '=',
  '!=': '<>',
  '<>': '<>',
  ne: '<>',
  '<': '<',
  lt: '<',
  '<=': '<=',
  lte: '<=',
  '>': '>',
  gt: '>',
  '>=': '>=',
  gte: '>=',
  like: 'LIKE',
  in: 'IN',
  'not in': 'NOT IN',
  not_in: 'NOT IN',
  'is null': 'IS NULL',
  'is not null': 'IS NOT NULL',
} as const;
export type WhereOperator = keyof typeof OPERATORS;
/** A value `where` compares with: a Date compares as its ISO instant. */
export type WhereValue = string | number | bigint | boolean | Date;

const ident = (n: string) => '"' + n.replace(/"/g, '""') + '"';

/** The kind of a value for error messages (never its text: it may be a secret). */
function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'an invalid Date';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return `a ${typeof v}`;
}

/** A value of a {@link Relation.seek} cursor: one per order column, compared with that column as a string literal. */
export type CursorValue = string | number | bigint | boolean | null;

/** One column of a relation's full order (see {@link Relation.order}). */
export interface OrderColumn {
  column: string;
  dir: 'ASC' | 'DESC';
  /** Where NULLs go when `orderBy` said so; else the destination's default. */
  nulls?: 'FIRST' | 'LAST';
}

/** The columns that order a table's rows stably ({@link stableKey}); a promise while its schema is still being read. */
export type KeyColumns = () => readonly string[] | Promise<readonly string[]>;

export class Relation {
  constructor(
    private readonly client: () => Promise<DestinationClient>,
    readonly qualifiedName: string,
    private readonly parts: {
      select?: string[];
      where: string[];
      order: OrderColumn[];
      limit?: number;
      offset?: number;
      columns: string[];
      seek?: { side: 'after' | 'before'; cursor: readonly CursorValue[]; notNull: readonly string[] };
    } = {
      where: [],
      order: [],
      columns: [],
    },
    /** Turns a failed query's error into the one to throw (the dataset names an unknown table or column). */
    private readonly explain: (e: unknown, columns: readonly string[]) => unknown | Promise<unknown> = (e) => e,
    /** The table's stable key: `limit` pages are ordered by it (after the `orderBy` columns). Default: none. */
    private readonly key: KeyColumns = () => [],
  ) {}

  #with(p: Partial<Relation['parts']>, columns: readonly string[]): Relation {
    return new Relation(this.client, this.qualifiedName, { ...this.parts, ...p, columns: [...this.parts.columns, ...columns] }, this.explain, this.key);
  }
  /** Only these columns (default: all). */
  select(...columns: string[]): Relation {
    return this.#with({ select: columns }, columns);
  }
  /**
   * Adds a condition (several are joined with AND). `=`/`!=` with `null` are `IS NULL`/`IS NOT NULL`;
   * `in`/`not in` take an array (an empty `in` matches no row, an empty `not in` every row). An unknown
   * operator or a value that is no {@link WhereValue} fails here, naming the column and operator.
   */
  where(column: string, op: WhereOperator, value?: WhereValue | null | readonly WhereValue[]): Relation {
    const at = `where('${column}', '${String(op)}')`;
    const key = (typeof op === 'string' ? op.trim().toLowerCase().replace(/\s+/g, ' ') : op) as WhereOperator;
    const sql = Object.hasOwn(OPERATORS, key) ? OPERATORS[key] : undefined;
    if (!sql) throw new SluiceError(`${at}: unknown operator${didYouMean(String(op), Object.keys(OPERATORS))}; use one of ${Object.keys(OPERATORS).join(', ')}`);
    const col = ident(column);
    const lit = (v: unknown): string => {
      if (v === null || v === undefined) throw new SluiceError(`${at}: ${v === null ? "null matches no row here; use '=' null (IS NULL), '!=' null or 'is null'" : 'needs a value'}`);
      if (typeof v === 'string') return "'" + v.replace(/'/g, "''") + "'";
      if (typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v))) return String(v);
      if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
      if (v instanceof Date && !Number.isNaN(v.getTime())) return `'${v.toISOString()}'`;
      throw new SluiceError(`${at}: expected a string, finite number, bigint, boolean or Date, got ${kindOf(v)}`);
    };
    let cond: string;
    if (sql === 'IS NULL' || sql === 'IS NOT NULL') cond = `${col} ${sql}`;
    else if (value === null && (sql === '=' || sql === '<>')) cond = `${col} ${sql === '=' ? 'IS NULL' : 'IS NOT NULL'}`;
    else if (sql === 'IN' || sql === 'NOT IN') {
      if (!Array.isArray(value)) throw new SluiceError(`${at}: expected an array of values, got ${kindOf(value)}`);
      cond = value.length ? `${col} ${sql} (${value.map(lit).join(', ')})` : sql === 'IN' ? 'FALSE' : 'TRUE';
    } else if (sql === 'LIKE' && typeof value !== 'string') throw new SluiceError(`${at}: expected a pattern string, got ${kindOf(value)}`);
    else cond = `${col} ${sql} ${lit(value)}`;
    return this.#with({ where: [...this.parts.where, cond] }, [column]);
  }
  /**
   * Sorts by `column` (default `asc`); each call adds a sort key. With a `limit`, the table's stable key
   * breaks ties, so pages of a column with repeated values neither repeat nor skip rows.
   */
  orderBy(column: string, direction: 'asc' | 'desc' = 'asc', nulls?: 'first' | 'last'): Relation {
    const dir = String(direction).toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') throw new SluiceError(`orderBy('${column}'): direction must be 'asc' or 'desc', got '${String(direction)}'`);
    if (nulls !== undefined && nulls !== 'first' && nulls !== 'last') throw new SluiceError(`orderBy('${column}'): nulls must be 'first' or 'last', got '${String(nulls)}'`);
    const entry: OrderColumn = { column, dir: dir === 'asc' ? 'ASC' : 'DESC', ...(nulls ? { nulls: nulls === 'first' ? 'FIRST' : 'LAST' } : {}) };
    return this.#with({ order: [...this.parts.order, entry] }, [column]);
  }
  /**
   * The full order of this relation's limited pages: the `orderBy` columns, then those of the table's
   * stable key not among them (ascending; a key column is never NULL, except in the all-columns key of
   * a table without one).
   */
  async order(): Promise<OrderColumn[]> {
    return this.#order(await this.key());
  }
  /** The full order; the key's NULLs go last, as both DuckDB and PostgreSQL put them in ascending order (`keyNulls` false leaves that unsaid in the SQL). */
  #order(key: readonly string[], keyNulls = true): OrderColumn[] {
    const sorted = new Set(this.parts.order.map((o) => o.column));
    return [...this.parts.order, ...key.filter((k) => !sorted.has(k)).map((column): OrderColumn => ({ column, dir: 'ASC', ...(keyNulls ? { nulls: 'LAST' } : {}) }))];
  }
  /**
   * Keyset paging: only the rows after (or before) the row whose {@link order} columns hold `cursor`,
   * in the same order — with `limit(n)`, the page next to the one that row ends (or starts), found
   * without reading and skipping the rows in front as `OFFSET` does. Every order column needs its NULLs
   * placed (`orderBy(column, dir, 'last')`; the stable key's are last), and `cursor` one value per
   * column, exactly as stored: a value that lost precision on its way to JS (a timestamp cut to
   * milliseconds, a decimal as a double) would skip or repeat rows. `notNull` names order columns that
   * hold no NULL (NOT NULL ones: the primary key, `_dlt_id`): the condition then has no `OR … IS NULL`
   * for them, which lets PostgreSQL walk an index on them instead of reading the whole table.
   */
  seek(side: 'after' | 'before', cursor: readonly CursorValue[], notNull: readonly string[] = []): Relation {
    return this.#with({ seek: { side, cursor, notNull } }, []);
  }
  /**
   * At most `n` rows, after skipping `offset` (non-negative integers). The rows are ordered by the
   * `orderBy` columns and then by the table's stable key — its primary key, else `_dlt_id`, else all its
   * columns — so reading a table page by page (`limit(n, 0)`, `limit(n, n)`, …) returns every row once,
   * even when the destination's physical row order changes between the pages.
   */
  limit(n: number, offset?: number): Relation {
    for (const [name, v] of [['limit', n], ['offset', offset ?? 0]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new SluiceError(`limit(${n}${offset === undefined ? '' : `, ${offset}`}): ${name} must be a non-negative integer, got ${kindOf(v)}`);
    }
    return this.#with({ limit: n, offset }, []);
  }
  /**
   * The SQL this relation runs. (In a new working dir, before `rows()` has read the schema the
   * destination stores, a limited relation's stable key is not known yet and is left out here.)
   */
  toSql(): string {
    const key = this.parts.limit === undefined && !this.parts.seek ? [] : this.key();
    return this.#sql(Array.isArray(key) ? key : []);
  }
  /** The SELECT, ordered by the `orderBy` columns, then by those of `key` not among them (reversed when seeking the rows before a cursor). */
  #sql(key: readonly string[]): string {
    const p = this.parts;
    let columns = this.#order(key, p.seek !== undefined);
    const where = [...p.where];
    if (p.seek) {
      where.push(seekCondition(columns, p.seek.side, p.seek.cursor, new Set(p.seek.notNull)));
      if (p.seek.side === 'before') columns = columns.map(reversed);
    }
    const order = columns.map((o) => `${ident(o.column)} ${o.dir}${o.nulls ? ` NULLS ${o.nulls}` : ''}`);
    let sql = `SELECT ${p.select?.length ? p.select.map(ident).join(', ') : '*'} FROM ${this.qualifiedName}`;
    if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
    if (order.length) sql += ` ORDER BY ${order.join(', ')}`;
    if (p.limit !== undefined) sql += ` LIMIT ${p.limit}`;
    if (p.offset) sql += ` OFFSET ${p.offset}`;
    return sql;
  }
  async rows(): Promise<Record<string, unknown>[]> {
    const rows = await this.#run(this.#sql(this.parts.limit === undefined && !this.parts.seek ? [] : await this.key()));
    // The rows before a cursor are read nearest first; put them back in the relation's order.
    return this.parts.seek?.side === 'before' ? rows.reverse() : rows;
  }
  /** Rows of this relation: `limit`/`offset` count too (`SELECT count(*)` over the relation's query). */
  async count(): Promise<number> {
    const p = this.parts;
    const sql =
      p.limit === undefined && !p.offset && !p.seek
        ? `SELECT count(*) AS n FROM ${this.qualifiedName}${p.where.length ? ` WHERE ${p.where.join(' AND ')}` : ''}`
        : `SELECT count(*) AS n FROM (${this.#sql(p.seek ? await this.key() : [])}) AS r`;
    const r = await this.#run(sql);
    return Number(r[0]?.n ?? 0);
  }
  async #run(sql: string): Promise<Record<string, unknown>[]> {
    const c = await this.client();
    try {
      return await c.query(sql);
    } catch (e) {
      throw await this.explain(e, this.parts.columns);
    } finally {
      await c.close();
    }
  }
}

/** The same column in the opposite order (NULLs move to the other end too). */
function reversed(o: OrderColumn): OrderColumn {
  return { column: o.column, dir: o.dir === 'ASC' ? 'DESC' : 'ASC', ...(o.nulls ? { nulls: o.nulls === 'FIRST' ? 'LAST' : 'FIRST' } : {}) };
}

/** A cursor value as a string literal: the database casts it to the column's type, exactly (a double's shortest text reads back as that double). */
const cursorLiteral = (v: string | number | bigint | boolean) => "'" + String(v).replace(/'/g, "''") + "'";

/**
 * The condition for the rows strictly after (or before) the cursor in the order `columns`:
 * `c1 beyond v1 OR (c1 = v1 AND (c2 beyond v2 OR (…)))`, where "beyond" follows each column's direction
 * and puts NULLs where its order puts them.
 */
function seekCondition(columns: readonly OrderColumn[], side: 'after' | 'before', cursor: readonly CursorValue[], notNull: ReadonlySet<string>): string {
  if (cursor.length !== columns.length) throw new SluiceError(`seek: the cursor has ${cursor.length} value(s), the order has ${columns.length} column(s) (${columns.map((c) => c.column).join(', ')})`);
  const parts = columns.map((o, i) => {
    if (!o.nulls) throw new SluiceError(`seek: orderBy('${o.column}') places no NULLs; pass 'first' or 'last'`);
    const col = ident(o.column);
    const v = cursor[i]!;
    // Seen from the cursor, in the direction read: which way values grow, and whether NULLs lie ahead.
    const up = (o.dir === 'ASC') === (side === 'after');
    const nullsAhead = (o.nulls === 'LAST') === (side === 'after') && !notNull.has(o.column);
    if (v === null) return { beyond: nullsAhead ? 'FALSE' : `${col} IS NOT NULL`, same: `${col} IS NULL` };
    const lit = cursorLiteral(v);
    return { beyond: `(${col} ${up ? '>' : '<'} ${lit}${nullsAhead ? ` OR ${col} IS NULL` : ''})`, same: `${col} = ${lit}` };
  });
  let cond = parts[parts.length - 1]!.beyond;
  for (let i = parts.length - 2; i >= 0; i--) cond = `(${parts[i]!.beyond} OR (${parts[i]!.same} AND ${cond}))`;
  return cond;
}
