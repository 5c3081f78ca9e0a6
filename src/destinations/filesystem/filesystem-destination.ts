/**
 * The filesystem destination: a dataset is a folder `<bucket_url>/<dataset>` of per-table folders of
 * jsonl (default), csv or parquet files, in dlt's layout (see filesystem-layout.ts). `bucket_url` is a local
 * path or a `file://` URL: `filesystem({ bucketUrl })`, `{ type: 'filesystem', bucket_url }`, or
 * `DESTINATION__FILESYSTEM__BUCKET_URL` / `[destination.filesystem] bucket_url`.
 */
import { ConfigError } from '../../common/errors.js';
import { resolveFields } from '../../config/resolve.js';
import { ConfigField } from '../../config/fields.js';
import type { Schema } from '../../schema/schema.js';
import { registerDestination, type Destination, type DestinationCapabilities, type DestinationClient } from '../destination.js';
import { FilesystemClient } from './filesystem-client.js';
import { FILE_FORMATS, type FileFormat } from './filesystem-formats.js';
import { bucketDisplay, bucketPath, FilesystemLayout } from './filesystem-layout.js';
import { DEFAULT_LAYOUT, PathTemplate, type PlaceholderValue } from './filesystem-path-template.js';

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
  /** Your own layout placeholders (dlt's `extra_placeholders`): values or functions of the file's parts. */
  extraPlaceholders?: Record<string, PlaceholderValue>;
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
  constructor(bucketUrl: string, options: Omit<FilesystemOptions, 'bucketUrl'> = {}) {
    const { format = 'jsonl', maxStateFiles = DEFAULT_MAX_STATE_FILES } = options;
    if (!FILE_FORMATS.includes(format)) throw new ConfigError(`filesystem: format '${format}' is not one of ${FILE_FORMATS.join(', ')}`);
    if (!Number.isInteger(maxStateFiles)) throw new ConfigError(`filesystem: max_state_files must be an integer, got ${maxStateFiles}`);
    this.bucket = bucketPath(bucketUrl);
    this.format = format;
    this.maxStateFiles = maxStateFiles;
    this.template = new PathTemplate(options.layout ?? DEFAULT_LAYOUT, options.extraPlaceholders);
  }
  /** `file:///abs/bucket`. */
  displayLocation(): string {
    return bucketDisplay(this.bucket);
  }
  async client(datasetName: string, schema?: Schema): Promise<DestinationClient> {
    return new FilesystemClient(new FilesystemLayout(this.bucket, datasetName, this.template, schema?.name), this.format, this.maxStateFiles);
  }
}

const FIELDS = {
  bucket_url: new ConfigField<string | undefined>('string', false, false),
  loader_file_format: new ConfigField<string | undefined>('string', false, false),
  max_state_files: new ConfigField<number>('number', false, false, DEFAULT_MAX_STATE_FILES),
  layout: new ConfigField<string>('string', false, false, DEFAULT_LAYOUT),
};

/** Explicit options first, then `destination.filesystem.*` from env / config.toml. */
function resolveOptions(pipelineName: string, o: FilesystemOptions): FilesystemDestination {
  const explicit = { bucket_url: o.bucketUrl, loader_file_format: o.format, max_state_files: o.maxStateFiles, layout: o.layout };
  const r = resolveFields(FIELDS, { kind: 'destination', name: 'filesystem' }, explicit, { pipelineName });
  if (!r.bucket_url) {
    throw new ConfigError('filesystem: bucket_url is required — pass filesystem({ bucketUrl }) or set DESTINATION__FILESYSTEM__BUCKET_URL / [destination.filesystem] bucket_url');
  }
  return new FilesystemDestination(r.bucket_url, {
    format: (r.loader_file_format ?? 'jsonl') as FileFormat,
    maxStateFiles: r.max_state_files,
    layout: r.layout,
    extraPlaceholders: o.extraPlaceholders,
  });
}

/** `filesystem({ bucketUrl, format, maxStateFiles, layout, extraPlaceholders })` / `filesystem('./data')`. */
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
  }),
);
