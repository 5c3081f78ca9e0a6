/**
 * dlt's filesystem `layout` (`destinations/path_utils.py`): where a data file goes inside the dataset
 * folder, as a template of `{placeholders}`. Default `{table_name}/{load_id}.{file_id}.{ext}`.
 *
 * - `schema_name`, `table_name`, `load_id`, `file_id`, `ext`;
 * - `curr_date` (`YYYY-MM-DD`), `timestamp`, `timestamp_ms`, `load_package_timestamp`,
 *   `load_package_timestamp_ms` (Unix seconds / milliseconds);
 * - date tokens `YYYY YY Y MMMM MMM MM M DD D HH H mm m ss s SSSS SSS SS S dddd ddd dd d Q` (UTC,
 *   lowercased as in dlt);
 * - `extraPlaceholders`: values, or functions of `(schema_name, table_name, load_id, file_id, ext)`.
 *
 * `timestamp`, `timestamp_ms`, `curr_date` and the date tokens take `currentDatetime` (dlt's
 * `current_datetime`: a fixed time, or a function called for every file) when it is set, else the load
 * package's creation time, as dlt does; `load_package_timestamp(_ms)` always take the package's. A load
 * re-run after a crash may so get other paths; filesystem-attempts.ts removes the old ones. Only
 * `{schema_name}` may come before `{table_name}`, and a separator must follow it, so a table's files
 * are found by prefix (dlt `get_table_prefix_layout`). Without `{ext}` the extension is appended.
 */
import { ConfigError } from '../../common/errors.js';

export const DEFAULT_LAYOUT = '{table_name}/{load_id}.{file_id}.{ext}';

/** A user placeholder: a value, or a function of the file's parts. */
export type PlaceholderValue = string | number | ((schemaName: string, tableName: string, loadId: string, fileId: string, ext: string) => string | number);

/** dlt's `current_datetime`: a fixed time, or a function called for every file's path. */
export type CurrentDatetime = Date | (() => Date);

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

/** The time placeholders' inputs: the current datetime and the package's creation time. */
interface Times {
  now: Date;
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
  ss: (t) => pad(t.getUTCSeconds()),
  s: (t) => String(t.getUTCSeconds()),
  // pendulum's fractional seconds, truncated; a Date has milliseconds, so SSSS ends in 0.
  SSSS: (t) => String(t.getUTCMilliseconds()).padStart(3, '0') + '0',
  SSS: (t) => String(t.getUTCMilliseconds()).padStart(3, '0'),
  SS: (t) => String(t.getUTCMilliseconds()).padStart(3, '0').slice(0, 2),
  S: (t) => String(t.getUTCMilliseconds()).padStart(3, '0').slice(0, 1),
  dddd: (t) => DAYS[t.getUTCDay()]!,
  ddd: (t) => DAYS[t.getUTCDay()]!.slice(0, 3),
  dd: (t) => DAYS[t.getUTCDay()]!.slice(0, 2),
  // pendulum `d`: day of week, Sunday = 0
  d: (t) => String(t.getUTCDay()),
  Q: (t) => String(Math.floor(t.getUTCMonth() / 3) + 1),
};

const seconds = (t: Date) => String(Math.floor(t.getTime() / 1000));

/** The placeholders of every file, from its parts and times. */
const STANDARD: Record<string, (p: FileParts, t: Times) => string> = {
  schema_name: (p) => p.schemaName,
  table_name: (p) => p.tableName,
  load_id: (p) => p.loadId,
  file_id: (p) => p.fileId,
  ext: (p) => p.ext,
  curr_date: (_, t) => t.now.toISOString().slice(0, 10),
  timestamp: (_, t) => seconds(t.now),
  timestamp_ms: (_, t) => String(t.now.getTime()),
  load_package_timestamp: (_, t) => seconds(t.createdAt),
  load_package_timestamp_ms: (_, t) => String(t.createdAt.getTime()),
  ...Object.fromEntries(Object.entries(DATE_TOKENS).map(([k, f]) => [k, (_: FileParts, t: Times) => f(t.now).toLowerCase()])),
};

/**
 * A `current_datetime` from config: an ISO 8601 string or a TOML datetime. A string without an offset
 * is UTC, as pendulum parses it (`2024-04-14T00:00:00`).
 */
export function parseCurrentDatetime(value: unknown): Date {
  let t: Date | undefined;
  if (value instanceof Date) t = value;
  else if (typeof value === 'string') {
    const s = value.trim();
    t = new Date(/[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? s + 'Z' : s);
  }
  if (!t || Number.isNaN(t.getTime())) throw new ConfigError(`filesystem: current_datetime must be an ISO 8601 datetime (e.g. 2024-04-14T00:00:00Z), got ${JSON.stringify(value)}`);
  return t;
}

const placeholdersOf = (layout: string) => [...layout.matchAll(/\{(.*?)\}/g)].map((m) => m[1]!);

export class PathTemplate {
  /** The part of the layout up to and including the separator after `{table_name}`. */
  readonly #prefix: string;
  readonly #hasExt: boolean;

  constructor(
    readonly layout: string = DEFAULT_LAYOUT,
    readonly extraPlaceholders: Readonly<Record<string, PlaceholderValue>> = {},
    /** See {@link CurrentDatetime}. Default: the load package's creation time. */
    readonly currentDatetime?: CurrentDatetime,
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
    const times = { now: this.#now(parts.createdAt), createdAt: parts.createdAt };
    const out = this.layout.replace(/\{(.*?)\}/g, (_, name: string) => {
      const extra = this.extraPlaceholders[name];
      if (extra === undefined) return STANDARD[name]!(parts, times);
      return String(typeof extra === 'function' ? extra(parts.schemaName, parts.tableName, parts.loadId, parts.fileId, parts.ext) : extra);
    });
    return this.#hasExt ? out : `${out}.${parts.ext}`;
  }

  /** `currentDatetime` (called when a function), else `createdAt`. */
  #now(createdAt: Date): Date {
    const cd = this.currentDatetime;
    if (cd === undefined) return createdAt;
    const t = typeof cd === 'function' ? cd() : cd;
    if (!(t instanceof Date) || Number.isNaN(t.getTime())) throw new ConfigError(`filesystem: current_datetime must be (or return) a valid Date, got ${String(t)}`);
    return t;
  }

  /** What every path of `tableName`'s files starts with, e.g. `users/` (dlt's table prefix). */
  tablePrefix(schemaName: string, tableName: string): string {
    return this.#prefix.replace('{schema_name}', schemaName).replace('{table_name}', tableName);
  }
}
