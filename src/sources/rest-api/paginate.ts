/**
 * The request loop of one endpoint call (dlt §1.6): init the paginator, then send → response actions →
 * data selector (detected on the first response of the call when unset) → paginator (detected on the
 * first response of the call when none is configured anywhere) → yield the page → next request, until the
 * paginator says stop. As in dlt, detection runs per call — for a child, per parent item — so a later
 * parent item whose response has a `Link: rel="next"` is followed even if the first one had one page.
 * A resumable cursor (`paginator.resume`) is read from every response and carried into the first request
 * of the next run.
 */
import { log } from '../../common/log.js';
import type { ResumableCursor } from '../../extract/incremental.js';
import type { Page } from '../../extract/resource.js';
import { selectData } from './client/data-selector.js';
import { detectDataSelector, findDataSelector, findPaginator, logDetectedPaginator } from './client/detector.js';
import { HttpError, type HttpClient } from './client/http-client.js';
import { excerpt } from './client/http-error.js';
import { maskUrl } from './client/redact.js';
import { findValue, setAtPath } from './client/json-path.js';
import type { Auth, Paginator, RestRequest, RestResponse } from './client/types.js';
import type { ResponseActions } from './response-actions.js';

/** Where a resumable cursor is read from and written to. */
export interface ResumeSpec {
  /** Reads the next cursor from a response. */
  read(res: RestResponse): unknown;
  /** Writes a saved cursor into the first request. */
  write(req: RestRequest, cursor: string): void;
}

/** Everything the loop needs besides the request. */
export interface EndpointCall {
  resourceName: string;
  client: HttpClient;
  auth?: Auth;
  /** Configured paginator (cloned per call); `'auto'`/undefined → detected on the first response of each call. */
  paginator: Paginator | 'auto' | undefined;
  /** Where the paginator came from, for the log line. */
  paginatorSource: string;
  /** Configured data selector; undefined → detected on the first response of each call. */
  dataSelector: string | undefined;
  actions: ResponseActions;
  resume?: ResumeSpec;
  /** Shared across calls of one endpoint: the last detection logged, so a detection is logged when it changes, not per call. */
  detected: { dataSelector?: string; paginator?: string };
}

/** A page plus the response it came from. */
export interface FetchedPage {
  page: Page;
  response: RestResponse;
}

/** The JSON body; undefined for 204 or a blank body (the text is only decoded when parsing fails). */
function parseBody(res: RestResponse): unknown {
  if (res.status === 204 || (res.status === 205 && res.text.trim() === '')) return undefined;
  try {
    return res.json();
  } catch (e) {
    if (res.text.trim() === '') return undefined;
    throw e;
  }
}

/** Pages of one endpoint call. */
export async function* paginate(call: EndpointCall, req: RestRequest, opts: { signal?: AbortSignal; cursor?: ResumableCursor } = {}): AsyncGenerator<FetchedPage> {
  let paginator: Paginator | undefined = call.paginator === 'auto' ? undefined : call.paginator?.clone();
  let selector = call.dataSelector;
  paginator?.initRequest(req);
  if (opts.cursor?.initial !== undefined && call.resume) {
    call.resume.write(req, opts.cursor.initial);
    log.info(`resource ${call.resourceName}: resuming from the saved cursor`);
  }
  const retryIf = call.actions.hasRetry ? call.actions.shouldRetry : undefined;
  const acceptIf = call.actions.hasIgnore ? call.actions.shouldIgnore : undefined;
  for (;;) {
    let res: RestResponse;
    let failure: HttpError | undefined;
    try {
      res = await call.client.send(req, call.auth, { retryIf, acceptIf, signal: opts.signal });
    } catch (e) {
      // A final error status still goes through the actions (once): a callable may replace the response.
      if (!(e instanceof HttpError && e.response && !call.actions.empty)) throw e;
      failure = e;
      res = e.response;
    }
    if (!call.actions.empty) {
      const out = await call.actions.apply(res);
      if (out.kind === 'ignore') {
        log.info(`resource ${call.resourceName}: ignoring the ${res.status} response of ${res.request.method} ${maskUrl(res.url ?? res.request.url)} (response_actions)`);
        return;
      }
      res = out.response;
      if (res.status >= 400) {
        throw (
          failure ??
          new HttpError({ method: res.request.method, url: maskUrl(res.url ?? res.request.url), status: res.status, bodyExcerpt: excerpt(res.text), authType: call.auth?.type })
        );
      }
    }
    const body = parseBody(res);
    let page: Page;
    if (body === undefined) page = [];
    else {
      if (selector === undefined) {
        selector = findDataSelector(body);
        if (selector !== call.detected.dataSelector) {
          call.detected.dataSelector = detectDataSelector(body);
          log.info(`resource ${call.resourceName}: data selector '${selector}' (auto-detected)`);
        }
      }
      page = selectData(body, selector);
    }
    if (!paginator) {
      const found = findPaginator(res, body);
      paginator = found.paginator;
      const desc = paginator.describe();
      if (desc !== call.detected.paginator) {
        call.detected.paginator = desc;
        logDetectedPaginator(found, body);
        log.info(`resource ${call.resourceName}: paginator ${desc} (auto-detected: ${found.reason})`);
      }
    }
    paginator.updateState(res, page);
    if (call.resume && opts.cursor) opts.cursor.update(call.resume.read(res));
    yield { page, response: res };
    if (!paginator.hasNextPage) return;
    paginator.updateRequest(req);
  }
}

/** Resume spec for a `cursor` / `header_cursor` paginator config with `resume: true`. */
export function resumeSpecFor(config: Record<string, unknown>): ResumeSpec | undefined {
  if (config.resume !== true) return undefined;
  if (config.type === 'header_cursor') {
    const key = String(config.cursor_key ?? 'next').toLowerCase();
    const param = String(config.cursor_param ?? 'cursor');
    return { read: (res) => res.headers[key], write: (req, c) => void (req.params[param] = c) };
  }
  const path = String(config.cursor_path ?? 'cursors.next');
  const bodyPath = config.cursor_body_path as string | undefined;
  const bodyOnly = config.cursor_body_only === true;
  const param = String(config.cursor_param ?? 'cursor');
  return {
    read: (res) => {
      const body = parseBody(res);
      return body === undefined ? undefined : findValue(body, path);
    },
    write: (req, c) => {
      if (bodyPath) req.json = setAtPath(bodyOnly ? undefined : req.json, bodyPath, c);
      else req.params[param] = c;
    },
  };
}
