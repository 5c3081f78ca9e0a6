/**
 * The filesystem destination: a dataset is a folder `<bucket_url>/<dataset>` of per-table folders of
 * jsonl (default), csv or parquet files, in dlt's layout (see filesystem-layout.ts). `bucket_url` is a local
 * path or a `file://` URL: `filesystem({ bucketUrl })`, `{ type: 'filesystem', bucket_url }`, or
 * `DESTINATION__FILESYSTEM__BUCKET_URL` / `[destination.filesystem] bucket_url`.
 */
import { ConfigError } from '../../common/errors.js';
import { resolveFields } from '../../config/resolve.js';
import { ConfigField } from '../../config/fields.js';
import { coerceValue } from '../../config/coerce.js';
import type { Schema } from '../../schema/schema.js';
import type { LoadPackage } from '../../storage/load-package.js';
import { registerDestination, type Destination, type DestinationCapabilities, type DestinationClient } from '../destination.js';
import { FilesystemClient } from './filesystem-client.js';
import { FILE_FORMATS, type FileFormat } from './filesystem-formats.js';
import { bucketDisplay, bucketPath, FilesystemLayout } from './filesystem-layout.js';
import { DEFAULT_LAYOUT, parseCurrentDatetime, PathTemplate, type CurrentDatetime, type PlaceholderValue } from './filesystem-path-template.js';

export const FILESYSTEM_CAPABILITIES: DestinationCapabilities = Object.freeze<DestinationCapabilities>({
  // dlt's filesystem keeps names as long as the file system allows; 255 is a file name's limit.
  maxIdentifierLength: 200,
  mergeStrategies: [],
  replaceStrategies: ['truncate-and-insert'],
  transactional: false,
  mergeFallsBackToAppend: true,
});

export interface FilesystemOptions {
  /** A local directory or `file://` URL. Default: resolved from config (`destination.filesystem.bucket_url`). */
  bucketUrl?: string;
  /** File format of data files. Default `jsonl` (dlt's preferred format for filesystem). */
  format?: FileFormat;
  /**
   * How many `_dlt_pipeline_state` files to keep per pipeline (dlt's `max_state_files`): after each load
   * the oldest beyond this many are deleted. 0 or less keeps every file. Default 100, as in dlt.
   */
  maxStateFiles?: number;
  /**
   * Where data files go inside the dataset folder (dlt's `layout`), e.g.
   * `{table_name}/{YYYY}/{MM}/{DD}/{load_id}.{file_id}.{ext}`. Default `{table_name}/{load_id}.{file_id}.{ext}`.
   * Placeholders: see filesystem-path-template.ts.
   */
  layout?: string;
  /**
   * Your own layout placeholders (dlt's `extra_placeholders`): values or functions of the file's parts.
   * Default: `[destination.filesystem] extra_placeholders = { owner = "admin" }` /
   * `DESTINATION__FILESYSTEM__EXTRA_PLACEHOLDERS='{"owner": "admin"}'` (values only), else none.
   */
  extraPlaceholders?: Record<string, PlaceholderValue>;
  /**
   * The time of `{timestamp}`, `{timestamp_ms}`, `{curr_date}` and the date tokens (dlt's
   * `current_datetime`): a Date, or a function called for each file. Config takes an ISO 8601 string
   * (`current_datetime = "2024-04-14T00:00:00"`, UTC without an offset). Default: the load package's
   * creation time. A function is called again when a killed load is re-run, so the rerun's paths differ:
   * the killed attempt's files are removed then (filesystem-attempts.ts).
   */
  currentDatetime?: CurrentDatetime | string;
  /**
   * Write jsonl and csv files uncompressed (dlt's `data_writer.disable_compression`). Default: from
   * `[normalize.data_writer] disable_compression`, then `[data_writer] disable_compression`, else false:
   * files are gzipped as `.jsonl.gz` / `.csv.gz`. Parquet is never gzipped.
   */
  disableCompression?: boolean;
}

/** dlt's default `max_state_files`. */
export const DEFAULT_MAX_STATE_FILES = 100;

export class FilesystemDestination implements Destination {
  readonly type = 'filesystem';
  readonly capabilities = FILESYSTEM_CAPABILITIES;
  /** Absolute local directory of the bucket. */
  readonly bucket: string;
  readonly format: FileFormat;
  /** See {@link FilesystemOptions.maxStateFiles}. */
  readonly maxStateFiles: number;
  /** The `layout` with its placeholders, validated. */
  readonly template: PathTemplate;
  /** Whether jsonl and csv files are gzipped (see {@link FilesystemOptions.disableCompression}). */
  readonly compression: boolean;
  constructor(bucketUrl: string, options: Omit<FilesystemOptions, 'bucketUrl'> = {}) {
    const { format = 'jsonl', maxStateFiles = DEFAULT_MAX_STATE_FILES } = options;
    if (!FILE_FORMATS.includes(format)) throw new ConfigError(`filesystem: format '${format}' is not one of ${FILE_FORMATS.join(', ')}`);
    if (!Number.isInteger(maxStateFiles)) throw new ConfigError(`filesystem: max_state_files must be an integer, got ${maxStateFiles}`);
    this.bucket = bucketPath(bucketUrl);
    this.format = format;
    this.maxStateFiles = maxStateFiles;
    this.template = new PathTemplate(options.layout ?? DEFAULT_LAYOUT, options.extraPlaceholders, configDatetime(options.currentDatetime));
    this.compression = options.disableCompression !== true;
  }
  /** `file:///abs/bucket`. */
  displayLocation(): string {
    return bucketDisplay(this.bucket);
  }
  async client(datasetName: string, schema?: Schema): Promise<DestinationClient> {
    return new FilesystemClient(new FilesystemLayout(this.bucket, datasetName, this.template, schema?.name), this.format, this.maxStateFiles, this.compression);
  }
  /** Removes the files unfinished loads of `pkg` put in the dataset (see `FilesystemClient.discardPackage`). */
  async discardPackage(datasetName: string, pkg: LoadPackage): Promise<void> {
    const client = (await this.client(datasetName)) as FilesystemClient;
    try {
      await client.discardPackage(pkg);
    } finally {
      await client.close();
    }
  }
}

const FIELDS = {
  bucket_url: new ConfigField<string | undefined>('string', false, false),
  loader_file_format: new ConfigField<string | undefined>('string', false, false),
  max_state_files: new ConfigField<number>('number', false, false, DEFAULT_MAX_STATE_FILES),
  layout: new ConfigField<string>('string', false, false, DEFAULT_LAYOUT),
  extra_placeholders: new ConfigField<unknown>('any', false, false),
  current_datetime: new ConfigField<unknown>('any', false, false),
};

const DISABLE_COMPRESSION = { disable_compression: new ConfigField<boolean | undefined>('boolean', false, false) };

/** dlt `is_compression_disabled`: `normalize.data_writer.disable_compression`, else `data_writer.disable_compression`. */
function compressionDisabled(pipelineName: string): boolean {
  for (const sections of [['normalize', 'data_writer'], ['data_writer']]) {
    const v = resolveFields(DISABLE_COMPRESSION, { kind: 'path', sections }, {}, { pipelineName }).disable_compression;
    if (v !== undefined) return v;
  }
  return false;
}

/** `extra_placeholders` from config: a table of plain values (functions can only come from code). */
function configPlaceholders(value: unknown): Record<string, PlaceholderValue> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`filesystem: extra_placeholders must be a table of values, e.g. { owner = "admin" }, got ${JSON.stringify(value)}`);
  }
  const out: Record<string, PlaceholderValue> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (typeof v === 'boolean') out[k] = String(v);
    else throw new ConfigError(`filesystem: extra_placeholders.${k} must be a string or a number, got ${JSON.stringify(v)}`);
  }
  return out;
}

/** `current_datetime`: a function from code as is, a Date or an ISO 8601 string (code, env, TOML) as a Date. */
function configDatetime(value: unknown): CurrentDatetime | undefined {
  if (value === undefined || typeof value === 'function') return value as CurrentDatetime | undefined;
  return parseCurrentDatetime(value);
}

/** Explicit options first, then `destination.filesystem.*` from env / config.toml. */
function resolveOptions(pipelineName: string, o: FilesystemOptions): FilesystemDestination {
  const explicit = {
    bucket_url: o.bucketUrl,
    loader_file_format: o.format,
    max_state_files: o.maxStateFiles,
    layout: o.layout,
    extra_placeholders: o.extraPlaceholders,
    current_datetime: o.currentDatetime,
  };
  const r = resolveFields(FIELDS, { kind: 'destination', name: 'filesystem' }, explicit, { pipelineName });
  if (!r.bucket_url) {
    throw new ConfigError('filesystem: bucket_url is required — pass filesystem({ bucketUrl }) or set DESTINATION__FILESYSTEM__BUCKET_URL / [destination.filesystem] bucket_url');
  }
  return new FilesystemDestination(r.bucket_url, {
    format: (r.loader_file_format ?? 'jsonl') as FileFormat,
    maxStateFiles: r.max_state_files,
    layout: r.layout,
    extraPlaceholders: o.extraPlaceholders ?? configPlaceholders(r.extra_placeholders),
    currentDatetime: r.current_datetime as CurrentDatetime | string | undefined,
    disableCompression: o.disableCompression ?? compressionDisabled(pipelineName),
  });
}

/** `filesystem({ bucketUrl, format, maxStateFiles, layout, extraPlaceholders, currentDatetime, disableCompression })` / `filesystem('./data')`. */
export function filesystem(options: FilesystemOptions | string = {}): (pipelineName: string) => FilesystemDestination {
  const o: FilesystemOptions = typeof options === 'string' ? { bucketUrl: options } : options;
  return (pipelineName) => resolveOptions(pipelineName, o);
}

registerDestination('filesystem', (o) =>
  resolveOptions(o.pipelineName, {
    bucketUrl: (o.bucketUrl ?? o.bucket_url ?? (typeof o.credentials === 'string' ? o.credentials : undefined)) as string | undefined,
    format: (o.format ?? o.loader_file_format) as FileFormat | undefined,
    maxStateFiles: (o.maxStateFiles ?? o.max_state_files) as number | undefined,
    layout: o.layout as string | undefined,
    extraPlaceholders: (o.extraPlaceholders ?? o.extra_placeholders) as Record<string, PlaceholderValue> | undefined,
    currentDatetime: (o.currentDatetime ?? o.current_datetime) as CurrentDatetime | string | undefined,
    disableCompression: optionalBoolean(o.disableCompression ?? o.disable_compression, 'destination filesystem: disable_compression'),
  }),
);

/** A boolean option of a destination object (`true`, or `'true'` as config files and env spell it); a wrong type fails. */
function optionalBoolean(v: unknown, where: string): boolean | undefined {
  return v === undefined ? undefined : (coerceValue(v as string | boolean, 'boolean', where) as boolean);
}
