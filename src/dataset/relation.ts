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

/** The columns that order a table's rows stably ({@link stableKey}); a promise while its schema is still being read. */
export type KeyColumns = () => readonly string[] | Promise<readonly string[]>;

export class Relation {
  constructor(
    private readonly client: () => Promise<DestinationClient>,
    readonly qualifiedName: string,
    private readonly parts: { select?: string[]; where: string[]; order: { column: string; dir: 'ASC' | 'DESC' }[]; limit?: number; offset?: number; columns: string[] } = {
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
  orderBy(column: string, direction: 'asc' | 'desc' = 'asc'): Relation {
    const dir = String(direction).toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') throw new SluiceError(`orderBy('${column}'): direction must be 'asc' or 'desc', got '${String(direction)}'`);
    return this.#with({ order: [...this.parts.order, { column, dir: dir === 'asc' ? 'ASC' : 'DESC' }] }, [column]);
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
    const key = this.parts.limit === undefined ? [] : this.key();
    return this.#sql(Array.isArray(key) ? key : []);
  }
  /** The SELECT, ordered by the `orderBy` columns, then by those of `key` not among them. */
  #sql(key: readonly string[]): string {
    const p = this.parts;
    const sorted = new Set(p.order.map((o) => o.column));
    const order = [...p.order.map((o) => `${ident(o.column)} ${o.dir}`), ...key.filter((k) => !sorted.has(k)).map((k) => `${ident(k)} ASC`)];
    let sql = `SELECT ${p.select?.length ? p.select.map(ident).join(', ') : '*'} FROM ${this.qualifiedName}`;
    if (p.where.length) sql += ` WHERE ${p.where.join(' AND ')}`;
    if (order.length) sql += ` ORDER BY ${order.join(', ')}`;
    if (p.limit !== undefined) sql += ` LIMIT ${p.limit}`;
    if (p.offset) sql += ` OFFSET ${p.offset}`;
    return sql;
  }
  async rows(): Promise<Record<string, unknown>[]> {
    return this.#run(this.#sql(this.parts.limit === undefined ? [] : await this.key()));
  }
  /** Rows of this relation: `limit`/`offset` count too (`SELECT count(*)` over the relation's query). */
  async count(): Promise<number> {
    const p = this.parts;
    const sql =
      p.limit === undefined && !p.offset
        ? `SELECT count(*) AS n FROM ${this.qualifiedName}${p.where.length ? ` WHERE ${p.where.join(' AND ')}` : ''}`
        : `SELECT count(*) AS n FROM (${this.#sql([])}) AS r`;
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
