/** Query access to a pipeline's dataset: `p.dataset().table('users').limit(10).rows()`, `.query(sql)`, `.rowCounts()`, `.loads()`. */
import { errorMessage, SluiceError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { DestinationClient } from '../destinations/destination.js';
import type { Schema } from '../schema/schema.js';
import { Relation } from './relation.js';
import { stableKey } from './stable-key.js';

export class Dataset {
  constructor(
    readonly datasetName: string,
    private readonly openClient: () => Promise<DestinationClient>,
    private readonly schema: () => Schema | undefined,
    /** The schema stored in the destination, read when the pipeline has none (a new working dir). */
    private readonly storedSchema?: () => Promise<Schema | undefined>,
  ) {}

  #stored?: Promise<Schema | undefined>;
  /** The stored schema once read. */
  #storedRead?: Schema;
  /** The pipeline's schema, else the one the destination stores (read once). */
  async #currentSchema(): Promise<Schema | undefined> {
    return this.schema() ?? (this.#storedRead = await (this.#stored ??= this.storedSchema?.() ?? Promise.resolve(undefined)));
  }

  /** `name`'s stable key from the schema known now, else from the one the destination stores (read on first use). */
  #keyOf(name: string): readonly string[] | Promise<readonly string[]> {
    const known = this.schema() ?? this.#storedRead;
    if (known || !this.storedSchema) return stableKey(known?.tables[name]);
    return this.#currentSchema().then((s) => stableKey(s?.tables[name]), () => []);
  }

  #qualified(table: string): string {
    return `"${this.datasetName.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
  }

  /**
   * A relation over `name`. A query over a table the pipeline's schema does not know fails naming the
   * table and the dataset's tables, one over a column the table does not have naming the column and the
   * table's columns (`query(sql)` reads any table of the database). A limited relation is ordered by the
   * table's stable key after its `orderBy` columns (see {@link Relation.limit}).
   */
  table(name: string): Relation {
    const explain = async (e: unknown, columns: readonly string[]) => {
      const schema = await this.#currentSchema().catch(() => undefined);
      const cause = `(${errorMessage(e).split('\n')[0]})`;
      const table = schema?.tables[name];
      if (table) {
        const known = Object.values(table.columns).filter((c) => c.data_type).map((c) => c.name);
        const missing = columns.find((c) => !known.includes(c));
        if (missing === undefined) return e;
        return new SluiceError(`column ${missing} is not in table ${name}: its columns are ${known.join(', ')}${didYouMean(missing, known)} ${cause}`, { cause: e });
      }
      const known = dataTables(schema);
      return new SluiceError(
        `table ${name} is not in dataset ${this.datasetName}: ${known.length ? `its tables are ${known.join(', ')}${didYouMean(name, known)}` : 'the pipeline has loaded no table into it yet'} ${cause}`,
        { cause: e },
      );
    };
    return new Relation(this.openClient, this.#qualified(name), undefined, explain, () => this.#keyOf(name));
  }

  /** Data tables known to the pipeline's schema (root and child tables, not `_dlt_*`). */
  get tables(): string[] {
    return dataTables(this.schema());
  }

  /** Runs SQL; unqualified table names resolve to the dataset. */
  async query(sql: string): Promise<Record<string, unknown>[]> {
    const c = await this.openClient();
    try {
      return await c.query(sql);
    } finally {
      await c.close();
    }
  }

  /** Row count per data table (of the schema the destination stores, when the working dir has none yet). */
  async rowCounts(): Promise<Record<string, number>> {
    const tables = dataTables(await this.#currentSchema());
    if (!tables.length) return {};
    const rows = await this.query(tables.map((t) => `SELECT '${t}' AS table_name, count(*) AS row_count FROM ${this.#qualified(t)}`).join(' UNION ALL '));
    return Object.fromEntries(rows.map((r) => [String(r.table_name), Number(r.row_count)]));
  }

  /** Rows of `_dlt_loads`, newest first. */
  loads(): Promise<Record<string, unknown>[]> {
    return this.query(`SELECT * FROM ${this.#qualified('_dlt_loads')} ORDER BY load_id DESC`);
  }
}

/** The data tables of `schema` that have columns (a table with only null values so far has none and no table in the destination). */
function dataTables(schema: Schema | undefined): string[] {
  return schema?.dataTables.filter((t) => Object.values(t.columns).some((c) => c.data_type)).map((t) => t.name) ?? [];
}
