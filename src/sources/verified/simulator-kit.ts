/**
 * The shared piece of the verified-source API simulators: a loopback `node:http` server with a tiny router,
 * JSON / problem+json / text responses, a request log, deterministic fault injection, fixed-window rate
 * limiters, a seeded PRNG and the helpers each simulator uses to generate its world.
 *
 * Node built-ins only. Each simulator (`<api>/simulator.ts`) composes these pieces; tests and
 * `sluice demo` use the simulators, never this file directly.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A transient failure a simulator can inject: an HTTP status, or `reset` (the socket is destroyed). */
export type FaultKind = '429' | '500' | '502' | '503' | 'reset';

/** Deterministic transient fault injection. The same seed and the same request order give the same faults. */
export interface FaultOptions {
  /** Share of requests that fail, 0..1. */
  rate: number;
  /** Kinds to draw from (uniformly). */
  kinds: FaultKind[];
  /** PRNG seed for the fault sequence; default 1. */
  seed?: number;
  /**
   * At most this many faults in a row for the same request (method, URL and body; default 2), so a client
   * that retries a few times always gets through, however requests of concurrent resources interleave.
   * Set `Infinity` for no cap.
   */
  maxConsecutive?: number;
  /** Only requests whose path matches are eligible (default: all). */
  only?: RegExp;
}

/** One request as the simulator received it. `headers` keys are lower-case. */
export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON body, the raw string when it is not JSON, or `undefined` when empty. */
  body: unknown;
  /** Which server of a multi-server simulator got it (1Password: `connect` | `events`). */
  server?: string;
  /** Status answered (0 for a socket reset). */
  status?: number;
  /** Set when the answer was an injected fault. */
  fault?: FaultKind;
  /** Which TCP connection carried it (1, 2, … in the order the server accepted them): shows a client reconnecting. */
  connection: number;
}

/** The request handed to a route handler. */
export interface SimRequest extends LoggedRequest {
  params: Record<string, string>;
  rawBody: string;
  /** True when a non-empty body was sent that is not valid JSON. */
  bodyInvalid: boolean;
}

/** What a handler answers. `json` wins over `text`; neither means an empty body. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string | Buffer;
  contentType?: string;
}

/** A route handler. */
export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** A method + path pattern (`:name` segments are parameters), as listed in `actionEndpoints`. */
export interface EndpointPattern {
  method: string;
  path: string;
}

interface Route extends EndpointPattern {
  handler: Handler;
  action: boolean;
}

/** Match `/a/:id/b` against a concrete path; returns the params or `undefined`. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const ps = pattern.split('/');
  const xs = path.split('/');
  if (ps.length !== xs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = xs[i]!;
    if (p.startsWith(':')) {
      if (x === '') return undefined;
      params[p.slice(1)] = decodeURIComponent(x);
    } else if (p !== x) return undefined;
  }
  return params;
}

/** A tiny method + path router. Routes registered with `{ action: true }` are listed by `actionEndpoints()`. */
export class Router {
  private readonly routes: Route[] = [];

  /** Register a route. Earlier registrations win when two patterns match. */
  on(method: string, path: string, handler: Handler, opts: { action?: boolean } = {}): this {
    this.routes.push({ method: method.toUpperCase(), path, handler, action: opts.action ?? false });
    return this;
  }

  /** Find the route for a request; `pathMatched` tells a 405 from a 404. */
  match(method: string, path: string): { route?: Route; params: Record<string, string>; pathMatched: boolean } {
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method) return { route, params, pathMatched };
    }
    return { params: {}, pathMatched };
  }

  /** Method + pattern of every route registered as an action (mints tokens, sends mail, writes or deletes). */
  actionEndpoints(): EndpointPattern[] {
    return this.routes.filter((r) => r.action).map(({ method, path }) => ({ method, path }));
  }
}

/** A JSON answer. */
export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return { status, json: body, headers };
}

/** An RFC 7807 answer (`application/problem+json`). */
export function problem(status: number, body: Record<string, unknown>, headers?: Record<string, string>): SimResponse {
  return { status, json: body, headers, contentType: 'application/problem+json' };
}

/** An answer with no body. */
export function empty(status: number, headers?: Record<string, string>): SimResponse {
  return { status, headers };
}

/** A plain-text answer. */
export function text(status: number, body: string, headers?: Record<string, string>): SimResponse {
  return { status, text: body, headers, contentType: 'text/plain; charset=utf-8' };
}

/** The logged requests that hit one of `patterns`. */
export function requestsMatching(log: readonly LoggedRequest[], patterns: readonly EndpointPattern[]): LoggedRequest[] {
  return log.filter((r) => patterns.some((p) => p.method === r.method && matchPath(p.path, r.path) !== undefined));
}

/** How `serve` builds one server. */
export interface ServeOptions {
  router: Router;
  /** Shared request log (several servers of one simulator may append to the same array). */
  log: LoggedRequest[];
  port?: number;
  /** Label written to `LoggedRequest.server`. */
  label?: string;
  faults?: FaultOptions;
  /** The API's own rendering of an injected HTTP fault (status 429/500/502/503). */
  faultResponse: (status: number) => SimResponse;
  /** Requests whose path matches answer {@link ServeOptions.forbiddenResponse} (see `CommonSimulatorOptions.forbidden`). */
  forbidden?: RegExp;
  /** The API's own documented 403 for `req` (e.g. Passwordless `api_key_locked`, 1Password Connect "vault … is not in scope"). */
  forbiddenResponse: (req: SimRequest) => SimResponse;
  /** Answer for an unknown path (default: 404, empty body). */
  notFound?: (req: SimRequest) => SimResponse;
  /** Headers added to every answer. */
  headers?: Record<string, string>;
}

/** A listening server. */
export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Start a simulator server on 127.0.0.1 (port 0 = any free port). */
export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const faultRng = new Rng(opts.faults?.seed ?? 1);
  /** Faults served in a row, per request (method, URL, body). */
  const consecutive = new Map<string, number>();
  const sockets = new Set<Socket>();
  const connectionIds = new WeakMap<Socket, number>();
  let accepted = 0;

  const drawFault = (path: string, request: string): FaultKind | undefined => {
    const f = opts.faults;
    if (!f || f.rate <= 0 || f.kinds.length === 0) return undefined;
    if (f.only && !f.only.test(path)) return undefined;
    const hit = faultRng.next() < f.rate;
    const kind = faultRng.pick(f.kinds);
    const inRow = consecutive.get(request) ?? 0;
    if (!hit || inRow >= (f.maxConsecutive ?? 2)) {
      consecutive.delete(request);
      return undefined;
    }
    consecutive.set(request, inRow + 1);
    return kind;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    let body: unknown;
    let bodyInvalid = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
        bodyInvalid = true;
      }
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: LoggedRequest = { method, path: url.pathname, query, headers, body, connection: connectionIds.get(req.socket) ?? 0 };
    if (opts.label) entry.server = opts.label;
    opts.log.push(entry);

    const fault = drawFault(url.pathname, `${req.method} ${req.url} ${rawBody}`);
    if (fault) {
      entry.fault = fault;
      if (fault === 'reset') {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      return send(res, opts.faultResponse(Number(fault)), entry, opts.headers);
    }
    const sreq: SimRequest = { ...entry, params: {}, rawBody, bodyInvalid };
    if (opts.forbidden?.test(url.pathname)) return send(res, opts.forbiddenResponse(sreq), entry, opts.headers);
    const { route, params } = opts.router.match(method, url.pathname);
    let answer: SimResponse;
    if (!route) answer = opts.notFound ? opts.notFound(sreq) : empty(404);
    else {
      sreq.params = params;
      try {
        answer = await route.handler(sreq);
      } catch (e) {
        answer = text(500, `simulator error: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    send(res, answer, entry, opts.headers);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    connectionIds.set(s, ++accepted);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: SimResponse, entry: LoggedRequest, extra?: Record<string, string>): void {
  entry.status = r.status;
  const headers: Record<string, string> = { ...extra, ...r.headers };
  let payload: string | Buffer | undefined;
  if (r.json !== undefined) {
    payload = JSON.stringify(r.json);
    headers['content-type'] = r.contentType ?? 'application/json; charset=utf-8';
  } else if (r.text !== undefined) {
    payload = r.text;
    headers['content-type'] = r.contentType ?? 'text/plain; charset=utf-8';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  else headers['content-length'] = '0';
  res.writeHead(r.status, headers);
  res.end(payload);
}

// ---------------------------------------------------------------------------------------------------------
// Rate limiting and clocks

/** A fixed-window limiter: `limit` requests per `windowMs`; an optional `backoffMs` blocks after a breach. */
export class WindowLimiter {
  private windowStart = -Infinity;
  private used = 0;
  private blockedUntil = -Infinity;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    readonly backoffMs = 0,
  ) {}

  /** Count one request at `now`; `retryAfterMs` says how long until the next one is accepted. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    if (now < this.blockedUntil) return { ok: false, retryAfterMs: this.blockedUntil - now };
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    if (this.used >= this.limit) {
      if (this.backoffMs > 0) {
        this.blockedUntil = now + this.backoffMs;
        return { ok: false, retryAfterMs: this.backoffMs };
      }
      return { ok: false, retryAfterMs: this.windowStart + this.windowMs - now };
    }
    this.used++;
    return { ok: true };
  }
}

/** A limit given as options: `{ limit, windowMs }`. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Midnight UTC of the day containing `ms`. */
export function startOfUtcDay(ms: number): number {
  return ms - (ms % 86_400_000);
}

/**
 * The simulated world's time. Data is generated before `baseTime` (default: midnight UTC today, so "last
 * 30 days" windows of the real APIs find it); `now()` runs on from there in real time unless given.
 * Pass a fixed `baseTime` for byte-identical data across days.
 */
export function makeClock(opts: { baseTime?: number; now?: () => number }): { baseTime: number; now: () => number } {
  const realBase = startOfUtcDay(Date.now());
  const baseTime = opts.baseTime ?? realBase;
  const offset = realBase - baseTime;
  return { baseTime, now: opts.now ?? (() => Date.now() - offset) };
}

/** Options every simulator takes. */
export interface CommonSimulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Data seed; same seed (and baseTime) → same data. Default 42. */
  seed?: number;
  /** Multiplies the default record counts (default 1). */
  size?: number;
  faults?: FaultOptions;
  /**
   * Requests whose path matches answer the API's documented 403, whatever the credentials (a locked key,
   * a vault outside the token's scope), so tests can check how a source reports it. Default: none.
   */
  forbidden?: RegExp;
  /** See {@link makeClock}. */
  baseTime?: number;
  /** Clock for rate-limit windows, token expiry and "now"-relative filters. */
  now?: () => number;
}

/** What every simulator handle exposes to tests and `sluice demo`. */
export interface Simulator<D extends SimulatorData = SimulatorData> {
  /** Registry name (`passwordless`, `authsignal`, `propel_auth`, `descope_management_users`, `_1password`). */
  readonly name: string;
  /** Base URL to configure the source with. */
  readonly url: string;
  /** The secret values the simulator accepts, keyed by the source's secret names. */
  readonly credentials: Readonly<Record<string, string>>;
  /** Every request received, in order. */
  readonly requests: LoggedRequest[];
  /** Endpoints that mint tokens, send mail, write or delete; a loader must never call them. */
  readonly actionEndpoints: readonly EndpointPattern[];
  /** The logged requests that hit an action endpoint. */
  actionRequests(): LoggedRequest[];
  /** Handle to read and mutate the simulated world. */
  readonly data: D;
  close(): Promise<void>;
}

/** The part of every `data` handle tests rely on. */
export interface SimulatorData {
  /** Records held per entity (compare with loaded row counts). */
  counts(): Record<string, number>;
}

/** Scale a default count by `size`, honouring an explicit override. */
export function countOf(def: number, size: number | undefined, override: number | undefined): number {
  return override ?? Math.max(0, Math.round(def * (size ?? 1)));
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic data

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B64URL = `ABCDEFGHIJKLMNOPQRSTUVWXYZ${LOWER}${DIGITS}-_`;

/** A seeded PRNG (mulberry32) with the helpers simulators need. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  /** `n` distinct picks (fewer if `xs` is shorter), in `xs` order. */
  some<T>(xs: readonly T[], n: number): T[] {
    const idx = new Set<number>();
    while (idx.size < Math.min(n, xs.length)) idx.add(Math.floor(this.next() * xs.length));
    return [...idx].sort((a, b) => a - b).map((i) => xs[i]!);
  }
  chars(n: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
  hex(n: number): string {
    return this.chars(n, '0123456789abcdef');
  }
  /** Lower-case alphanumerics (1Password Connect ids: 26 of them). */
  alnum(n: number): string {
    return this.chars(n, LOWER + DIGITS);
  }
  /** Upper-case base32 (1Password Events uuids: 26 of them). */
  base32(n: number): string {
    return this.chars(n, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
  }
  base64url(n: number): string {
    return this.chars(n, B64URL);
  }
  /** A v4-shaped UUID. */
  uuid(): string {
    const h = this.hex(32);
    const v = '89ab'[this.int(0, 3)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** A millisecond instant in [from, to). */
  between(from: number, to: number): number {
    return from + Math.floor(this.next() * (to - from));
  }
}

/** Derive a child seed so each entity family has its own stream (adding one never shifts another). */
export function subSeed(seed: number, label: string): number {
  let h = seed ^ 0x811c9dc5;
  for (const c of label) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

export const FIRST_NAMES = [
  'Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Frances', 'Edsger', 'Radia', 'Tim',
  'Hedy', 'John', 'Katherine', 'Donald', 'Sophie', 'Niklaus', 'Annie', 'Guido', 'Joan', 'Bjarne', 'Lynn', 'Yukihiro',
] as const;
export const LAST_NAMES = [
  'Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Allen', 'Dijkstra',
  'Perlman', 'Berners-Lee', 'Lamarr', 'McCarthy', 'Johnson', 'Knuth', 'Wilson', 'Wirth', 'Easley', 'van Rossum',
  'Clarke', 'Stroustrup', 'Conway', 'Matsumoto',
] as const;
export const COMPANIES = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries', 'Wayne Enterprises', 'Soylent', 'Tyrell',
  'Cyberdyne', 'Wonka', 'Vandelay', 'Pied Piper', 'Aperture', 'Black Mesa', 'Massive Dynamic',
] as const;

/** A place: country code, region, city and coordinates. */
export interface Place {
  country: string;
  region: string;
  city: string;
  latitude: number;
  longitude: number;
}
export const PLACES: readonly Place[] = [
  { country: 'DE', region: 'Berlin', city: 'Berlin', latitude: 52.52, longitude: 13.4 },
  { country: 'US', region: 'Texas', city: 'Austin', latitude: 30.27, longitude: -97.74 },
  { country: 'CA', region: 'Ontario', city: 'Toronto', latitude: 43.64, longitude: -79.43 },
  { country: 'FR', region: 'Ile-de-France', city: 'Paris', latitude: 48.86, longitude: 2.35 },
  { country: 'SE', region: 'Stockholm', city: 'Stockholm', latitude: 59.33, longitude: 18.07 },
  { country: 'NL', region: 'North Holland', city: 'Amsterdam', latitude: 52.37, longitude: 4.9 },
  { country: 'JP', region: 'Tokyo', city: 'Tokyo', latitude: 35.68, longitude: 139.69 },
  { country: 'BR', region: 'Sao Paulo', city: 'Sao Paulo', latitude: -23.55, longitude: -46.63 },
];

/** A person with a name and an email derived from it (unique via `i`). */
export function person(rng: Rng, i: number): { first: string; last: string; name: string; email: string } {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
  return { first, last, name: `${first} ${last}`, email: `${local}.${i}@example.com` };
}

/** A documentation-range IPv4 address (RFC 5737). */
export function ipv4(rng: Rng): string {
  return `${rng.pick(['192.0.2', '198.51.100', '203.0.113'])}.${rng.int(1, 254)}`;
}

/** ISO-8601 renderings the APIs use. */
export const iso = {
  /** `2025-03-03T08:15:00Z` */
  seconds: (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
  /** `2025-03-03T08:15:00.000Z` */
  millis: (ms: number): string => new Date(ms).toISOString(),
  /** .NET DateTime without zone: `2023-04-21T13:33:50.0764103` (7 fractional digits). */
  dotnet: (ms: number, ticks = 0): string =>
    new Date(ms).toISOString().replace('Z', '') + String(ticks % 10000).padStart(4, '0'),
  /** DateTimeOffset at UTC: `2025-03-02T17:40:03+00:00`. */
  offsetUtc: (ms: number): string => iso.seconds(ms).replace('Z', '+00:00'),
  /** RFC 3339 with a numeric offset in minutes, e.g. `2025-03-01T09:12:03-03:00`. */
  withOffset: (ms: number, offsetMin: number): string => {
    if (offsetMin === 0) return iso.seconds(ms);
    const local = iso.seconds(ms + offsetMin * 60_000).slice(0, -1);
    const sign = offsetMin < 0 ? '-' : '+';
    const a = Math.abs(offsetMin);
    return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  },
};

/** Epoch seconds. */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

export const DAY_MS = 86_400_000;

/** Remove matching elements in place; returns how many went. */
export function removeWhere<T>(xs: T[], pred: (x: T) => boolean): number {
  let removed = 0;
  for (let i = xs.length - 1; i >= 0; i--) {
    if (pred(xs[i]!)) {
      xs.splice(i, 1);
      removed++;
    }
  }
  return removed;
}

/**
 * Serves one router as a simulator: the server, its request log, and the action-endpoint check every
 * simulator exposes (spread `served` into the returned {@link Simulator}).
 */
export async function serveSimulator(
  opts: Omit<ServeOptions, 'log'>,
): Promise<{ server: RunningServer; served: Pick<Simulator, 'requests' | 'actionEndpoints' | 'actionRequests' | 'close'> }> {
  const requests: LoggedRequest[] = [];
  const server = await serve({ ...opts, log: requests });
  const actionEndpoints = opts.router.actionEndpoints();
  return { server, served: { requests, actionEndpoints, actionRequests: () => requestsMatching(requests, actionEndpoints), close: () => server.close() } };
}

/** Test hook of the simulators: applies `patch` to the item whose `key` is `id`; throws when none has it. */
export function patchItem<T extends object, K extends keyof T>(items: T[], key: K, id: T[K], patch: Partial<T>): T {
  const item = items.find((x) => x[key] === id);
  if (!item) throw new Error(`no item with ${String(key)} ${String(id)}`);
  return Object.assign(item, patch);
}
