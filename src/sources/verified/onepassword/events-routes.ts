/**
 * 1Password Events API routes (apis.md §6): `Bearer <events token>` scoped to features; POST feeds answer
 * `{items, cursor, has_more}`; the first body is a ResetCursor (`limit`, `start_time`, `end_time`), later
 * bodies `{cursor}` only — a body mixing the two answers 400. Errors are `{"Error":{"Message":...}}`; 600 requests/minute and 30,000/hour per account
 * answer 429. v1 paths (`/api/v1/...`, `/api/auth/introspect`) are served too.
 */
import { type SimRequest, type SimResponse, Router, WindowLimiter, json, iso } from '../simulator-kit.js';
import type { EventKind, OnePasswordWorld, OpEvent } from './data.js';

/** The Events API error body. */
export const eventsError = (status: number, message: string): SimResponse => json(status, { Error: { Message: message } });

interface CursorState {
  k: EventKind;
  /** Start (ms), inclusive. */
  s: number;
  /** End (ms), exclusive; null = open. */
  e: number | null;
  /** Last delivered (ms, uuid); null = none yet. */
  p: [number, string] | null;
  l: number;
}
const encode = (c: CursorState): string => Buffer.from(JSON.stringify(c)).toString('base64url');
const decode = (s: string): CursorState | undefined => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as CursorState;
    return typeof c.k === 'string' && typeof c.s === 'number' && typeof c.l === 'number' ? c : undefined;
  } catch {
    return undefined;
  }
};

/** Options of {@link eventsRouter}. */
export interface EventsRouterOptions {
  token: string;
  features: EventKind[];
  tokenUuid: string;
  issuedAt: number;
  now: () => number;
  limits: { perMinute: number; perHour: number } | false;
}

/** Build the Events API router. */
export function eventsRouter(world: OnePasswordWorld, o: EventsRouterOptions): Router {
  const minute = o.limits ? new WindowLimiter(o.limits.perMinute, 60_000) : undefined;
  const hour = o.limits ? new WindowLimiter(o.limits.perHour, 3_600_000) : undefined;
  type H = (req: SimRequest) => SimResponse;
  const authed = (h: H, feature?: EventKind): H => (req) => {
    if (req.headers['authorization'] !== `Bearer ${o.token}`) return eventsError(401, 'Unauthorized');
    if (feature && !o.features.includes(feature)) return eventsError(401, 'Unauthorized');
    const t = o.now();
    if (minute && hour && (!minute.take(t).ok || !hour.take(t).ok)) return eventsError(429, 'Too Many Requests');
    return h(req);
  };
  const feed = (kind: EventKind): H => (req) => {
    if (req.bodyInvalid) return eventsError(400, 'Invalid request body');
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b !== 'object' || Array.isArray(b)) return eventsError(400, 'Invalid request body');
    const extra = Object.keys(b).filter((k) => !['limit', 'start_time', 'end_time', 'cursor'].includes(k));
    if (extra.length > 0) return eventsError(400, `Invalid request body: unknown field "${extra[0]}"`);
    // The body is oneOf ResetCursor | Cursor (apis.md §6.3): a cursor never travels with reset fields.
    const reset = ['limit', 'start_time', 'end_time'].filter((k) => k in b);
    if ('cursor' in b && reset.length > 0) {
      return eventsError(400, `Invalid request body: a Cursor body carries only "cursor", got "${reset.join('", "')}" with it`);
    }
    let c: CursorState;
    if (typeof b['cursor'] === 'string') {
      const d = decode(b['cursor']);
      if (!d || d.k !== kind) return eventsError(400, 'Invalid cursor');
      c = d;
    } else {
      const limit = b['limit'] === undefined ? 100 : Number(b['limit']);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return eventsError(400, 'limit must be between 1 and 1000');
      const end = b['end_time'] === undefined ? null : Date.parse(String(b['end_time']));
      if (end !== null && Number.isNaN(end)) return eventsError(400, 'end_time must be an RFC 3339 timestamp');
      const start = b['start_time'] === undefined ? (end ?? o.now()) - 3_600_000 : Date.parse(String(b['start_time']));
      if (Number.isNaN(start)) return eventsError(400, 'start_time must be an RFC 3339 timestamp');
      c = { k: kind, s: start, e: end, p: null, l: limit };
    }
    const after = (e: OpEvent): boolean => {
      const t = Date.parse(e.timestamp);
      if (t < c.s || (c.e !== null && t >= c.e)) return false;
      return c.p === null || t > c.p[0] || (t === c.p[0] && e.uuid > c.p[1]);
    };
    const pending = world.events[kind].filter(after);
    const items = pending.slice(0, c.l);
    const last = items.at(-1);
    const next: CursorState = { ...c, p: last ? [Date.parse(last.timestamp), last.uuid] : c.p };
    return json(200, { items, cursor: encode(next), has_more: pending.length > items.length });
  };

  const r = new Router();
  r.on('GET', '/api/v2/auth/introspect', authed(() =>
    json(200, { uuid: o.tokenUuid, issued_at: iso.seconds(o.issuedAt), features: o.features, account_uuid: world.accountUuid })));
  r.on('GET', '/api/auth/introspect', authed(() => json(200, { UUID: o.tokenUuid, IssuedAt: iso.seconds(o.issuedAt), Features: o.features })));
  for (const kind of ['auditevents', 'itemusages', 'signinattempts'] as const) {
    r.on('POST', `/api/v2/${kind}`, authed(feed(kind), kind));
    r.on('POST', `/api/v1/${kind}`, authed(feed(kind), kind));
  }
  return r;
}
