/**
 * Builds the first `RestRequest` of an endpoint: URL joined as dlt does, client and endpoint headers
 * merged (endpoint wins), placeholders expanded in path, params, json, data and headers from the parent
 * item and the bound incremental, legacy resolve/incremental params and `start_param`/`end_param` filled.
 */
import { reveal, type Secret } from '../../config/secret.js';
import type { RestRequest } from './client/types.js';
import type { NormalizedEndpoint } from './config-normalize.js';
import { expandString, expandValue, parseTemplate, type Placeholder } from './placeholders.js';
import { parentField } from './resolve.js';

/** dlt's `join_url`: base gets a trailing `/`, the path loses its leading `/`; absolute paths pass through. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return base + path.replace(/^\/+/, '');
}

/** What placeholders resolve against. */
export interface RequestContext {
  resourceName: string;
  /** The parent resource name and the current parent item (children only). */
  parent?: { name: string; item: unknown };
  /** `{incremental.*}` values, already converted. */
  incremental: Record<string, unknown>;
  /** Legacy incremental param name and the start_param/end_param of `endpoint.incremental`. */
  incrementalParam?: string;
  startParam?: string;
  endParam?: string;
}

function resolver(e: NormalizedEndpoint, ctx: RequestContext): (p: Placeholder) => unknown {
  return (p) => {
    if (p.context === 'resources' && ctx.parent && p.name === ctx.parent.name && p.field) {
      return parentField(ctx.parent.item, p.field, ctx.parent.name, ctx.resourceName);
    }
    if (p.context === 'incremental' && p.name) return ctx.incremental[p.name];
    // Bare `{name}` in the path: a legacy resolve param or a static path param.
    const param = e.params[p.context];
    if (param && typeof param === 'object' && !Array.isArray(param) && param.type === 'resolve' && ctx.parent) {
      return parentField(ctx.parent.item, param.field, ctx.parent.name, ctx.resourceName);
    }
    if (param !== undefined && (typeof param !== 'object' || param === null)) return param;
    return `{${p.expr}}`;
  };
}

/**
 * A placeholder value in the path, inserted as dlt does (`str.format`, then requests' `requote_uri`): `/`
 * and the other reserved characters stay as they are, so `repos/{resources.repos.full_name}/issues` with
 * `dlt-hub/dlt` requests `repos/dlt-hub/dlt/issues`, and a valid `%XX` escape is kept. Everything else is
 * percent-encoded (spaces, non-ASCII, a lone `%`) — and so are `?` and `#`, which would otherwise end the
 * path (dlt sends those raw and cuts the path there).
 */
export function encodePathValue(v: unknown): string {
  const s = v instanceof Date ? v.toISOString() : String(v);
  return s.replace(/%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$&'()*+,/:;=@[\]]/gu, (m) => {
    if (m.length === 3 && m[0] === '%') return m;
    try {
      return encodeURIComponent(m);
    } catch {
      return '%EF%BF%BD'; // a lone surrogate has no UTF-8 form: U+FFFD
    }
  });
}

/** The first request of an endpoint for one parent item (or none). */
export function buildRequest(
  e: NormalizedEndpoint,
  baseUrl: string,
  clientHeaders: Record<string, string | Secret>,
  ctx: RequestContext,
): RestRequest {
  const resolve = resolver(e, ctx);
  const pathNames = new Set<string>();
  let path = '';
  for (const part of parseTemplate(e.path)) {
    if (typeof part === 'string') path += part;
    else {
      if (!part.name) pathNames.add(part.context);
      path += encodePathValue(resolve(part));
    }
  }
  let url = joinUrl(baseUrl, path);
  const params: RestRequest['params'] = {};
  const repeated: string[] = [];
  for (const [k, v] of Object.entries(e.params)) {
    if (pathNames.has(k)) continue; // bound in the path (resolve / static path param)
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (const x of v) repeated.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`);
    } else if (typeof v === 'object') {
      if (v.type === 'incremental') {
        const sv = ctx.incremental.start_value;
        if (sv !== undefined && sv !== null) params[k] = sv instanceof Date ? sv.toISOString() : String(sv);
      }
    } else if (typeof v === 'string') {
      const parts = parseTemplate(v);
      if (parts.length === 1 && typeof parts[0] !== 'string') {
        const val = resolve(parts[0]!);
        if (val === undefined || val === null) continue;
        params[k] = val instanceof Date ? val.toISOString() : typeof val === 'object' ? JSON.stringify(val) : (val as string | number | boolean);
      } else params[k] = expandString(v, resolve);
    } else params[k] = v;
  }
  const setParam = (name: string | undefined, v: unknown) => {
    if (name && v !== undefined && v !== null) params[name] = v instanceof Date ? v.toISOString() : (v as string | number | boolean);
  };
  setParam(ctx.startParam, ctx.incremental.start_value);
  setParam(ctx.endParam, ctx.incremental.end_value);
  if (repeated.length) url += (url.includes('?') ? '&' : '?') + repeated.join('&');

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...clientHeaders, ...e.headers })) {
    headers[k] = typeof v === 'string' ? expandString(v, resolve) : reveal(v);
  }
  const req: RestRequest = { method: e.method, url, params, headers };
  if (e.json !== undefined) req.json = expandValue(e.json, resolve, true);
  if (e.data !== undefined) req.data = typeof e.data === 'string' ? expandString(e.data, resolve) : (expandValue(e.data, resolve) as Record<string, string>);
  return req;
}
