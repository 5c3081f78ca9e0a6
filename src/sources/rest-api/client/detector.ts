/**
 * Auto-detection on the first response when nothing is configured (dlt `rest_client/detector.py`).
 *
 * Data selector (dlt §1.4): a non-object body → `$`; otherwise every list up to 3 keys deep (DFS order),
 * the first whose last key is one of {@link RECORD_KEYS} (case-sensitive) wins, else the first list, else `$`.
 *
 * Paginator (dlt §1.5), first match wins: `Link rel=next` header (score 1.0) → a `next*` key holding a
 * URL that starts with `http` or `/` (json_link, 1.0) → a `total_pages`/`pages`/`totalpages` key with an
 * integer value (page_number, 0.5) → a `next*` key with any other scalar (cursor, 0.5) → single_page (0.0).
 * Logged as dlt does: 1.0 at info, 0.5 at warning, 0.0 at warning when the data is a list, else info.
 */
import { log } from '../../../common/log.js';
import { CursorPaginator } from './paginators/cursor.js';
import { HeaderLinkPaginator, parseLinkHeader } from './paginators/header-link.js';
import { JsonLinkPaginator } from './paginators/json-link.js';
import { PageNumberPaginator } from './paginators/page-number.js';
import { SinglePagePaginator } from './paginators/single-page.js';
import type { Paginator, RestResponse } from './types.js';

/** Keys that name a list of records. */
export const RECORD_KEYS: ReadonlySet<string> = new Set([
  'data', 'items', 'results', 'entries', 'records', 'rows', 'entities', 'payload', 'content', 'objects', 'values',
]);
/** Keys that never hold records. */
export const NON_RECORD_KEYS: ReadonlySet<string> = new Set(['meta', 'metadata', 'pagination', 'links', 'extras', 'headers']);

type Json = Record<string, unknown>;
function isDict(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSONPath for a key path: `a.b` when every key is a plain identifier, else `$['a']['b.c']`. */
export function pathOf(keys: readonly string[]): string {
  if (keys.length === 0) return '$';
  if (keys.every((k) => /^[A-Za-z_][\w-]*$/.test(k))) return keys.join('.');
  return '$' + keys.map((k) => `['${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`).join('');
}

function findAllLists(dict: Json, path: string[], out: [string[], unknown[]][]): void {
  if (path.length > 2) return;
  for (const [k, v] of Object.entries(dict)) {
    if (Array.isArray(v)) out.push([[...path, k], v]);
    else if (isDict(v)) findAllLists(v, [...path, k], out);
  }
}

function findPageData(body: unknown): [string[], unknown] {
  if (!isDict(body)) return [[], body];
  const lists: [string[], unknown[]][] = [];
  findAllLists(body, [], lists);
  if (lists.length === 0) return [[], body];
  const hit = lists.find(([p]) => RECORD_KEYS.has(p[p.length - 1]!) && !NON_RECORD_KEYS.has(p[p.length - 1]!));
  return hit ?? lists[0]!;
}

/** The data selector for `body` (`$`, `data`, `response.items`, …), without logging. */
export function findDataSelector(body: unknown): string {
  return pathOf(findPageData(body)[0]);
}

/** The data selector for `body` (`$`, `data`, `response.items`, …); logs what it found at info. */
export function detectDataSelector(body: unknown): string {
  const [keys, data] = findPageData(body);
  const selector = pathOf(keys);
  if (Array.isArray(data)) log.info(`Detected page data at path: '${selector}' type: list length: ${data.length}`);
  else log.info(`Detected single page data at path: '${selector}' type: ${data === null ? 'null' : typeof data}`);
  return selector;
}

type Scalar = string | number | boolean;
function isScalar(v: unknown): v is Scalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** DFS over dicts for the first key starting with `next` (lower-cased) with a scalar, or a dict with an `href*`/`url*` scalar. */
function findNextPagePath(dict: unknown, path: string[] = []): [string[], Scalar] | undefined {
  if (!isDict(dict)) return undefined;
  for (const [k, v] of Object.entries(dict)) {
    if (k.toLowerCase().startsWith('next')) {
      if (isDict(v)) {
        for (const [dk, dv] of Object.entries(v)) {
          const l = dk.toLowerCase();
          if ((l.startsWith('href') || l.startsWith('url')) && isScalar(dv)) return [[...path, k, dk], dv];
        }
      } else if (isScalar(v)) {
        return [[...path, k], v];
      }
    }
    if (isDict(v)) {
      const found = findNextPagePath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

const TOTAL_PAGES = /^total_pages$|^pages$|^totalpages$/;
function findTotalPagesPath(dict: unknown, path: string[] = []): [string[], Scalar] | undefined {
  if (!isDict(dict)) return undefined;
  for (const [k, v] of Object.entries(dict)) {
    if (TOTAL_PAGES.test(k.toLowerCase()) && isScalar(v)) return [[...path, k], v];
    if (isDict(v)) {
      const found = findTotalPagesPath(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Python `int()` of a JSON scalar: integers, floats (truncated), integer strings. */
function castsToInt(v: Scalar): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (typeof v === 'string') return /^\s*[-+]?\d+\s*$/.test(v);
  return false;
}

/** A detected paginator, its detection score (1.0 sure, 0.5 guessed settings, 0.0 fallback) and why. */
export interface DetectedPaginator {
  paginator: Paginator;
  score: number;
  reason: string;
}

/** The paginator for the first response of a call, without logging (see {@link detectPaginator}). */
export function findPaginator(res: RestResponse, body: unknown): DetectedPaginator {
  if (parseLinkHeader(res.headers['link'])['next']) {
    return { paginator: new HeaderLinkPaginator(), score: 1, reason: 'the Link response header has rel="next"' };
  }
  const next = findNextPagePath(body);
  if (next && typeof next[1] === 'string' && (next[1].startsWith('http') || next[1].startsWith('/'))) {
    const p = pathOf(next[0]);
    return { paginator: new JsonLinkPaginator({ next_url_path: p }), score: 1, reason: `the body has a next URL at '${p}'` };
  }
  const pages = findTotalPagesPath(body);
  if (pages && castsToInt(pages[1])) {
    const p = pathOf(pages[0]);
    return { paginator: new PageNumberPaginator({ total_path: p }), score: 0.5, reason: `the body has a page count at '${p}'` };
  }
  if (next) {
    const p = pathOf(next[0]);
    return { paginator: new CursorPaginator({ cursor_path: p }), score: 0.5, reason: `the body has a next cursor at '${p}'` };
  }
  return { paginator: new SinglePagePaginator(), score: 0, reason: 'no pagination found in headers or body' };
}

/**
 * Detects the paginator from the first response. `data` is the selected page data before it is wrapped
 * into a list (it only decides the log level of the fallback); by default it is derived from `body`.
 */
export function detectPaginator(res: RestResponse, body: unknown, data?: unknown): DetectedPaginator {
  const found = findPaginator(res, body);
  logDetectedPaginator(found, body, data);
  return found;
}

/** Logs a detected paginator as dlt does: score 1.0 at info, 0.5 at warning, 0.0 at warning for a list, else info. */
export function logDetectedPaginator(found: DetectedPaginator, body: unknown, data?: unknown): void {
  const desc = found.paginator.describe();
  if (found.score === 1) {
    log.info(`Detected paginator: ${desc} (${found.reason})`);
  } else if (found.score === 0) {
    const isList = data !== undefined ? Array.isArray(data) : Array.isArray(findPageData(body)[1]);
    if (isList) log.warn(`Fallback paginator used: ${desc}. Please provide right paginator manually.`);
    else log.info(`Fallback paginator used: ${desc} to handle not paginated response.`);
  } else {
    log.warn(
      `Detected paginator ${desc} (${found.reason}). Please verify the paginator settings. We strongly suggest to use an ` +
        'explicit paginator as some settings may not be guessed correctly.',
    );
  }
}
