/**
 * The declarative REST API config: ONE zod schema that is the source of the TypeScript types (via
 * `z.input`/`z.output`), of runtime validation (`validateRestApiConfig` in config-validate.ts) and of the
 * JSON Schema for editor completion (`restApiConfigJsonSchema()`). Keys are dlt's (reference/dlt-model.md
 * §1.2), so a config from any dlt REST API example pastes in. Where dlt takes a function or a class
 * instance (paginator, auth, processing steps, response actions, `convert`, `table_name`) so does this.
 */
import { z } from 'zod';
import { Secret } from '../../config/secret.js';
import { Resource, type DataItem } from '../../extract/resource.js';
import { authTypes } from './client/auth/create-auth.js';
import { invalidJsonPath } from '../../common/json-path-syntax.js';
import { paginatorTypes } from './client/paginators/create-paginator.js';
import type { Auth, Paginator, RestResponse } from './client/types.js';

/** A `{ type, ... }` dict whose type was added with `registerPaginator` / `registerAuth` (validated by its factory). */
const registeredDict = (types: () => string[], builtins: object, what: string) =>
  z.custom<{ type: string } & Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string' &&
      !((v as { type: string }).type in builtins) && types().includes((v as { type: string }).type),
    { message: `expected a registered ${what} type` },
  );

// ---------------------------------------------------------------------------------------------------------
// Small building blocks

/** A secret-bearing string: a plain string or a `Secret`. Values are never echoed in errors. */
export const secretValue = z.union([z.string(), z.instanceof(Secret)]);

const fn = <T extends (...args: never[]) => unknown>(what: string) =>
  z.custom<T>((v) => typeof v === 'function', { message: `expected ${what} (a function)` });

/**
 * Every JSONPath key of the config (`data_selector`, paginator paths, incremental `cursor_path`, resolve
 * `field`): syntax-checked here, once, so a bad path fails when the source is built, as dlt's jsonpath_ng.
 */
const jsonPath = z
  .string()
  .min(1)
  .superRefine((path, ctx) => {
    const invalid = invalidJsonPath(path);
    if (invalid) ctx.addIssue({ code: 'custom', message: invalid, params: { kind: 'jsonpath' } });
  })
  .describe('A field name or JSONPath');
const nonNegInt = z.number().int().min(0);

/** Object keys that hold secrets: their values are masked in every error message. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'token',
  'api_key',
  'password',
  'client_secret',
  'private_key',
  'private_key_passphrase',
  'api_secret',
  'secret',
  'access_token',
  'value',
  'client_id',
  'username',
]);

// ---------------------------------------------------------------------------------------------------------
// Paginators (dlt §2), discriminated on `type`

const rangeCommon = {
  total_path: jsonPath.nullable().optional().describe("JSONPath of the total; default 'total'. null when the API has none."),
  stop_after_empty_page: z.boolean().optional().describe('Stop on an empty page. Default true.'),
  has_more_path: jsonPath.optional().describe('JSONPath of a boolean that overrides the other stop rules.'),
};

/** `resume: true` keeps the last cursor in resource state; the next run starts from it (sluice extension). */
const resume = z.boolean().optional().describe('Save the last cursor in resource state and continue from it on the next run.');

export const paginatorConfigs = {
  single_page: z.strictObject({ type: z.literal('single_page') }),
  header_link: z.strictObject({ type: z.literal('header_link'), links_next_key: z.string().optional() }),
  json_link: z.strictObject({ type: z.literal('json_link'), next_url_path: jsonPath.optional() }),
  json_response: z.strictObject({ type: z.literal('json_response'), next_url_path: jsonPath.optional() }),
  cursor: z.strictObject({
    type: z.literal('cursor'),
    cursor_path: jsonPath.optional(),
    cursor_param: z.string().optional(),
    cursor_body_path: z.string().optional(),
    cursor_body_only: z.boolean().optional().describe('Follow-up bodies hold only the cursor at cursor_body_path (default false: merged into the first body, as dlt).'),
    stop_after_empty_page: z.boolean().optional(),
    has_more_path: jsonPath.optional(),
    resume,
  }),
  header_cursor: z.strictObject({
    type: z.literal('header_cursor'),
    cursor_key: z.string().optional(),
    cursor_param: z.string().optional(),
    resume,
  }),
  offset: z.strictObject({
    type: z.literal('offset'),
    limit: z.number().int().positive(),
    offset: nonNegInt.optional(),
    offset_param: z.string().optional(),
    offset_body_path: z.string().optional(),
    limit_param: z.string().optional(),
    limit_body_path: z.string().optional(),
    maximum_offset: nonNegInt.optional(),
    total_header: z.string().optional().describe('Response header with the total record count (X-Total-Count: 120, or Content-Range: 1-50/120) instead of total_path.'),
    ...rangeCommon,
  }),
  page_number: z.strictObject({
    type: z.literal('page_number'),
    base_page: nonNegInt.optional(),
    page: nonNegInt.optional(),
    page_param: z.string().optional(),
    page_body_path: z.string().optional(),
    maximum_page: nonNegInt.optional(),
    total_items_path: jsonPath.optional().describe('JSONPath of the total number of records (not pages); needs page_size. Instead of total_path.'),
    page_size: z.number().int().positive().optional().describe('Records per full page; used with total_items_path.'),
    ...rangeCommon,
  }),
  auto: z.strictObject({ type: z.literal('auto') }),
} as const;

/** Paginator type names accepted as `type` (and as a bare string where no arguments are needed). */
export const PAGINATOR_TYPES = Object.keys(paginatorConfigs) as (keyof typeof paginatorConfigs)[];
/** Types that can be given as a bare string (the rest require arguments). */
export const PAGINATOR_STRING_TYPES = ['single_page', 'header_link', 'json_link', 'json_response', 'cursor', 'header_cursor', 'page_number', 'auto'] as const;

export const paginatorDictSchema = z.discriminatedUnion(
  'type',
  Object.values(paginatorConfigs) as unknown as [typeof paginatorConfigs.auto, ...(typeof paginatorConfigs)[keyof typeof paginatorConfigs][]],
);

function isPaginator(v: unknown): v is Paginator {
  const p = v as Paginator | null;
  return typeof p === 'object' && p !== null && typeof p.initRequest === 'function' && typeof p.updateState === 'function' && typeof p.updateRequest === 'function';
}

/** A paginator: a type string, a `{type, ...}` dict, or a `Paginator` instance. */
export const paginatorSchema = z.union([
  z.enum(PAGINATOR_STRING_TYPES),
  z.custom<Paginator>(isPaginator, { message: 'expected a Paginator instance' }),
  registeredDict(paginatorTypes, paginatorConfigs, 'paginator'),
  paginatorDictSchema,
]);

// ---------------------------------------------------------------------------------------------------------
// Auth (dlt §3), discriminated on `type` (a dict without `type` is `bearer`)

export const authConfigs = {
  bearer: z.strictObject({ type: z.literal('bearer'), token: secretValue }),
  api_key: z.strictObject({
    type: z.literal('api_key'),
    name: z.string().optional().describe("Header or query param name. Default 'Authorization'."),
    api_key: secretValue,
    location: z.enum(['header', 'query', 'param', 'cookie']).optional().describe("Default 'header'."),
  }),
  http_basic: z.strictObject({
    type: z.literal('http_basic'),
    username: secretValue.optional(),
    password: secretValue.optional(),
    value: secretValue.optional().describe('A bare credential sent as Basic base64(value), e.g. a key without a colon.'),
  }),
  oauth2_client_credentials: z.strictObject({
    type: z.literal('oauth2_client_credentials'),
    access_token_url: z.string(),
    client_id: secretValue,
    client_secret: secretValue,
    access_token_request_data: z.record(z.string(), z.unknown()).optional(),
    default_token_expiration: z.number().positive().optional(),
  }),
} as const;

export const AUTH_TYPES = Object.keys(authConfigs) as (keyof typeof authConfigs)[];

export const authDictSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && !Array.isArray(v) && !('type' in v) && !isAuth(v) ? { type: 'bearer', ...v } : v),
  z.discriminatedUnion(
    'type',
    Object.values(authConfigs) as unknown as [typeof authConfigs.bearer, ...(typeof authConfigs)[keyof typeof authConfigs][]],
  ),
);

function isAuth(v: unknown): v is Auth {
  const a = v as Auth | null;
  return typeof a === 'object' && a !== null && typeof a.apply === 'function';
}

/** Auth: a `{type, ...}` dict or an `Auth` instance. */
export const authSchema = z.union([
  z.custom<Auth>(isAuth, { message: 'expected an Auth instance' }),
  registeredDict(authTypes, authConfigs, 'auth'),
  authDictSchema,
]);

// ---------------------------------------------------------------------------------------------------------
// Incremental (dlt §5)

const incrementalCommon = {
  cursor_path: jsonPath.describe('Field name or JSONPath of the cursor in each item.'),
  initial_value: z.unknown().optional(),
  last_value_func: z.union([z.enum(['max', 'min']), fn<(values: unknown[]) => unknown>('a last_value_func')]).optional(),
  row_order: z.enum(['asc', 'desc']).optional(),
  lag: z.number().min(0).optional(),
  on_cursor_value_missing: z.enum(['raise', 'include', 'exclude']).optional(),
  primary_key: z.union([z.string(), z.array(z.string())]).optional(),
  range_start: z.enum(['closed', 'open']).optional(),
  range_end: z.enum(['open', 'closed']).optional(),
  convert: fn<(value: unknown) => unknown>('convert').optional(),
  /** Deprecated alias of `convert` (dlt). */
  transform: fn<(value: unknown) => unknown>('transform').optional(),
};

/** `endpoint.incremental`. */
export const incrementalConfigSchema = z.strictObject({
  ...incrementalCommon,
  end_value: z.unknown().optional(),
  start_param: z.string().optional(),
  end_param: z.string().optional(),
});

/** Legacy `params: { since: { type: 'incremental', cursor_path, initial_value } }`. */
export const incrementalParamSchema = z.strictObject({ type: z.literal('incremental'), ...incrementalCommon });

/** Legacy `params: { id: { type: 'resolve', resource: 'parent', field: 'id' } }`. */
export const resolveParamSchema = z.strictObject({ type: z.literal('resolve'), resource: z.string().min(1), field: jsonPath });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A query param value: a literal (placeholders allowed in strings) or a legacy resolve/incremental dict. */
export const paramValueSchema = z.union([
  scalar,
  z.array(z.union([z.string(), z.number(), z.boolean()])),
  z.discriminatedUnion('type', [resolveParamSchema, incrementalParamSchema]),
]);

// ---------------------------------------------------------------------------------------------------------
// Response actions and processing steps

export type ResponseCallable = (res: RestResponse) => void | RestResponse | Promise<void | RestResponse>;

export const responseActionSchema = z.union([
  fn<ResponseCallable>('a response action'),
  z.strictObject({
    status_code: z.union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)]).optional(),
    content: z.string().optional().describe('Matches when the body contains this text.'),
    action: z.union([z.enum(['ignore', 'retry']), fn<ResponseCallable>('an action'), z.array(fn<ResponseCallable>('an action'))]),
  }),
]);

export const processingStepSchema = z
  .strictObject({
    filter: fn<(item: DataItem) => boolean>('a filter').optional(),
    map: fn<(item: DataItem) => DataItem>('a map').optional(),
    yield_map: fn<(item: DataItem) => Iterable<DataItem>>('a yield_map').optional(),
  })
  .refine((s) => s.filter || s.map || s.yield_map, { message: 'a processing step needs one of filter, map, yield_map' });

// ---------------------------------------------------------------------------------------------------------
// Endpoint and resource

const headersSchema = z.record(z.string(), z.union([z.string(), z.instanceof(Secret)]));

const endpointShape = {
  path: z.string().optional().describe('Path joined to client.base_url, or an absolute URL. Default: the resource name.'),
  method: z.enum(['GET', 'POST']).optional().describe("Default 'GET'."),
  params: z.record(z.string(), paramValueSchema).optional(),
  json: z.unknown().optional().describe('JSON request body (POST).'),
  data: z.union([z.string(), z.record(z.string(), z.string())]).optional().describe('Form or raw body; not with json.'),
  headers: headersSchema.optional(),
  paginator: paginatorSchema.optional(),
  data_selector: jsonPath.optional().describe('JSONPath of the records in the response. Default: auto-detected.'),
  response_actions: z.array(responseActionSchema).optional(),
  incremental: incrementalConfigSchema.optional(),
  auth: authSchema.optional(),
};

export const endpointSchema = z.strictObject(endpointShape);

const columnHintSchema = z
  .object({
    name: z.string().optional(),
    data_type: z.enum(['text', 'bigint', 'double', 'bool', 'timestamp', 'date', 'time', 'decimal', 'json', 'binary']).optional(),
    nullable: z.boolean().optional(),
    primary_key: z.boolean().optional(),
    merge_key: z.boolean().optional(),
    unique: z.boolean().optional(),
    precision: z.number().int().optional(),
    scale: z.number().int().optional(),
    timezone: z.boolean().optional(),
    dedup_sort: z.enum(['asc', 'desc']).optional(),
    hard_delete: z.boolean().optional(),
    description: z.string().optional(),
  })
  .catchall(z.unknown())
  .superRefine((o, ctx) => {
    for (const k of Object.keys(o)) {
      if (!(k in columnHintSchemaKeys) && !k.startsWith('x-')) {
        ctx.addIssue({ code: 'custom', message: `unknown column hint '${k}'`, path: [k], params: { kind: 'unknown_key', keys: Object.keys(columnHintSchemaKeys) } });
      }
    }
  });
const columnHintSchemaKeys = {
  name: 1, data_type: 1, nullable: 1, primary_key: 1, merge_key: 1, unique: 1, precision: 1, scale: 1, timezone: 1, dedup_sort: 1, hard_delete: 1, description: 1,
};

const contractMode = z.enum(['evolve', 'freeze', 'discard_row', 'discard_value']);
const keyList = z.union([z.string(), z.array(z.string())]);

const resourceHintsShape = {
  table_name: z.union([z.string().min(1), fn<(item: DataItem) => string>('a table_name function')]).optional(),
  write_disposition: z
    .union([
      z.enum(['append', 'replace', 'merge', 'skip']),
      z.strictObject({
        disposition: z.literal('merge'),
        strategy: z.enum(['delete-insert', 'upsert', 'insert-only', 'scd2']).optional(),
        deduplicated: z.boolean().optional(),
        validity_column_names: z.tuple([z.string(), z.string()]).optional(),
        active_record_timestamp: z.string().nullable().optional(),
        boundary_timestamp: z.string().optional(),
        row_version_column_name: z.string().optional(),
      }),
      z.strictObject({ disposition: z.literal('replace'), strategy: z.enum(['truncate-and-insert', 'insert-from-staging', 'staging-optimized']).optional() }),
      z.strictObject({ disposition: z.literal('append') }),
    ])
    .optional(),
  primary_key: keyList.optional(),
  merge_key: keyList.optional(),
  columns: z.union([z.record(z.string(), columnHintSchema), z.array(columnHintSchema.and(z.object({ name: z.string() })))]).optional(),
  schema_contract: z.union([contractMode, z.strictObject({ tables: contractMode.optional(), columns: contractMode.optional(), data_type: contractMode.optional() })]).optional(),
  max_table_nesting: z.number().int().min(0).optional(),
  selected: z.boolean().optional(),
  parallelized: z.union([z.boolean(), z.number().int().positive()]).optional().describe('Child requests for different parent items run concurrently (true = 4, or the limit).'),
  include_from_parent: z.array(z.string().min(1)).optional(),
  processing_steps: z.array(processingStepSchema).optional(),
};

/** One entry of `resources`: a full resource dict. */
export const endpointResourceSchema = z.strictObject({
  name: z.string().min(1),
  endpoint: z.union([z.string(), endpointSchema]).optional(),
  ...resourceHintsShape,
});

/** `resource_defaults`: every key optional, no name. */
export const resourceDefaultsSchema = z.strictObject({
  endpoint: z.union([z.string(), endpointSchema]).optional(),
  ...resourceHintsShape,
});

/** A resources entry: `"posts"`, a resource dict, or a `Resource` built in code. */
export const resourceEntrySchema = z.union([z.string().min(1), z.instanceof(Resource), endpointResourceSchema]);

export const clientConfigSchema = z.strictObject({
  base_url: z.string().min(1).describe('Base URL every path is joined to.'),
  headers: headersSchema.optional(),
  auth: authSchema.optional(),
  paginator: paginatorSchema.optional(),
});

/** The whole REST API config. */
export const restApiConfigSchema = z.strictObject({
  client: clientConfigSchema,
  resource_defaults: resourceDefaultsSchema.optional(),
  resources: z.array(resourceEntrySchema).min(1),
});

// ---------------------------------------------------------------------------------------------------------
// Types

/** The config as users write it (TS objects, JSON or YAML). */
export type RESTAPIConfig = z.input<typeof restApiConfigSchema>;
export type ClientConfig = z.input<typeof clientConfigSchema>;
export type EndpointResource = z.input<typeof endpointResourceSchema>;
export type EndpointResourceBase = z.input<typeof resourceDefaultsSchema>;
export type Endpoint = z.input<typeof endpointSchema>;
export type PaginatorConfig = z.input<typeof paginatorSchema>;
export type AuthConfig = z.input<typeof authSchema>;
export type IncrementalConfig = z.input<typeof incrementalConfigSchema>;
export type ResponseAction = z.input<typeof responseActionSchema>;
export type ProcessingStep = z.input<typeof processingStepSchema>;
export type ParamValue = z.input<typeof paramValueSchema>;
export type ResolveParamConfig = z.input<typeof resolveParamSchema>;
export type IncrementalParamConfig = z.input<typeof incrementalParamSchema>;

/** The validated config (same shape; auth dicts carry their `type`). */
export type ValidRESTAPIConfig = z.output<typeof restApiConfigSchema>;
export type ValidEndpointResource = z.output<typeof endpointResourceSchema>;
export type ValidEndpoint = z.output<typeof endpointSchema>;
export type ValidResourceDefaults = z.output<typeof resourceDefaultsSchema>;

/**
 * The JSON Schema (draft 2020-12) of the config, for editor completion of YAML/JSON configs. Functions and
 * class instances (allowed in TS configs) appear as unconstrained entries.
 */
export function restApiConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(restApiConfigSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://sluice.dev/schemas/rest-api-config.schema.json', title: 'sluice REST API source config' };
}
