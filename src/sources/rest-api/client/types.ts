/**
 * The small interfaces the REST client is built from (DESIGN.md: one interface, one file per
 * implementation). The config layer (../config-*.ts, ../resolve.ts) builds these from dlt-keyed config
 * objects; the client (http-client.ts) runs them.
 */
import type { Page } from '../../../extract/resource.js';

/** A mutable request description; paginators and auth edit it between pages. */
export interface RestRequest {
  method: 'GET' | 'POST';
  /** Absolute URL without query string. */
  url: string;
  /** Query params; undefined values are dropped. */
  params: Record<string, string | number | boolean | undefined>;
  headers: Record<string, string>;
  /** JSON body (POST). Body-path paginators write into it. */
  json?: unknown;
  /** Form/raw body; cannot be combined with `json`. */
  data?: string | Record<string, string>;
}

/** A received response with its body read completely. */
export interface RestResponse {
  readonly request: RestRequest;
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Record<string, string>;
  readonly text: string;
  /** The URL that was requested, with its query string (unmasked). Next-URL paginators resolve relative links against it. */
  readonly url?: string;
  /** Parsed JSON body (parsed once, lazily); throws a clear error naming method, masked URL, status and a body excerpt. */
  json(): unknown;
}

/** Stateful per pagination run; `clone()` gives a fresh copy for each parent item / paginate() call. */
export interface Paginator {
  /** Sets up the first request (e.g. first page/offset params). */
  initRequest(req: RestRequest): void;
  /** Reads the response and the extracted page; decides whether there is a next page. */
  updateState(res: RestResponse, page: Page): void;
  /** Edits the request for the next page. */
  updateRequest(req: RestRequest): void;
  readonly hasNextPage: boolean;
  clone(): Paginator;
  /** For logs: e.g. `OffsetPaginator(limit=100, offset_param=offset, total_path=total)`. */
  describe(): string;
}

/** What sends requests (the `HttpClient`); auths that make requests of their own (OAuth2 token fetches) use it. */
export interface RequestSender {
  send(req: RestRequest, auth?: Auth): Promise<RestResponse>;
}

/** Adds credentials to a request. Implementations keep their values as `Secret`s. */
export interface Auth {
  /**
   * Adds the credentials to `req` (a copy, per attempt). `sender` is the client sending it: an auth that
   * needs a request of its own (a token) sends it there, with the same runtime settings and dispatcher.
   */
  apply(req: RestRequest, sender?: RequestSender): void | Promise<void>;
  /** e.g. `bearer`, `api_key`, `http_basic`, `oauth2_client_credentials` — used in 401/403 messages. */
  readonly type: string;
}
