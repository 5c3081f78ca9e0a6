/**
 * Follow-up SQL for `merge` and staged `replace` (reference/dlt-model.md §8). Upsert reuses
 * delete-insert on the primary key: root `_dlt_id`s are key hashes, so children follow by `_dlt_root_id`;
 * that needs a unique primary key within one load, which {@link duplicateKeySql} lets the loader check.
 * insert-only is the same without the delete, keeping only the staging rows whose key is new. scd2
 * ({@link scd2Sql}) retires and inserts record versions by their row hash.
 */
import { validityColumns } from '../../normalize/scd2.js';
import { typedColumns, type Schema } from '../../schema/schema.js';
import { utcTimestampText } from '../../schema/time-text.js';
import type { TableSchema } from '../../schema/types.js';
import type { SqlDialect } from './sql-client.js';

export interface MergeContext {
  d: SqlDialect;
  dataset: string;
  staging: string;
  loadId: string;
}

const q = (c: MergeContext, schema: string, t: string) => `${c.d.quoteIdent(schema)}.${c.d.quoteIdent(t)}`;

function colList(c: MergeContext, t: TableSchema): string {
  return typedColumns(t)
    .map((x) => c.d.quoteIdent(x.name))
    .join(', ');
}

/** Key columns of the root table: primary keys and merge keys. */
export function mergeKeys(root: TableSchema): { pk: string[]; mk: string[] } {
  const cols = typedColumns(root);
  return { pk: cols.filter((c) => c.primary_key).map((c) => c.name), mk: cols.filter((c) => c.merge_key).map((c) => c.name) };
}

/** Whether root rows of `root` have key-hash ids and need a unique primary key within one load. */
function keyedStrategy(root: TableSchema): boolean {
  const s = root['x-merge-strategy'];
  return s === 'upsert' || s === 'insert-only';
}

/**
 * The key sets a merge matches rows on: the primary key for upsert and insert-only; primary and merge
 * keys for delete-insert. Empty: no merge (append). scd2 matches on the row hash, so it always merges.
 */
function keySetsOf(root: TableSchema, { pk, mk } = mergeKeys(root)): string[][] {
  const keySets = keyedStrategy(root) ? [pk] : [pk, mk].filter((k) => k.length);
  return keySets.length && keySets[0]!.length ? keySets : [];
}

/** Whether a merge of `root` has keys to match on (without them it appends). */
export function hasMergeKeys(root: TableSchema): boolean {
  return root['x-merge-strategy'] === 'scd2' || keySetsOf(root).length > 0;
}

/**
 * Whether a merge of `root` goes through staging and follow-up SQL: with keys to match on, or without
 * them (an append) when a `hard_delete` column must keep flagged rows out, as in dlt.
 */
export function canMerge(root: TableSchema): boolean {
  return hasMergeKeys(root) || typedColumns(root).some((c) => c.hard_delete);
}

/**
 * The condition, on rows aliased `alias`, that a staging row is NOT a delete (dlt's `hard_delete` hint):
 * on a bool column only `true` deletes, on any other type any non-NULL value does. Undefined: no
 * hard_delete column with data.
 */
function notDeletedCond(c: MergeContext, root: TableSchema, alias: string): string | undefined {
  const col = typedColumns(root).find((x) => x.hard_delete);
  if (!col) return undefined;
  const ref = `${alias}.${c.d.quoteIdent(col.name)}`;
  return col.data_type === 'bool' ? `(${ref} IS NULL OR ${ref} = FALSE)` : `${ref} IS NULL`;
}

/**
 * The SELECT of the staging root rows to insert. delete-insert with a primary key keeps one row per key:
 * the first in `dedup_sort` order (`desc`: the highest value; NULLs last on every destination), or an
 * undefined one without `dedup_sort` (as in dlt). No dedup for upsert (its keys are checked unique),
 * for a merge key alone (dlt deduplicates on the primary key only) and for `deduplicated: true`.
 * Staging rows flagged `hard_delete` are left out (after the dedup, so a delete as the surviving version wins).
 */
function rootRowsSql(c: MergeContext, root: TableSchema, pk: string[]): string {
  const d = c.d;
  const stg = q(c, c.staging, root.name);
  const cols = colList(c, root);
  const dedup = pk.length > 0 && !keyedStrategy(root) && !root['x-stage-data-deduplicated'];
  const keep = notDeletedCond(c, root, 't');
  if (!dedup) return `SELECT ${cols} FROM ${stg} t${keep ? ` WHERE ${keep}` : ''}`;
  const sortCol = typedColumns(root).find((x) => x.dedup_sort);
  const order = sortCol ? `${d.quoteIdent(sortCol.name)} ${sortCol.dedup_sort === 'asc' ? 'ASC' : 'DESC'} NULLS LAST` : '(SELECT NULL)';
  const partition = pk.map((k) => d.quoteIdent(k)).join(', ');
  return `SELECT ${cols} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS _dlt_dedup_rn FROM ${stg}) t WHERE _dlt_dedup_rn = 1${keep ? ` AND ${keep}` : ''}`;
}

/**
 * For upsert and insert-only: a query returning one primary key that occurs more than once among the
 * staging root rows, with its count in `_dlt_n` (no rows: the keys are unique). Undefined for other strategies.
 */
export function duplicateKeySql(c: MergeContext, root: TableSchema): { sql: string; keys: string[] } | undefined {
  const { pk } = mergeKeys(root);
  if (!keyedStrategy(root) || !pk.length) return undefined;
  const keys = pk.map((k) => c.d.quoteIdent(k)).join(', ');
  return { sql: `SELECT ${keys}, COUNT(*) AS _dlt_n FROM ${q(c, c.staging, root.name)} GROUP BY ${keys} HAVING COUNT(*) > 1 LIMIT 1`, keys: pk };
}

/**
 * delete-insert, upsert and insert-only for one root table chain (scd2: {@link scd2Sql}). Without keys
 * ({@link canMerge} only for a `hard_delete` column) nothing is deleted and the rows not flagged are
 * appended. insert-only deletes nothing and inserts the staging rows whose primary key the table lacks.
 */
export function mergeSql(c: MergeContext, schema: Schema, root: TableSchema, chainWithData: TableSchema[]): string[] {
  if (root['x-merge-strategy'] === 'scd2') return scd2Sql(c, schema, root, chainWithData);
  const { pk, mk } = mergeKeys(root);
  const insertOnly = root['x-merge-strategy'] === 'insert-only';
  const keySets = keySetsOf(root, { pk, mk });
  const d = c.d;
  const final = q(c, c.dataset, root.name);
  const stg = q(c, c.staging, root.name);
  const out: string[] = [];
  const children = schema.tableChain(root.name).filter((t) => t.name !== root.name && typedColumns(t).length);
  if (keySets.length && !insertOnly) {
    const cond = keySets.map((keys) => '(' + keys.map((k) => `d.${d.quoteIdent(k)} = s.${d.quoteIdent(k)}`).join(' AND ') + ')').join(' OR ');
    const matched = `SELECT d.${d.quoteIdent('_dlt_id')} FROM ${final} d WHERE EXISTS (SELECT 1 FROM ${stg} s WHERE ${cond})`;
    for (const ch of children) {
      out.push(`DELETE FROM ${q(c, c.dataset, ch.name)} WHERE ${d.quoteIdent('_dlt_root_id')} IN (${matched})`);
    }
    out.push(`DELETE FROM ${final} d WHERE EXISTS (SELECT 1 FROM ${stg} s WHERE ${cond})`);
  }
  let rows = rootRowsSql(c, root, pk);
  if (insertOnly) {
    const same = pk.map((k) => `d.${d.quoteIdent(k)} = n.${d.quoteIdent(k)}`).join(' AND ');
    rows = `SELECT * FROM (${rows}) n WHERE NOT EXISTS (SELECT 1 FROM ${final} d WHERE ${same})`;
  }
  out.push(`INSERT INTO ${final} (${colList(c, root)}) ${rows}`);
  // Children follow the root rows this load inserted: not those of dropped duplicates or of deletes.
  const withData = new Set(chainWithData.map((t) => t.name));
  for (const ch of children) {
    if (!withData.has(ch.name)) continue;
    const cc = colList(c, ch);
    out.push(
      `INSERT INTO ${q(c, c.dataset, ch.name)} (${cc}) SELECT ${cc} FROM ${q(c, c.staging, ch.name)} WHERE ${d.quoteIdent('_dlt_root_id')} IN (SELECT ${d.quoteIdent('_dlt_id')} FROM ${final} WHERE ${d.quoteIdent('_dlt_load_id')} = ${d.literal(c.loadId)})`,
    );
  }
  return out;
}

/** A timestamp literal of the destination for ISO text; a date or a timestamp without a zone is UTC. */
function timestampLiteral(c: MergeContext, iso: string): string {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : utcTimestampText(iso);
  return `CAST(${c.d.literal(text)} AS ${c.d.types.timestamp})`;
}

/** The scd2 boundary: the resource's `boundary_timestamp`, else the load package's creation time (its load id: unix seconds with microseconds). */
export function scd2BoundaryText(root: TableSchema, loadId: string): string {
  const given = root['x-boundary-timestamp'];
  if (given) return given;
  const [sec, micros = ''] = loadId.split('.');
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}.${micros.padEnd(6, '0').slice(0, 6)}Z`;
}

/**
 * scd2 for one root table chain, as dlt: active root rows (`to` NULL, or the active record timestamp)
 * whose row hash is not in staging are retired (`to` = the boundary) — with a merge key, only those
 * whose key is in staging (an incremental load retires nothing else); staging rows whose hash is not
 * active are inserted from the boundary on; child rows are inserted when their row id is new.
 */
function scd2Sql(c: MergeContext, schema: Schema, root: TableSchema, chainWithData: TableSchema[]): string[] {
  const d = c.d;
  const id = d.quoteIdent('_dlt_id');
  const final = q(c, c.dataset, root.name);
  const stg = q(c, c.staging, root.name);
  const v = validityColumns(root);
  const [from, to] = [d.quoteIdent(v.from), d.quoteIdent(v.to)];
  const boundary = timestampLiteral(c, scd2BoundaryText(root, c.loadId));
  const activeValue = v.active === undefined ? 'NULL' : timestampLiteral(c, v.active);
  const isActive = v.active === undefined ? `${to} IS NULL` : `${to} = ${activeValue}`;
  const { mk } = mergeKeys(root);
  const mkCols = mk.map((k) => d.quoteIdent(k)).join(', ');
  const inStaging = mk.length ? ` AND (${mkCols}) IN (SELECT ${mkCols} FROM ${stg})` : '';
  const out = [`UPDATE ${final} SET ${to} = ${boundary} WHERE ${isActive} AND ${id} NOT IN (SELECT ${id} FROM ${stg})${inStaging}`];
  const data = typedColumns(root).filter((x) => x.name !== v.from && x.name !== v.to).map((x) => d.quoteIdent(x.name)).join(', ');
  out.push(`INSERT INTO ${final} (${data}, ${from}, ${to}) ${onePerId(c, stg, `${data}, ${boundary}, ${activeValue}`, `${id} NOT IN (SELECT ${id} FROM ${final} WHERE ${isActive})`)}`);
  const withData = new Set(chainWithData.map((t) => t.name));
  for (const ch of schema.tableChain(root.name)) {
    if (ch.name === root.name || !withData.has(ch.name)) continue;
    const cc = colList(c, ch);
    const chFinal = q(c, c.dataset, ch.name);
    out.push(`INSERT INTO ${chFinal} (${cc}) ${onePerId(c, q(c, c.staging, ch.name), cc, `${id} NOT IN (SELECT ${id} FROM ${chFinal})`)}`);
  }
  return out;
}

/**
 * `SELECT select FROM table WHERE where` with one row per `_dlt_id`: a record that comes twice in one
 * scd2 load is one version (and its children the same rows), inserted once.
 */
function onePerId(c: MergeContext, table: string, select: string, where: string): string {
  const id = c.d.quoteIdent('_dlt_id');
  return `SELECT ${select} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${id} ORDER BY (SELECT NULL)) AS _dlt_dedup_rn FROM ${table}) t WHERE _dlt_dedup_rn = 1 AND ${where}`;
}

/** insert-from-staging replace: empty every final table of the chain, then copy staging in. */
export function replaceFromStagingSql(c: MergeContext, chain: TableSchema[], withData: ReadonlySet<string>): string[] {
  const out = chain.map((t) => `DELETE FROM ${q(c, c.dataset, t.name)}`);
  for (const t of chain) {
    if (!withData.has(t.name)) continue;
    const cols = colList(c, t);
    out.push(`INSERT INTO ${q(c, c.dataset, t.name)} (${cols}) SELECT ${cols} FROM ${q(c, c.staging, t.name)}`);
  }
  return out;
}
