/**
 * Shorthands and `resource_defaults` merging (dlt `_make_endpoint_resource`, `_merge_resource_endpoints`):
 *
 * - `"posts"` → `{ name: "posts", endpoint: { path: "posts" } }`; `endpoint: "posts"` → `{ path: "posts" }`;
 *   a missing `path` is the resource name;
 * - resource keys merge shallowly (the resource wins); `endpoint` merges shallowly except `params` and
 *   `json`, which merge one level deep; `columns` merge deeply (per column); `paginator` and `auth` are
 *   replaced, never merged.
 */
import type { ColumnHint } from '../../schema/types.js';
import type { Resource } from '../../extract/resource.js';
import type {
  AuthConfig,
  IncrementalConfig,
  PaginatorConfig,
  ParamValue,
  ProcessingStep,
  ResponseAction,
  ValidEndpoint,
  ValidEndpointResource,
  ValidRESTAPIConfig,
  ValidResourceDefaults,
} from './config-schema.js';
import type { Secret } from '../../config/secret.js';
import type { DataItem, ResourceHints } from '../../extract/resource.js';

/** An endpoint after shorthands and defaults. */
export interface NormalizedEndpoint {
  path: string;
  method: 'GET' | 'POST';
  params: Record<string, ParamValue>;
  json?: unknown;
  data?: string | Record<string, string>;
  headers: Record<string, string | Secret>;
  /** From the endpoint or resource_defaults; the client paginator applies when unset. */
  paginator?: PaginatorConfig;
  data_selector?: string;
  response_actions: ResponseAction[];
  incremental?: IncrementalConfig;
  auth?: AuthConfig;
}

/** A declarative resource after shorthands and defaults. */
export interface NormalizedResource {
  kind: 'endpoint';
  /** Position in `config.resources` (error paths say `resources[index]`). */
  index: number;
  name: string;
  endpoint: NormalizedEndpoint;
  hints: Omit<ResourceHints, 'parallelized'> & { table_name?: string | ((item: DataItem) => string) };
  include_from_parent: string[];
  processing_steps: ProcessingStep[];
  /** Concurrency of child requests from `parallelized` (true = 4); undefined when not set. */
  concurrency: number | undefined;
}

/** A `Resource` passed in the config as-is. */
export interface InstanceResource {
  kind: 'instance';
  index: number;
  name: string;
  resource: Resource;
}

export type ConfiguredResource = NormalizedResource | InstanceResource;

/** Default concurrency for `parallelized: true`. */
export const DEFAULT_PARALLELISM = 4;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function toEndpoint(e: string | ValidEndpoint | undefined): ValidEndpoint {
  if (e === undefined) return {};
  return typeof e === 'string' ? { path: e } : defined(e);
}

function columnsDict(c: ValidEndpointResource['columns']): Record<string, ColumnHint> | undefined {
  if (!c) return undefined;
  if (Array.isArray(c)) return Object.fromEntries(c.map((col) => [col.name, col as ColumnHint]));
  return c as Record<string, ColumnHint>;
}

function mergeColumns(a: Record<string, ColumnHint> | undefined, b: Record<string, ColumnHint> | undefined): Record<string, ColumnHint> | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: Record<string, ColumnHint> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = { ...(a[k] ?? {}), ...v };
  return out;
}

function mergeOneLevel(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (isPlainObject(a) && isPlainObject(b)) return { ...a, ...b };
  return b;
}

/** Merges `resource_defaults` into one resource (the resource wins). */
export function mergeResourceDefaults(defaults: ValidResourceDefaults | undefined, r: ValidEndpointResource): ValidEndpointResource {
  if (!defaults) return r;
  const de = toEndpoint(defaults.endpoint);
  const re = toEndpoint(r.endpoint);
  const endpoint: ValidEndpoint = { ...de, ...re };
  if (de.params || re.params) endpoint.params = mergeOneLevel(de.params, re.params) as ValidEndpoint['params'];
  if (de.json !== undefined || re.json !== undefined) endpoint.json = mergeOneLevel(de.json, re.json);
  const merged: ValidEndpointResource = { ...defined(defaults as Partial<ValidEndpointResource>), ...defined(r), endpoint };
  const cols = mergeColumns(columnsDict(defaults.columns), columnsDict(r.columns));
  if (cols) merged.columns = cols;
  return merged;
}

/** Applies shorthands and defaults to every entry of `config.resources`. */
export function normalizeResources(config: ValidRESTAPIConfig): ConfiguredResource[] {
  return config.resources.map((entry, index): ConfiguredResource => {
    if (typeof entry === 'string') entry = { name: entry };
    if (!isPlainObject(entry)) return { kind: 'instance', index, name: (entry as Resource).name, resource: entry as Resource };
    const r = mergeResourceDefaults(config.resource_defaults, entry as ValidEndpointResource);
    const e = toEndpoint(r.endpoint);
    const endpoint: NormalizedEndpoint = {
      path: e.path ?? r.name,
      method: e.method ?? 'GET',
      params: { ...(e.params ?? {}) },
      headers: { ...(e.headers ?? {}) },
      response_actions: e.response_actions ?? [],
    };
    if (e.json !== undefined) endpoint.json = e.json;
    if (e.data !== undefined) endpoint.data = e.data;
    if (e.paginator !== undefined) endpoint.paginator = e.paginator;
    if (e.data_selector !== undefined) endpoint.data_selector = e.data_selector;
    if (e.incremental !== undefined) endpoint.incremental = e.incremental;
    if (e.auth !== undefined) endpoint.auth = e.auth as AuthConfig;
    const hints: NormalizedResource['hints'] = { name: r.name };
    if (r.table_name !== undefined) hints.table_name = r.table_name;
    if (r.write_disposition !== undefined) hints.write_disposition = r.write_disposition;
    if (r.primary_key !== undefined) hints.primary_key = r.primary_key;
    if (r.merge_key !== undefined) hints.merge_key = r.merge_key;
    const cols = columnsDict(r.columns);
    if (cols) hints.columns = cols;
    if (r.schema_contract !== undefined) hints.schema_contract = r.schema_contract;
    if (r.max_table_nesting !== undefined) hints.max_table_nesting = r.max_table_nesting;
    if (r.selected !== undefined) hints.selected = r.selected;
    const p = r.parallelized;
    return {
      kind: 'endpoint',
      index,
      name: r.name,
      endpoint,
      hints,
      include_from_parent: r.include_from_parent ?? [],
      processing_steps: r.processing_steps ?? [],
      concurrency: p === true ? DEFAULT_PARALLELISM : p === false ? 1 : p,
    };
  });
}
