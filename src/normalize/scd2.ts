/**
 * The `scd2` merge strategy's side of normalizing (reference/dlt-model.md §7–§8): the root table gets
 * two validity columns, and its `_dlt_id` is the row's version: a hash of the row's content, or of the
 * record's key and its `row_version_column_name` value. That is how the load tells a changed record
 * from an unchanged one. As in dlt, that `_dlt_id` is not unique (a record deleted and later
 * re-inserted repeats it), and child rows keep ids derived from it, so an unchanged record's children
 * are the same rows.
 */
import { ConfigError } from '../common/errors.js';
import { hash128 } from '../common/hash.js';
import type { SnakeCaseNaming } from '../schema/naming.js';
import type { ColumnSchema, Scd2Options, TableSchema } from '../schema/types.js';

/** dlt's default validity column names. */
export const DEFAULT_VALIDITY_COLUMNS: readonly [string, string] = ['_dlt_valid_from', '_dlt_valid_to'];

/**
 * Makes `table` an scd2 root table for the options `wd` (already checked): the validity columns
 * (timestamps, nullable: they are set by the load, empty in the package), `x-boundary-timestamp`, and a
 * `_dlt_id` that is the row version instead of a unique row key. A `row_version_column_name` that is,
 * once normalized, a `_dlt` or validity column is a ConfigError naming `where` (the resource).
 */
export function applyScd2Columns(table: TableSchema, wd: Scd2Options, naming: SnakeCaseNaming, where: string): void {
  const [from, to] = (wd.validity_column_names ?? DEFAULT_VALIDITY_COLUMNS).map((c) => naming.normalizePath(c)) as [string, string];
  const version = versionColumnOf(wd, naming);
  if (version !== undefined && (version.startsWith('_dlt') || version === from || version === to)) {
    const what = version === from || version === to ? 'a validity column' : 'a _dlt column';
    throw new ConfigError(`${where}: row_version_column_name ${JSON.stringify(wd.row_version_column_name)} is column ${version}, ${what}; it must name a column of the data`);
  }
  const cols = table.columns;
  for (const c of Object.values(cols)) {
    if (c.name !== from) delete c['x-valid-from'];
    if (c.name !== to) {
      delete c['x-valid-to'];
      delete c['x-active-record-timestamp'];
    }
  }
  cols[from] = { ...cols[from], name: from, data_type: 'timestamp', nullable: true, 'x-valid-from': true };
  const active = wd.active_record_timestamp ?? undefined;
  cols[to] = { ...cols[to], name: to, data_type: 'timestamp', nullable: true, 'x-valid-to': true };
  if (active === undefined) delete cols[to]['x-active-record-timestamp'];
  else cols[to]['x-active-record-timestamp'] = active;
  cols._dlt_id = { ...cols._dlt_id, name: '_dlt_id', data_type: 'text', nullable: false, unique: false, row_key: false, 'x-row-version': true };
  clearVersionColumns(table, version);
  // Not NOT NULL in the destination (the option may be dropped later): the normalizer requires the value.
  if (version !== undefined) cols[version] = { ...cols[version], name: version, 'x-row-version': true };
  if (wd.boundary_timestamp === undefined) delete table['x-boundary-timestamp'];
  else table['x-boundary-timestamp'] = wd.boundary_timestamp;
}

/** The data column named by `row_version_column_name` (normalized), if given. */
export function versionColumnOf(wd: Scd2Options, naming: SnakeCaseNaming): string | undefined {
  return wd.row_version_column_name === undefined ? undefined : naming.normalizePath(wd.row_version_column_name);
}

/** Takes `x-row-version` off the data columns other than `keep` (a version column named before). */
function clearVersionColumns(table: TableSchema, keep: string | undefined): void {
  for (const [name, c] of Object.entries(table.columns)) {
    if (name === '_dlt_id' || name === keep || !c['x-row-version']) continue;
    const { 'x-row-version': _, ...rest } = c;
    table.columns[name] = rest;
  }
}

/** Removes what {@link applyScd2Columns} set that a table under another disposition must not keep. */
export function clearScd2(table: TableSchema): void {
  delete table['x-boundary-timestamp'];
  clearVersionColumns(table, undefined);
  const id = table.columns._dlt_id;
  if (!id?.['x-row-version']) return;
  const { 'x-row-version': _, ...rest } = id;
  table.columns._dlt_id = { ...rest, unique: true, row_key: true };
}

/** The validity columns of an scd2 root table: `[from, to]`, and the `to` value of active records (undefined: NULL). */
export function validityColumns(table: TableSchema): { from: string; to: string; active?: string } {
  const cols = Object.values(table.columns);
  const from = cols.find((c) => c['x-valid-from'])?.name ?? DEFAULT_VALIDITY_COLUMNS[0];
  const toCol = cols.find((c) => c['x-valid-to']);
  const active = toCol?.['x-active-record-timestamp'];
  return { from, to: toCol?.name ?? DEFAULT_VALIDITY_COLUMNS[1], active: typeof active === 'string' ? active : undefined };
}

/** The text of a value in the row hash: JSON, a BigInt as its digits (the same text as the equal number). */
function valueText(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}

/**
 * The row version of a root row as it goes into its table: a hash of its column names and values,
 * in column-name order, without the `_dlt_*` columns and without empty values (a null and a missing
 * key are the same row). `vals` is aligned with `typed`.
 */
export function rowHash(typed: readonly ColumnSchema[], vals: readonly unknown[]): string {
  const parts: string[] = [];
  for (let i = 0; i < typed.length; i++) {
    const name = typed[i]!.name;
    const v = vals[i];
    if (v === undefined || v === null || name.startsWith('_dlt')) continue;
    parts.push(`${name}\u0000${valueText(v)}`);
  }
  return hash128(parts.sort().join('\u0001'));
}
