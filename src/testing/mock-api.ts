/**
 * `MockApi`: a declarative mock REST server on 127.0.0.1 for tests and benchmarks.
 *
 * ```ts
 * const api = new MockApi({
 *   routes: [
 *     { path: '/me', json: { id: 1 } },
 *     { path: '/users', collection: 'users', paginate: { type: 'offset' }, pageSize: 10 },
 *     { path: '/users/:id', handler: (req, api) => ({ json: api.collection('users').find((u) => String(u.id) === req.params.id) }) },
 *   ],
 *   collections: { users: makeRecords(95) },
 *   auth: { type: 'bearer', token: 'secret-token' },
 *   faults: { rate: 0.2, kinds: ['429', '500', 'reset', 'truncate'], seed: 7, retryAfter: 1 },
 * });
 * const baseUrl = await api.start();
 * api.collection('users').push({ id: 96 }); // new data shows up on the next run
 * await api.close();
 * ```
 * Every request is logged in `api.requests` (method, path, query, headers, body, fault).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { checkAuth, tokenResponse, TokenStore, type MockAuth } from './mock-auth.js';
import { FaultPlan, type FaultKind, type MockFaults } from './mock-faults.js';
import { servePage, type MockPagination } from './mock-pagination.js';

export type { MockAuth } from './mock-auth.js';
export type { FaultKind, MockFaults } from './mock-faults.js';
export type { MockPagination } from './mock-pagination.js';

/** A record of a mock collection. */
export type MockRecord = Record<string, unknown>;

/** A request as the mock saw it. Header names are lower-cased. */
export interface MockRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON or form body; the raw text for other content types; undefined when empty. */
  body: unknown;
  /** `:name` segments of the matched route path. */
  params: Record<string, string>;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

/** What a handler returns. `json` is serialized; `body` is sent as is. Default status 200. */
export interface MockResponse {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

interface RouteBase {
  /** Path, with `:name` segments, e.g. `/users/:id/orders`. */
  path: string;
  /** Default `GET`. */
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `false` serves this route without the API's auth check. Default true. */
  auth?: boolean;
}
/** A fixed response. */
export interface StaticRoute extends RouteBase {
  json: unknown;
  status?: number;
  headers?: Record<string, string>;
}
/** A collection served page by page. */
export interface CollectionRoute extends RouteBase {
  /** Name of the collection (see `MockApiOptions.collections` and `MockApi.collection()`). */
  collection: string;
  /** Default `{ type: 'single_page' }`. */
  paginate?: MockPagination;
  /** Records per page (when the request does not choose a size). Default 10. */
  pageSize?: number;
  /** Dot path of the records in the body; `null` sends a bare list. Default `data`. */
  dataKey?: string | null;
}
/** Computes the response. */
export interface HandlerRoute extends RouteBase {
  handler: (req: MockRequest, api: MockApi) => MockResponse | Promise<MockResponse>;
}
export type MockRoute = StaticRoute | CollectionRoute | HandlerRoute;

export interface MockApiOptions {
  routes: MockRoute[];
  /** Initial collections (copied). */
  collections?: Record<string, MockRecord[]>;
  /** Credentials every route requires (unless `auth: false` on the route). Default: none. */
  auth?: MockAuth;
  /** Body of 401 responses. Default `{ error: 'unauthorized', message: 'Missing or invalid credentials' }`. */
  unauthorizedBody?: unknown;
  /** Injected faults; can be changed later with `api.setFaults()`. */
  faults?: MockFaults;
  /** Default 0 (any free port). */
  port?: number;
  /** Keep `api.requests` (default true; benchmarks turn it off). */
  logRequests?: boolean;
}

/** `n` records `{ id: 1.., name: 'record 1', ... }`, or built by `make(i)` (i from 1). */
export function makeRecords(n: number, make?: (i: number) => MockRecord): MockRecord[] {
  return Array.from({ length: n }, (_, k) => (make ? make(k + 1) : { id: k + 1, name: `record ${k + 1}`, value: (k + 1) * 10 }));
}

interface CompiledRoute {
  route: MockRoute;
  method: string;
  re: RegExp;
  names: string[];
}

function compile(route: MockRoute): CompiledRoute {
  const names: string[] = [];
  const src = route.path
    .split('/')
    .map((seg) => (seg.startsWith(':') ? (names.push(seg.slice(1)), '([^/]+)') : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { route, method: route.method ?? 'GET', re: new RegExp(`^${src}/?$`), names };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('json')) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return raw;
    }
  }
  if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  return raw;
}

export class MockApi {
  /** Every request received, in order (when `logRequests` is on). */
  readonly requests: MockRequest[] = [];
  readonly #routes: CompiledRoute[];
  readonly #collections = new Map<string, MockRecord[]>();
  readonly #faults: FaultPlan;
  readonly #tokens = new TokenStore();
  readonly #opts: MockApiOptions;
  #server: Server | undefined;
  #url = '';

  constructor(opts: MockApiOptions) {
    this.#opts = opts;
    this.#routes = opts.routes.map(compile);
    for (const [k, v] of Object.entries(opts.collections ?? {})) this.#collections.set(k, v.slice());
    this.#faults = new FaultPlan(opts.faults);
  }

  /** Starts listening on 127.0.0.1; returns the base URL (`http://127.0.0.1:<port>`). */
  async start(): Promise<string> {
    if (this.#server) return this.#url;
    const server = createServer({ keepAlive: true }, (req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'mock_error', message: e instanceof Error ? e.message : String(e) }));
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  /** The base URL (after `start()`). */
  get url(): string {
    return this.#url;
  }

  /** Stops the server and drops open connections. */
  async close(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    this.#server = undefined;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** The live array of a collection (created empty if unknown); push/splice it to change what is served. */
  collection(name: string): MockRecord[] {
    let c = this.#collections.get(name);
    if (!c) this.#collections.set(name, (c = []));
    return c;
  }

  /** Replaces the fault settings (and restarts the fault schedule). */
  setFaults(faults: MockFaults): void {
    this.#faults.configure(faults);
  }

  /** Faults served so far, by kind. */
  get faultsServed(): Readonly<Record<string, number>> {
    return this.#faults.served;
  }

  /** OAuth tokens issued so far (with `auth: { type: 'oauth2' }`). */
  get tokensIssued(): number {
    return this.#tokens.issued;
  }

  /** Requests whose path equals `path` (faulted ones included). */
  requestsTo(path: string): MockRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://mock');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const mreq: MockRequest = {
      method: req.method ?? 'GET',
      path: u.pathname,
      query: Object.fromEntries(u.searchParams),
      headers,
      body: parseBody(Buffer.concat(chunks).toString('utf8'), headers['content-type']),
      params: {},
    };
    if (this.#opts.logRequests !== false) this.requests.push(mreq);
    const auth = this.#opts.auth;
    const always = this.#faults.settings.alwaysLatencyMs;
    if (always) await delay(always);

    const isTokenPath = auth?.type === 'oauth2' && mreq.method === 'POST' && mreq.path === (auth.tokenPath ?? '/oauth/token');
    const fault = isTokenPath && !this.#faults.settings.paths?.includes(mreq.path) ? undefined : this.#faults.next(mreq.path);
    if (fault) mreq.fault = fault;
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === '429' || fault === '500' || fault === '502' || fault === '503') {
      const h: Record<string, string> = {};
      const ra = fault === '429' ? this.#faults.retryAfterHeader() : undefined;
      if (ra !== undefined) h['retry-after'] = ra;
      return this.#send(res, { status: Number(fault), json: { error: fault === '429' ? 'rate_limited' : 'server_error' }, headers: h });
    }
    if (fault === 'latency') await delay(this.#faults.settings.latencyMs ?? 50);

    let out: MockResponse;
    if (isTokenPath) {
      const form = (typeof mreq.body === 'object' && mreq.body !== null ? mreq.body : {}) as Record<string, string>;
      const [status, json] = tokenResponse(auth, form, this.#tokens);
      out = { status, json };
    } else {
      // For auth, a param sent twice reads as both values joined (as ASP.NET and Express see it): a key sent twice fails.
      const authQuery = Object.fromEntries([...new Set(u.searchParams.keys())].map((k) => [k, u.searchParams.getAll(k).join(',')]));
      out = await this.#route(mreq, authQuery);
    }
    if (fault === 'truncate') return this.#sendTruncated(res, out);
    return this.#send(res, out);
  }

  async #route(mreq: MockRequest, authQuery: Record<string, string>): Promise<MockResponse> {
    let pathMatched = false;
    for (const c of this.#routes) {
      const m = c.re.exec(mreq.path);
      if (!m) continue;
      pathMatched = true;
      if (c.method !== mreq.method) continue;
      c.names.forEach((n, i) => (mreq.params[n] = decodeURIComponent(m[i + 1]!)));
      const r = c.route;
      const auth = this.#opts.auth;
      if (auth && r.auth !== false && !checkAuth(auth, mreq.headers, authQuery, this.#tokens)) {
        return {
          status: 401,
          json: this.#opts.unauthorizedBody ?? { error: 'unauthorized', message: 'Missing or invalid credentials' },
          headers: { 'www-authenticate': auth.type === 'http_basic' ? 'Basic realm="mock"' : 'Bearer' },
        };
      }
      if ('handler' in r) return r.handler(mreq, this);
      if ('collection' in r) {
        const selfUrl = (params: Record<string, string>) => `${this.#url}${mreq.path}?${new URLSearchParams(params).toString()}`;
        return servePage(r.paginate ?? { type: 'single_page' }, this.collection(r.collection), mreq, r.pageSize ?? 10, r.dataKey === undefined ? 'data' : r.dataKey, selfUrl);
      }
      return { status: r.status, json: r.json, headers: r.headers };
    }
    return pathMatched
      ? { status: 405, json: { error: 'method_not_allowed' } }
      : { status: 404, json: { error: 'not_found', message: `no route for ${mreq.method} ${mreq.path}` } };
  }

  #encode(out: MockResponse): [Buffer, Record<string, string>] {
    const body = Buffer.isBuffer(out.body) ? out.body : Buffer.from(out.body ?? (out.json === undefined ? '' : JSON.stringify(out.json)));
    const headers: Record<string, string> = { 'content-length': String(body.length) };
    if (out.body === undefined && out.json !== undefined) headers['content-type'] = 'application/json';
    for (const [k, v] of Object.entries(out.headers ?? {})) headers[k.toLowerCase()] = v;
    return [body, headers];
  }

  #send(res: ServerResponse, out: MockResponse): void {
    const [body, headers] = this.#encode(out);
    res.writeHead(out.status ?? 200, headers);
    res.end(body);
  }

  /** Writes the headers (with the full Content-Length) and half the body, then destroys the socket. */
  #sendTruncated(res: ServerResponse, out: MockResponse): void {
    const [body, headers] = this.#encode(out);
    res.writeHead(out.status ?? 200, headers);
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  }
}
