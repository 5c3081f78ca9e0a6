/**
 * dlt's filesystem layout (reference/dlt-model.md §10):
 *
 * ```
 * <bucket>/<dataset>/init                                           storage version marker
 * <bucket>/<dataset>/<table>/<load_id>.<file_id>.<ext>              data (ext: jsonl | parquet); the `layout` template
 * <bucket>/<dataset>/_dlt_loads/<schema>__<load_id>.jsonl           one line per completed load
 * <bucket>/<dataset>/_dlt_version/<schema>__<load_id>__<hash>.jsonl a stored schema version
 * <bucket>/<dataset>/_dlt_pipeline_state/<pipeline>__<load_id>__<hash>.jsonl
 * ```
 *
 * With the default layout, file names are deterministic (load id + job file id), so re-running a job
 * overwrites its file; filesystem-attempts.ts removes those a re-run names differently.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../../common/errors.js';
import { PathTemplate, type FileParts } from './filesystem-path-template.js';

export const FILENAME_SEPARATOR = '__';

/** A local directory from a `bucket_url`: a path or a `file://` URL. Other schemes are refused. */
export function bucketPath(bucketUrl: string): string {
  if (/^file:/i.test(bucketUrl)) return fileURLToPath(bucketUrl);
  const scheme = /^([a-z][a-z0-9+.-]+):\/\//i.exec(bucketUrl)?.[1];
  if (scheme) throw new ConfigError(`filesystem: bucket_url scheme '${scheme}://' is not supported yet; use a local path or a file:// URL`);
  return isAbsolute(bucketUrl) ? bucketUrl : resolve(bucketUrl);
}

/** `file:///abs/path` for display. */
export function bucketDisplay(path: string): string {
  return pathToFileURL(path).href;
}

/** dlt `_to_path_safe_string`: the base64 hash as hex (no `/` or `+` in file names). */
export function pathSafeHash(hash: string): string {
  return Buffer.from(hash, 'base64').toString('hex');
}

/** Every file under `dir`, recursively (none when it does not exist). */
function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export class FilesystemLayout {
  constructor(
    readonly bucket: string,
    readonly dataset: string,
    /** Where data files go (system tables always get one folder each, as in dlt). */
    readonly template: PathTemplate = new PathTemplate(),
    /** The schema whose tables this layout places (`{schema_name}`). */
    readonly schemaName = '',
  ) {}
  /** The same layout for the tables of schema `name`. */
  forSchema(name: string): FilesystemLayout {
    return name === this.schemaName ? this : new FilesystemLayout(this.bucket, this.dataset, this.template, name);
  }
  get datasetDir(): string {
    return join(this.bucket, this.dataset);
  }
  get initFile(): string {
    return join(this.datasetDir, 'init');
  }
  tableDir(table: string): string {
    return join(this.datasetDir, table);
  }
  /** A data file's path from the layout template (default `<table>/<load_id>.<file_id>.<ext>`). */
  jobFile(parts: Omit<FileParts, 'schemaName'>): string {
    return join(this.datasetDir, ...this.template.path({ ...parts, schemaName: this.schemaName }).split('/'));
  }
  loadsFile(schemaName: string, loadId: string): string {
    return join(this.tableDir('_dlt_loads'), `${schemaName}${FILENAME_SEPARATOR}${loadId}.jsonl`);
  }
  versionFile(schemaName: string, loadId: string, versionHash: string): string {
    return join(this.tableDir('_dlt_version'), `${schemaName}${FILENAME_SEPARATOR}${loadId}${FILENAME_SEPARATOR}${pathSafeHash(versionHash)}.jsonl`);
  }
  stateFile(pipelineName: string, loadId: string, versionHash: string): string {
    return join(this.tableDir('_dlt_pipeline_state'), `${pipelineName}${FILENAME_SEPARATOR}${loadId}${FILENAME_SEPARATOR}${pathSafeHash(versionHash)}.jsonl`);
  }
  /**
   * Files of a table (any extension), sorted by path. A system table's are the files of its folder; a
   * data table's are the files whose path starts with its layout prefix (`users/` by default), in any
   * subfolder. With `withTmp`, the `.tmp` files of unfinished writes too.
   */
  tableFiles(table: string, withTmp = false): string[] {
    if (table.startsWith('_dlt')) {
      const dir = this.tableDir(table);
      if (!existsSync(dir)) return [];
      return readdirSync(dir)
        .filter((f) => !f.startsWith('.') && (withTmp || !f.endsWith('.tmp')))
        .sort()
        .map((f) => join(dir, f));
    }
    const rel = this.template.tablePrefix(this.schemaName, table);
    // `join` drops a trailing separator, which is what keeps `users/` apart from `users__tags/`.
    const prefix = join(this.datasetDir, ...rel.split('/')) + (rel.endsWith('/') ? sep : '');
    const dir = prefix.endsWith(sep) ? prefix : dirname(prefix);
    return walk(dir)
      .filter((f) => f.startsWith(prefix) && f !== this.initFile)
      .filter((f) => !f.slice(f.lastIndexOf(sep) + 1).startsWith('.') && (withTmp || !f.endsWith('.tmp')))
      .sort();
  }
  /** Table folders that exist in the dataset. */
  tables(): string[] {
    if (!existsSync(this.datasetDir)) return [];
    return readdirSync(this.datasetDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
  }
}

/** Splits a system file name `<a>__<load_id>[__<hash>].jsonl` into its parts (names may contain `__`). */
export function parseSystemFileName(file: string): { name: string; loadId: string; hash?: string } | undefined {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.jsonl$/, '');
  const m = /^(.*)__(\d+(?:\.\d+)?)(?:__([0-9a-f]+))?$/.exec(base);
  return m ? { name: m[1]!, loadId: m[2]!, hash: m[3] } : undefined;
}
