/**
 * dlt's filesystem layout (reference/dlt-model.md §10):
 *
 * ```
 * <bucket>/<dataset>/init                                           storage version marker
 * <bucket>/<dataset>/<table>/<load_id>.<file_id>.<ext>              data (ext: jsonl | parquet)
 * <bucket>/<dataset>/_dlt_loads/<schema>__<load_id>.jsonl           one line per completed load
 * <bucket>/<dataset>/_dlt_version/<schema>__<load_id>__<hash>.jsonl a stored schema version
 * <bucket>/<dataset>/_dlt_pipeline_state/<pipeline>__<load_id>__<hash>.jsonl
 * ```
 *
 * File names are deterministic (load id + job file id), so re-running a job overwrites its file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError } from '../../common/errors.js';

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

export class FilesystemLayout {
  constructor(
    readonly bucket: string,
    readonly dataset: string,
  ) {}
  get datasetDir(): string {
    return join(this.bucket, this.dataset);
  }
  get initFile(): string {
    return join(this.datasetDir, 'init');
  }
  tableDir(table: string): string {
    return join(this.datasetDir, table);
  }
  /** `<table>/<load_id>.<file_id>.<ext>` */
  jobFile(table: string, loadId: string, fileId: string, ext: string): string {
    return join(this.tableDir(table), `${loadId}.${fileId}.${ext}`);
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
  /** Data files of a table (any extension), sorted by name (= load id order). */
  tableFiles(table: string): string[] {
    const dir = this.tableDir(table);
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .filter((f) => !f.startsWith('.') && !f.endsWith('.tmp'))
      .sort()
      .map((f) => join(dir, f));
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
