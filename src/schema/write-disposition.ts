/**
 * Checks of write-disposition hints (reference/dlt-model.md §8). A hint that cannot work is a
 * ConfigError before anything is loaded, as dlt raises for these; unchecked, each one loaded as a
 * silent append.
 */
import { ConfigError } from '../common/errors.js';
import { didYouMean } from '../common/suggest.js';
import type { MergeStrategy, ReplaceStrategy, TableSchema } from './types.js';

const DISPOSITIONS = ['append', 'replace', 'merge'] as const;
const MERGE_STRATEGIES: readonly MergeStrategy[] = ['delete-insert', 'upsert'];
/** dlt's merge strategies that sluice does not implement. */
const DLT_ONLY_MERGE_STRATEGIES = ['scd2', 'insert-only'];
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
  if (strategy === undefined) return;
  if (name === 'merge' && !(MERGE_STRATEGIES as readonly unknown[]).includes(strategy)) {
    const why = DLT_ONLY_MERGE_STRATEGIES.includes(strategy as string) ? 'is not supported by sluice' : 'is not a merge strategy';
    throw new ConfigError(`${where}: merge strategy ${JSON.stringify(strategy)} ${why}; sluice offers ${choices(MERGE_STRATEGIES, 'and')}${why === 'is not a merge strategy' && typeof strategy === 'string' ? didYouMean(strategy, MERGE_STRATEGIES) : ''}`);
  }
  if (name === 'replace' && !(REPLACE_STRATEGIES as readonly unknown[]).includes(strategy)) {
    throw new ConfigError(`${where}: replace strategy ${JSON.stringify(strategy)} is not a replace strategy; expected ${choices(REPLACE_STRATEGIES)}${typeof strategy === 'string' ? didYouMean(strategy, REPLACE_STRATEGIES) : ''}`);
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
  if (t.write_disposition === 'merge' && t['x-merge-strategy'] === 'upsert' && !cols.some((c) => c.primary_key)) {
    throw new ConfigError(`${at}: merge strategy 'upsert' needs a primary_key (give primary_key, or a column hint with primary_key: true)`);
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
