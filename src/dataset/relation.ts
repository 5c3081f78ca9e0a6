/** A lazily built query over one table: `.select() .where() .orderBy() .limit()` then `.rows()` / `.count()`. */
import type { DestinationClient } from '../destinations/destination.js';

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'in' | 'is null' | 'is not null';

const ident = (n: string) => '"' + n.replace(/"/g, '""') + '"';
function lit(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  return "'" + String(v).replace(/'/g, "''") + "'";
}

export class Relation {
  constructor(
    private readonly client: () => Promise<DestinationClient>,
    readonly qualifiedName: string,
    private readonly parts: { select?: string[]; where: string[]; order: string[]; limit?: number; offset?: number } = { where: [], order: [] },
    /** Turns a failed query's error into the one to throw (the dataset names an unknown table). */
    private readonly explain: (e: unknown) => unknown | Promise<unknown> = (e) => e,
  ) {}

  #with(p: Partial<Relation['parts']>): Relation {
    return new Relation(this.client, this.qualifiedName, { ...this.parts, ...p }, this.explain);
  }
  select(...columns: string[]): Relation {
    return this.#with({ select: columns });
  }
  where(column: string, op: Op, value?: unknown): Relation {
    const o = op.toLowerCase();
    const cond =
      o === 'is null' || o === 'is not null'
        ? `${ident(column)} ${o.toUpperCase()}`
        : o === 'in'
          ? `${ident(column)} IN (${(value as unknown[]).map(lit).join(', ')})`
          : `${ident(column)} ${o.toUpperCase()} ${lit(value)}`;
    return this.#with({ where: [...this.parts.where, cond] });
  }
  orderBy(column: string, direction: 'asc' | 'desc' = 'asc'): Relation {
    return this.#with({ order: [...this.parts.order, `${ident(column)} ${direction === 'desc' ? 'DESC' : 'ASC'}`] });
  }
  limit(n: number, offset?: number): Relation {
    return this.#with({ limit: n, offset });
  }
  /** The SQL this relation runs. */
  toSql(): string {
    const p = this.parts;
    let sql = `SELECT ${p.select?.length ? p.select.map(ident).join(', ') : '*'} FROM ${this.qualifiedName}`;
    if (p.where.length) sql += ` WHERE ${p.where.join(' AND ')}`;
    if (p.order.length) sql += ` ORDER BY ${p.order.join(', ')}`;
    if (p.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(p.limit))}`;
    if (p.offset) sql += ` OFFSET ${Math.max(0, Math.floor(p.offset))}`;
    return sql;
  }
  async rows(): Promise<Record<string, unknown>[]> {
    return this.#run(this.toSql());
  }
  /** Rows of this relation: `limit`/`offset` count too (`SELECT count(*)` over the relation's query). */
  async count(): Promise<number> {
    const p = this.parts;
    const sql =
      p.limit === undefined && !p.offset
        ? `SELECT count(*) AS n FROM ${this.qualifiedName}${p.where.length ? ` WHERE ${p.where.join(' AND ')}` : ''}`
        : `SELECT count(*) AS n FROM (${this.toSql()}) AS r`;
    const r = await this.#run(sql);
    return Number(r[0]?.n ?? 0);
  }
  async #run(sql: string): Promise<Record<string, unknown>[]> {
    const c = await this.client();
    try {
      return await c.query(sql);
    } catch (e) {
      throw await this.explain(e);
    } finally {
      await c.close();
    }
  }
}
