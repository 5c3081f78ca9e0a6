/**
 * Validation of a REST API config: the zod schema first (shapes, unknown keys, types — config-errors.ts
 * words the messages), then checks that need the whole config: duplicate names, unbound placeholders,
 * unknown parents, one parent per resource, json vs data, mutually exclusive paginator options, base_url.
 * All problems found are reported together in one `RestApiConfigError`.
 */
import { formatConfigIssues, formatPath, RestApiConfigError } from './config-errors.js';
import { normalizeResources, type ConfiguredResource, type NormalizedResource } from './config-normalize.js';
import { restApiConfigSchema, type ValidRESTAPIConfig } from './config-schema.js';
import { invalidJsonPath } from '../../common/json-path-syntax.js';
import { placeholdersIn } from './placeholders.js';
import { endpointTemplates, referencedParents, resolveParams, topologicalOrder } from './resolve.js';
import { didYouMean, nearest } from '../../common/suggest.js';
import { maskUrl } from './client/redact.js';

/** A validated config and its resources after shorthands/defaults, parents before children. */
export interface ValidatedConfig {
  config: ValidRESTAPIConfig;
  resources: ConfiguredResource[];
}

const INCREMENTAL_FIELDS = ['start_value', 'end_value', 'initial_value', 'last_value'];

/** `url` as a message may show it: the password of a `user:password@` and sensitive query values masked, with or without a scheme. */
function shownUrl(url: string): string {
  return url.includes('://') ? maskUrl(url) : maskUrl(`x://${url}`).slice(4);
}

function checkBaseUrl(url: string, problems: string[]): void {
  if (/^https?:\/\/[^/\s]/i.test(url)) return;
  const shown = shownUrl(url);
  const hint = /^\{.*\}$/.test(url.trim())
    ? ' (it looks like an unfilled template placeholder; put the real URL here)'
    : /^[\w.-]+\.[a-z]{2,}/i.test(url)
      ? `; did you mean 'https://${shown}'?`
      : '';
  problems.push(`client.base_url: expected an absolute http(s) URL, got '${shown}'${hint}`);
}

function checkPaginator(path: (string | number)[], p: unknown, problems: string[]): void {
  if (!p || typeof p !== 'object' || !('type' in p)) return;
  const c = p as Record<string, unknown>;
  const both = (a: string, b: string) => {
    if (c[a] !== undefined && c[b] !== undefined) problems.push(`${formatPath(path)}: set either ${a} or ${b}, not both`);
  };
  both('cursor_param', 'cursor_body_path');
  both('offset_param', 'offset_body_path');
  both('limit_param', 'limit_body_path');
  both('page_param', 'page_body_path');
  if (c.cursor_body_only === true && c.cursor_body_path === undefined) {
    problems.push(`${formatPath(path)}: cursor_body_only needs cursor_body_path (the body the cursor goes into)`);
  }
  if (c.total_header !== undefined && c.total_path !== undefined && c.total_path !== null) both('total_path', 'total_header');
  both('total_path', 'total_items_path');
  if (c.total_items_path !== undefined && c.page_size === undefined) {
    problems.push(`${formatPath(path)}: total_items_path needs page_size (records per full page, as the page-size param asks)`);
  }
  if (c.page_size !== undefined && c.total_items_path === undefined) {
    problems.push(`${formatPath(path)}: page_size is only used with total_items_path`);
  }
  if ((c.type === 'offset' || c.type === 'page_number') && c.total_path === null && c.total_header === undefined && c.stop_after_empty_page === false && c.has_more_path === undefined && c.maximum_offset === undefined && c.maximum_page === undefined) {
    problems.push(`${formatPath(path)}: no stop condition: total_path is null and stop_after_empty_page is false; set total_path, has_more_path, ${c.type === 'offset' ? 'maximum_offset' : 'maximum_page'} or stop_after_empty_page`);
  }
}

/** A hint for an unbound `{name}` in a path: the parent/field it most likely means. */
function bindingHint(name: string, others: string[]): string {
  const stem = name.replace(/_?(id|key|uuid|number|slug)$/i, '');
  const field = name.slice(stem.length).replace(/^_/, '') || 'id';
  const parent = others.find((o) => o === stem || o === `${stem}s` || o === `${stem}es` || o.startsWith(stem)) ?? nearest(stem, others);
  return parent ? `; to take it from a parent resource write '{resources.${parent}.${field}}'` : "; to take it from a parent resource write '{resources.<parent>.<field>}'";
}

function checkResource(r: NormalizedResource, names: string[], problems: string[]): void {
  const base: (string | number)[] = ['resources', r.index];
  const e = r.endpoint;
  const others = names.filter((n) => n !== r.name);
  const legacyIncremental = Object.entries(e.params).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v) && v.type === 'incremental');
  const hasIncremental = e.incremental !== undefined || legacyIncremental.length > 0;
  if (legacyIncremental.length > 1) problems.push(`${formatPath([...base, 'endpoint', 'params'])}: only one incremental param is allowed per endpoint, got ${legacyIncremental.map(([k]) => k).join(', ')}`);
  if (legacyIncremental.length && e.incremental) problems.push(`${formatPath([...base, 'endpoint'])}: both endpoint.incremental and an incremental param (${legacyIncremental[0]![0]}); use endpoint.incremental only`);
  if (e.json !== undefined && e.data !== undefined) problems.push(`${formatPath([...base, 'endpoint'])}: json and data cannot be combined; send one body`);
  // null is no value, as dlt's None
  if (e.incremental?.end_value != null && e.incremental.initial_value == null) {
    problems.push(`${formatPath([...base, 'endpoint', 'incremental', 'end_value'])}: end_value requires initial_value (a backfill window needs both ends)`);
  }
  checkPaginator([...base, 'endpoint', 'paginator'], e.paginator, problems);
  for (const { where, text } of endpointTemplates(e)) {
    try {
      placeholdersIn(text);
    } catch (err) {
      problems.push(`${formatPath([...base, 'endpoint', ...where.split('.')])}: ${(err as Error).message}`);
      return;
    }
  }

  const resolve = resolveParams(e);
  for (const { where, text } of endpointTemplates(e)) {
    for (const p of placeholdersIn(text)) {
      const wp = formatPath([...base, 'endpoint', ...where.split('.')]);
      if (p.context === 'resources') {
        if (!p.name || !p.field) problems.push(`${wp}: placeholder '{${p.expr}}' needs a field: '{resources.<parent>.<field>}'`);
        else if (p.name === r.name) problems.push(`${wp}: placeholder '{${p.expr}}' refers to the resource itself; a resource cannot be its own parent`);
        else if (!names.includes(p.name)) problems.push(`${wp}: placeholder '{${p.expr}}' refers to unknown resource '${p.name}'${didYouMean(p.name, others)}${others.length ? ` (resources: ${others.join(', ')})` : ''}`);
        else {
          const invalid = invalidJsonPath(p.field);
          if (invalid) problems.push(`${wp}: placeholder '{${p.expr}}': ${invalid}`);
        }
      } else if (p.context === 'incremental') {
        if (!hasIncremental) problems.push(`${wp}: placeholder '{${p.expr}}' needs endpoint.incremental`);
        else if (!p.name || !INCREMENTAL_FIELDS.includes(p.name) || p.field) problems.push(`${wp}: '{${p.expr}}' is not an incremental placeholder${didYouMean(`incremental.${p.name ?? ''}`, INCREMENTAL_FIELDS.map((f) => `incremental.${f}`))} (expected one of: ${INCREMENTAL_FIELDS.map((f) => `{incremental.${f}}`).join(', ')})`);
      } else if (p.name !== undefined) {
        problems.push(`${wp}: unknown placeholder '{${p.expr}}'${didYouMean(p.context, ['resources', 'incremental'])}; placeholders are '{resources.<parent>.<field>}' or '{incremental.<start_value|end_value|initial_value|last_value>}'`);
      } else if (where !== 'path') {
        problems.push(`${wp}: placeholder '{${p.expr}}' is not bound; use '{resources.<parent>.<field>}' for a parent field (write '{{' and '}}' for literal braces)`);
      } else {
        const param = e.params[p.context];
        if (param === undefined) {
          problems.push(`${wp}: placeholder '{${p.expr}}' is not bound: no param '${p.context}'${bindingHint(p.context, others)}`);
        } else if (param && typeof param === 'object' && !Array.isArray(param) && param.type === 'incremental') {
          problems.push(`${wp}: '{${p.expr}}' is an incremental param; use '{incremental.start_value}' in the path`);
        }
      }
    }
  }
  const pathNames = new Set(placeholdersIn(e.path).map((p) => p.expr));
  for (const rp of resolve) {
    const wp = formatPath([...base, 'endpoint', 'params', rp.name]);
    if (rp.resource === r.name) problems.push(`${wp}: resolve param refers to the resource itself`);
    else if (!names.includes(rp.resource)) problems.push(`${wp}.resource: unknown resource '${rp.resource}'${didYouMean(rp.resource, others)}`);
    if (!pathNames.has(rp.name)) problems.push(`${wp}: resolve param '${rp.name}' is not used in the path; put '{${rp.name}}' in endpoint.path, or use '{resources.${rp.resource}.${rp.field}}' in params for a query param`);
  }
  const parents = referencedParents(r);
  if (parents.length > 1) problems.push(`${formatPath(base)}: several parent resources (${parents.join(', ')}); a resource can have only one parent`);
  if (r.include_from_parent.length && parents.length === 0) {
    problems.push(`${formatPath([...base, 'include_from_parent'])}: '${r.name}' has no parent resource; include_from_parent needs a '{resources.<parent>.<field>}' placeholder or a resolve param`);
  }
}

/**
 * Validates `input` against the schema and the cross-resource rules; returns the config and its
 * normalized resources in dependency order. Throws `RestApiConfigError` (a `ConfigError`) listing every
 * problem with its key path.
 */
export function validateRestApiConfig(input: unknown): ValidatedConfig {
  const parsed = restApiConfigSchema.safeParse(input);
  if (!parsed.success) throw new RestApiConfigError(formatConfigIssues(parsed.error.issues, input));
  const config = parsed.data;
  const problems: string[] = [];
  checkBaseUrl(config.client.base_url, problems);
  checkPaginator(['client', 'paginator'], config.client.paginator, problems);
  const resources = normalizeResources(config);
  const first = new Map<string, number>();
  for (const r of resources) {
    const seen = first.get(r.name);
    if (seen !== undefined) problems.push(`resources[${r.index}].name: duplicate resource name '${r.name}' (also resources[${seen}])`);
    else first.set(r.name, r.index);
  }
  const names = [...first.keys()];
  for (const r of resources) if (r.kind === 'endpoint') checkResource(r, names, problems);
  if (problems.length) throw new RestApiConfigError(problems);
  try {
    return { config, resources: topologicalOrder(resources) };
  } catch (e) {
    throw new RestApiConfigError([(e as Error).message]);
  }
}
