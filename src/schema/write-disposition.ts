/**
 * Checks of write-disposition hints (reference/dlt-model.md §8). A hint that cannot work is a
 * ConfigError before anything is loaded, as dlt raises for these; unchecked, each one loaded as a
 * silent append.
 */
import { ConfigError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { MergeStrategy, ReplaceStrategy, TableSchema } from './types.js';

const DISPOSITIONS = ['append', 'replace', 'merge'] as const;
const MERGE_STRATEGIES: readonly MergeStrategy[] = ['delete-insert', 'upsert', 'insert-only', 'scd2'];
/** The options of the `scd2` strategy (Scd2Options). */
const SCD2_OPTIONS = ['validity_column_names', 'active_record_timestamp', 'boundary_timestamp', 'row_version_column_name'];
const REPLACE_STRATEGIES: readonly ReplaceStrategy[] = ['truncate-and-insert', 'insert-from-staging', 'staging-optimized'];

/** `'a', 'b' or 'c'` */
function choices(xs: readonly string[], last = 'or'): string {
  const q = xs.map((x) => `'${x}'`);
  return q.length < 2 ? q.join('') : `${q.slice(0, -1).join(', ')} ${last} ${q.at(-1)}`;
}

/** Raises a ConfigError when `wd` names no write disposition or strategy. `where` names its owner (`resource users`). */
export function checkWriteDisposition(wd: unknown, where: string): void {
  if (wd === undefined) return;
  const name = typeof wd === 'object' && wd !== null ? (wd as { disposition?: unknown }).disposition : wd;
  if (!(DISPOSITIONS as readonly unknown[]).includes(name)) {
    throw new ConfigError(`${where}: write_disposition ${JSON.stringify(name)} is not a write disposition; expected ${choices(DISPOSITIONS)}${typeof name === 'string' ? didYouMean(name, DISPOSITIONS) : ''}`);
  }
  if (typeof wd !== 'object' || wd === null) return;
  const strategy = (wd as { strategy?: unknown }).strategy;
  if (name === 'merge' && strategy !== undefined && !(MERGE_STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw new ConfigError(`${where}: merge strategy ${JSON.stringify(strategy)} is not a merge strategy; expected ${choices(MERGE_STRATEGIES)}${typeof strategy === 'string' ? didYouMean(strategy, MERGE_STRATEGIES) : ''}`);
  }
  if (name === 'merge') checkScd2Options(wd as Record<string, unknown>, strategy, where);
  if (name === 'replace' && strategy !== undefined && !(REPLACE_STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw new ConfigError(`${where}: replace strategy ${JSON.stringify(strategy)} is not a replace strategy; expected ${choices(REPLACE_STRATEGIES)}${typeof strategy === 'string' ? didYouMean(strategy, REPLACE_STRATEGIES) : ''}`);
  }
}

/** The `scd2` options of a merge disposition: only with `strategy: 'scd2'`, each of its form. */
function checkScd2Options(wd: Record<string, unknown>, strategy: unknown, where: string): void {
  const given = SCD2_OPTIONS.filter((k) => wd[k] !== undefined);
  if (!given.length) return;
  if (strategy !== 'scd2') throw new ConfigError(`${where}: ${given.join(', ')} ${given.length > 1 ? 'are options' : 'is an option'} of the merge strategy 'scd2' only; got strategy ${JSON.stringify(strategy ?? 'delete-insert')}`);
  const v = wd.validity_column_names;
  if (v !== undefined && !(Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string' && x.trim() !== '') && v[0] !== v[1])) {
    throw new ConfigError(`${where}: validity_column_names must be two different column names, [from, to]; got ${JSON.stringify(v)}`);
  }
  const rv = wd.row_version_column_name;
  if (rv !== undefined && (typeof rv !== 'string' || rv.trim() === '' || rv.startsWith('_dlt') || (Array.isArray(v) && v.includes(rv)))) {
    throw new ConfigError(`${where}: row_version_column_name must name a column of the data (not a _dlt column or a validity column); got ${JSON.stringify(rv)}`);
  }
  for (const k of ['active_record_timestamp', 'boundary_timestamp'] as const) {
    const ts = wd[k];
    if (ts === undefined || (ts === null && k === 'active_record_timestamp')) continue;
    if (typeof ts !== 'string' || Number.isNaN(Date.parse(ts))) throw new ConfigError(`${where}: ${k} must be an ISO date or timestamp such as '9999-12-31' or '2024-01-01T00:00:00Z'; got ${JSON.stringify(ts)}`);
  }
}

/**
 * Raises a ConfigError when the merge hints of root table `t` (after the resource's hints are applied)
 * contradict: upsert without a primary key, more than one `hard_delete` or `dedup_sort` column, or a
 * `dedup_sort` that is no sort order.
 */
export function checkMergeHints(t: TableSchema, where: string): void {
  const cols = Object.values(t.columns);
  const at = `${where}: table ${t.name}`;
  const strategy = t.write_disposition === 'merge' ? t['x-merge-strategy'] : undefined;
  if ((strategy === 'upsert' || strategy === 'insert-only') && !cols.some((c) => c.primary_key)) {
    throw new ConfigError(`${at}: merge strategy '${strategy}' needs a primary_key (give primary_key, or a column hint with primary_key: true)`);
  }
  if (strategy === 'scd2' && cols.some((c) => c.hard_delete)) {
    throw new ConfigError(`${at}: merge strategy 'scd2' with a hard_delete column is not supported by sluice; a record missing from a full load is retired, or use delete-insert`);
  }
  for (const hint of ['hard_delete', 'dedup_sort'] as const) {
    const named = cols.filter((c) => c[hint]).map((c) => c.name);
    if (named.length > 1) throw new ConfigError(`${at}: only one column may be ${hint}; got ${named.join(', ')}`);
  }
  for (const c of cols) {
    if (c.dedup_sort != null && c.dedup_sort !== 'asc' && c.dedup_sort !== 'desc') {
      throw new ConfigError(`${at}: column ${c.name}: dedup_sort ${JSON.stringify(c.dedup_sort)} is not a sort order; expected 'asc' or 'desc'`);
    }
  }
}
