/**
 * Follow-up SQL for `merge` and staged `replace` (reference/dlt-model.md §8). Upsert reuses
 * delete-insert on the primary key: root `_dlt_id`s are key hashes, so children follow by `_dlt_root_id`;
 * that needs a unique primary key within one load, which {@link duplicateKeySql} lets the loader check.
 */
import { typedColumns, type Schema } from '../../schema/schema.js';
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

/** The key sets a merge matches rows on: the primary key for upsert; primary and merge keys for delete-insert. Empty: no merge (append). */
function keySetsOf(root: TableSchema, { pk, mk } = mergeKeys(root)): string[][] {
  const keySets = root['x-merge-strategy'] === 'upsert' ? [pk] : [pk, mk].filter((k) => k.length);
  return keySets.length && keySets[0]!.length ? keySets : [];
}

/** Whether a merge of `root` has keys to match on (without them it appends). */
export function hasMergeKeys(root: TableSchema): boolean {
  return keySetsOf(root).length > 0;
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
  const dedup = pk.length > 0 && root['x-merge-strategy'] !== 'upsert' && !root['x-stage-data-deduplicated'];
  const keep = notDeletedCond(c, root, 't');
  if (!dedup) return `SELECT ${cols} FROM ${stg} t${keep ? ` WHERE ${keep}` : ''}`;
  const sortCol = typedColumns(root).find((x) => x.dedup_sort);
  const order = sortCol ? `${d.quoteIdent(sortCol.name)} ${sortCol.dedup_sort === 'asc' ? 'ASC' : 'DESC'} NULLS LAST` : '(SELECT NULL)';
  const partition = pk.map((k) => d.quoteIdent(k)).join(', ');
  return `SELECT ${cols} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS _dlt_dedup_rn FROM ${stg}) t WHERE _dlt_dedup_rn = 1${keep ? ` AND ${keep}` : ''}`;
}

/**
 * For upsert: a query returning one primary key that occurs more than once among the staging root rows,
 * with its count in `_dlt_n` (no rows: the keys are unique). Undefined for other strategies.
 */
export function duplicateKeySql(c: MergeContext, root: TableSchema): { sql: string; keys: string[] } | undefined {
  const { pk } = mergeKeys(root);
  if (root['x-merge-strategy'] !== 'upsert' || !pk.length) return undefined;
  const keys = pk.map((k) => c.d.quoteIdent(k)).join(', ');
  return { sql: `SELECT ${keys}, COUNT(*) AS _dlt_n FROM ${q(c, c.staging, root.name)} GROUP BY ${keys} HAVING COUNT(*) > 1 LIMIT 1`, keys: pk };
}

/**
 * delete-insert (and upsert) for one root table chain. Without keys ({@link canMerge} only for a
 * `hard_delete` column) nothing is deleted and the rows not flagged are appended.
 */
export function mergeSql(c: MergeContext, schema: Schema, root: TableSchema, chainWithData: TableSchema[]): string[] {
  const { pk, mk } = mergeKeys(root);
  const keySets = keySetsOf(root, { pk, mk });
  const d = c.d;
  const final = q(c, c.dataset, root.name);
  const stg = q(c, c.staging, root.name);
  const out: string[] = [];
  const children = schema.tableChain(root.name).filter((t) => t.name !== root.name && typedColumns(t).length);
  if (keySets.length) {
    const cond = keySets.map((keys) => '(' + keys.map((k) => `d.${d.quoteIdent(k)} = s.${d.quoteIdent(k)}`).join(' AND ') + ')').join(' OR ');
    const matched = `SELECT d.${d.quoteIdent('_dlt_id')} FROM ${final} d WHERE EXISTS (SELECT 1 FROM ${stg} s WHERE ${cond})`;
    for (const ch of children) {
      out.push(`DELETE FROM ${q(c, c.dataset, ch.name)} WHERE ${d.quoteIdent('_dlt_root_id')} IN (${matched})`);
    }
    out.push(`DELETE FROM ${final} d WHERE EXISTS (SELECT 1 FROM ${stg} s WHERE ${cond})`);
  }
  out.push(`INSERT INTO ${final} (${colList(c, root)}) ${rootRowsSql(c, root, pk)}`);
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
