/**
 * Serving a collection page by page in every paginator style sluice (and dlt) knows. Each style reads
 * its params from the query string, or from the JSON body at the same (dot) path, so body-path
 * pagination works with POST routes.
 *
 * | type          | request                       | response                                                        |
 * |---------------|-------------------------------|-----------------------------------------------------------------|
 * | single_page   | –                             | the whole collection                                            |
 * | offset        | `offset`, `limit`             | `{data, total?, has_more?}`                                     |
 * | page_number   | `page` (base 1 by default), `per_page` | `{data, page, total_pages?, total?, has_more?}`        |
 * | cursor        | `cursor` (absent on page 1)   | `{data, next_cursor}`; `next_cursor` is null on the last page   |
 * | json_link     | `page`                        | `{data, next: "<url>"}`; `next` is null on the last page        |
 * | header_link   | `page`                        | `Link: <url>; rel="next"` while there are more pages            |
 * | header_cursor | `cursor`                      | header `next: <cursor>` while there are more pages              |
 *
 * With `dataKey: null` the body is the bare list (no room for totals or links in the body).
 */
import type { MockRequest, MockResponse } from './mock-api.js';

/** How a collection route paginates. Param/key names default as in the table above. */
export type MockPagination =
  | { type: 'single_page' }
  | { type: 'offset'; offsetParam?: string; limitParam?: string; totalKey?: string | null; hasMoreKey?: string }
  | {
      type: 'page_number';
      base?: 0 | 1;
      pageParam?: string;
      sizeParam?: string;
      totalPagesKey?: string | null;
      totalKey?: string;
      hasMoreKey?: string;
    }
  | {
      type: 'cursor';
      cursorParam?: string;
      nextKey?: string;
      hasMoreKey?: string;
      /** What the last page carries as cursor: `null` (default), `''`, or no key at all. */
      endCursor?: null | '' | 'omit';
    }
  | { type: 'json_link'; pageParam?: string; nextKey?: string; relative?: boolean }
  | { type: 'header_link'; pageParam?: string }
  | { type: 'header_cursor'; header?: string; cursorParam?: string };

/** Reads a param from the query string, else from the JSON body at the dot path `name`. */
export function readParam(req: MockRequest, name: string): string | undefined {
  if (req.query[name] !== undefined) return req.query[name];
  let cur: unknown = req.body;
  for (const k of name.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

function setKey(obj: Record<string, unknown>, dotPath: string, value: unknown): void {
  const keys = dotPath.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]!] = value;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(c: string): number | undefined {
  const m = /^o:(\d+)$/.exec(Buffer.from(c, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

function intParam(req: MockRequest, name: string, dflt: number): number | undefined {
  const v = readParam(req, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

const bad = (message: string): MockResponse => ({ status: 400, json: { error: 'bad_request', message } });

/**
 * One page of `items` for `req`. `selfUrl(params)` builds an absolute URL to this route with the
 * given query params (for links).
 */
export function servePage(
  p: MockPagination,
  items: readonly unknown[],
  req: MockRequest,
  pageSize: number,
  dataKey: string | null,
  selfUrl: (params: Record<string, string>) => string,
): MockResponse {
  const wrap = (page: unknown[], meta: Record<string, unknown> = {}): unknown => {
    if (dataKey === null) return page;
    const body: Record<string, unknown> = {};
    setKey(body, dataKey, page);
    for (const [k, v] of Object.entries(meta)) if (v !== undefined) setKey(body, k, v);
    return body;
  };
  const n = items.length;
  switch (p.type) {
    case 'single_page':
      return { json: wrap(items.slice()) };
    case 'offset': {
      const offset = intParam(req, p.offsetParam ?? 'offset', 0);
      const limit = intParam(req, p.limitParam ?? 'limit', pageSize);
      if (offset === undefined || limit === undefined || limit === 0) return bad('offset and limit must be integers ≥ 0 (limit > 0)');
      const meta: Record<string, unknown> = {};
      const totalKey = p.totalKey === undefined ? 'total' : p.totalKey;
      if (totalKey) meta[totalKey] = n;
      if (p.hasMoreKey) meta[p.hasMoreKey] = offset + limit < n;
      return { json: wrap(items.slice(offset, offset + limit), meta) };
    }
    case 'page_number': {
      const base = p.base ?? 1;
      const page = intParam(req, p.pageParam ?? 'page', base);
      const size = intParam(req, p.sizeParam ?? 'per_page', pageSize);
      if (page === undefined || size === undefined || size === 0 || page < base) return bad(`page must be an integer ≥ ${base}`);
      const start = (page - base) * size;
      const totalPages = Math.ceil(n / size);
      const meta: Record<string, unknown> = { page };
      const tp = p.totalPagesKey === undefined ? 'total_pages' : p.totalPagesKey;
      if (tp) meta[tp] = totalPages;
      if (p.totalKey) meta[p.totalKey] = n;
      if (p.hasMoreKey) meta[p.hasMoreKey] = start + size < n;
      return { json: wrap(items.slice(start, start + size), meta) };
    }
    case 'cursor': {
      const c = readParam(req, p.cursorParam ?? 'cursor');
      const offset = c === undefined || c === '' ? 0 : decodeCursor(c);
      if (offset === undefined) return bad(`invalid cursor ${JSON.stringify(c)}`);
      const more = offset + pageSize < n;
      const meta: Record<string, unknown> = {};
      const end = p.endCursor === undefined ? null : p.endCursor;
      if (more) meta[p.nextKey ?? 'next_cursor'] = encodeCursor(offset + pageSize);
      else if (end !== 'omit') meta[p.nextKey ?? 'next_cursor'] = end;
      if (p.hasMoreKey) meta[p.hasMoreKey] = more;
      return { json: wrap(items.slice(offset, offset + pageSize), meta) };
    }
    case 'json_link':
    case 'header_link': {
      const param = p.pageParam ?? 'page';
      const page = intParam(req, param, 1);
      if (page === undefined || page < 1) return bad(`${param} must be an integer ≥ 1`);
      const start = (page - 1) * pageSize;
      const next = start + pageSize < n ? selfUrl({ ...req.query, [param]: String(page + 1) }) : undefined;
      const slice = items.slice(start, start + pageSize);
      if (p.type === 'header_link') {
        const last = selfUrl({ ...req.query, [param]: String(Math.max(1, Math.ceil(n / pageSize))) });
        const links = [next ? `<${next}>; rel="next"` : '', `<${last}>; rel="last"`].filter(Boolean).join(', ');
        return { json: wrap(slice), headers: { link: links } };
      }
      const href = next && p.relative ? next.slice(next.indexOf('/', next.indexOf('//') + 2)) : next;
      return { json: wrap(slice, { [p.nextKey ?? 'next']: href ?? null }) };
    }
    case 'header_cursor': {
      const c = readParam(req, p.cursorParam ?? 'cursor');
      const offset = c === undefined ? 0 : decodeCursor(c);
      if (offset === undefined) return bad(`invalid cursor ${JSON.stringify(c)}`);
      const more = offset + pageSize < n;
      return {
        json: wrap(items.slice(offset, offset + pageSize)),
        headers: more ? { [p.header ?? 'next']: encodeCursor(offset + pageSize) } : {},
      };
    }
  }
}
