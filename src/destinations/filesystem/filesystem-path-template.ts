/**
 * dlt's filesystem `layout` (`destinations/path_utils.py`): where a data file goes inside the dataset
 * folder, as a template of `{placeholders}`. Default `{table_name}/{load_id}.{file_id}.{ext}`.
 *
 * - `schema_name`, `table_name`, `load_id`, `file_id`, `ext`;
 * - `curr_date` (`YYYY-MM-DD`), `timestamp`, `timestamp_ms`, `load_package_timestamp`,
 *   `load_package_timestamp_ms` (Unix seconds / milliseconds);
 * - date tokens `YYYY YY Y MMMM MMM MM M DD D HH H mm m dddd ddd dd d Q` (UTC, lowercased as in dlt);
 * - `extraPlaceholders`: values, or functions of `(schema_name, table_name, load_id, file_id, ext)`.
 *
 * The time placeholders take the load package's creation time (dlt does so when `current_datetime` is
 * not set), so a load re-run after a crash writes the same paths: no duplicate files. Only
 * `{schema_name}` may come before `{table_name}`, and a separator must follow it, so a table's files
 * are found by prefix (dlt `get_table_prefix_layout`). Without `{ext}` the extension is appended.
 */
import { ConfigError } from '../../common/errors.js';

export const DEFAULT_LAYOUT = '{table_name}/{load_id}.{file_id}.{ext}';

/** A user placeholder: a value, or a function of the file's parts. */
export type PlaceholderValue = string | number | ((schemaName: string, tableName: string, loadId: string, fileId: string, ext: string) => string | number);

/** The parts of one data file's path. */
export interface FileParts {
  schemaName: string;
  tableName: string;
  loadId: string;
  fileId: string;
  ext: string;
  /** When the load package was created. */
  createdAt: Date;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (n: number) => String(n).padStart(2, '0');

/** pendulum's format tokens dlt offers, computed in UTC (dlt lowercases them: `january`, `mon`). */
const DATE_TOKENS: Record<string, (t: Date) => string> = {
  YYYY: (t) => String(t.getUTCFullYear()),
  YY: (t) => String(t.getUTCFullYear()).slice(-2),
  Y: (t) => String(t.getUTCFullYear()),
  MMMM: (t) => MONTHS[t.getUTCMonth()]!,
  MMM: (t) => MONTHS[t.getUTCMonth()]!.slice(0, 3),
  MM: (t) => pad(t.getUTCMonth() + 1),
  M: (t) => String(t.getUTCMonth() + 1),
  DD: (t) => pad(t.getUTCDate()),
  D: (t) => String(t.getUTCDate()),
  HH: (t) => pad(t.getUTCHours()),
  H: (t) => String(t.getUTCHours()),
  mm: (t) => pad(t.getUTCMinutes()),
  m: (t) => String(t.getUTCMinutes()),
  dddd: (t) => DAYS[t.getUTCDay()]!,
  ddd: (t) => DAYS[t.getUTCDay()]!.slice(0, 3),
  dd: (t) => DAYS[t.getUTCDay()]!.slice(0, 2),
  // pendulum `d`: day of week, Sunday = 0
  d: (t) => String(t.getUTCDay()),
  Q: (t) => String(Math.floor(t.getUTCMonth() / 3) + 1),
};

const seconds = (t: Date) => String(Math.floor(t.getTime() / 1000));

/** The placeholders of every file, from its parts. */
const STANDARD: Record<string, (p: FileParts) => string> = {
  schema_name: (p) => p.schemaName,
  table_name: (p) => p.tableName,
  load_id: (p) => p.loadId,
  file_id: (p) => p.fileId,
  ext: (p) => p.ext,
  curr_date: (p) => p.createdAt.toISOString().slice(0, 10),
  timestamp: (p) => seconds(p.createdAt),
  timestamp_ms: (p) => String(p.createdAt.getTime()),
  load_package_timestamp: (p) => seconds(p.createdAt),
  load_package_timestamp_ms: (p) => String(p.createdAt.getTime()),
  ...Object.fromEntries(Object.entries(DATE_TOKENS).map(([k, f]) => [k, (p: FileParts) => f(p.createdAt).toLowerCase()])),
};

const placeholdersOf = (layout: string) => [...layout.matchAll(/\{(.*?)\}/g)].map((m) => m[1]!);

export class PathTemplate {
  /** The part of the layout up to and including the separator after `{table_name}`. */
  readonly #prefix: string;
  readonly #hasExt: boolean;

  constructor(
    readonly layout: string = DEFAULT_LAYOUT,
    readonly extraPlaceholders: Readonly<Record<string, PlaceholderValue>> = {},
  ) {
    const used = placeholdersOf(layout);
    const unknown = used.filter((p) => !(p in STANDARD) && !(p in extraPlaceholders));
    if (unknown.length) {
      throw new ConfigError(`filesystem: layout '${layout}' has unknown placeholders ${unknown.map((p) => `{${p}}`).join(', ')}; known: ${Object.keys(STANDARD).join(', ')} and extraPlaceholders`);
    }
    const at = used.indexOf('table_name');
    if (at < 0) throw new ConfigError(`filesystem: layout '${layout}' needs a {table_name} placeholder`);
    const before = used.slice(0, at).filter((p) => p !== 'schema_name');
    if (before.length) throw new ConfigError(`filesystem: layout '${layout}': only {schema_name} may come before {table_name}, not ${before.map((p) => `{${p}}`).join(', ')}`);
    const end = layout.indexOf('{table_name}') + '{table_name}'.length;
    if (end >= layout.length || layout[end] === '{') throw new ConfigError(`filesystem: layout '${layout}' needs a separator after {table_name}`);
    this.#prefix = layout.slice(0, end + 1);
    this.#hasExt = used.includes('ext');
  }

  /** The file's path relative to the dataset folder (`/`-separated). */
  path(parts: FileParts): string {
    const out = this.layout.replace(/\{(.*?)\}/g, (_, name: string) => {
      const extra = this.extraPlaceholders[name];
      if (extra === undefined) return STANDARD[name]!(parts);
      return String(typeof extra === 'function' ? extra(parts.schemaName, parts.tableName, parts.loadId, parts.fileId, parts.ext) : extra);
    });
    return this.#hasExt ? out : `${out}.${parts.ext}`;
  }

  /** What every path of `tableName`'s files starts with, e.g. `users/` (dlt's table prefix). */
  tablePrefix(schemaName: string, tableName: string): string {
    return this.#prefix.replace('{schema_name}', schemaName).replace('{table_name}', tableName);
  }
}
