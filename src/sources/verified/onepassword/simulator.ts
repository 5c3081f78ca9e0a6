/**
 * 1Password simulator: the Connect server and the Events API as **two servers** (two loopback ports),
 * because they are two hosts in reality (self-hosted `http://localhost:8080` vs `events.1password.com`)
 * with different tokens and error shapes. Both append to one request log (`LoggedRequest.server` is
 * `connect` or `events`). `url` is the Connect base; `credentials.events_base_url` the Events base.
 */
import {
  type CommonSimulatorOptions,
  type Simulator,
  DAY_MS,
  Rng,
  makeClock,
  requestsMatching,
  serve,
  subSeed,
} from '../simulator-kit.js';
import { connectError, connectRouter } from './connect-routes.js';
import { type EventKind, ONEPASSWORD_DEFAULTS, OnePasswordWorld, type OpItem, onePasswordCounts } from './data.js';
import { eventsError, eventsRouter } from './events-routes.js';

/** Options of {@link startOnePasswordSimulator}. */
export interface OnePasswordSimulatorOptions extends CommonSimulatorOptions {
  counts?: Partial<typeof ONEPASSWORD_DEFAULTS>;
  secrets?: { access_token?: string; events_access_token?: string };
  /** Port of the Events server (default any free one); `port` is the Connect server's. */
  eventsPort?: number;
  /** Features the Events token carries (default all three); a missing one answers 401. */
  eventsFeatures?: EventKind[];
  /** Events API limits; default the published 600/minute and 30,000/hour. `false` turns them off. */
  eventsRateLimits?: { perMinute: number; perHour: number } | false;
  /**
   * Append an activity record for each authenticated Connect call, as the real server does. Default false
   * so `counts().activity` stays stable while a test reads it.
   */
  recordActivity?: boolean;
}

/** The `data` handle of the 1Password simulator. */
export interface OnePasswordData {
  world: OnePasswordWorld;
  counts(): Record<string, number>;
  /** Events API base URL (same as `credentials.events_base_url`). */
  eventsUrl: string;
  addItem(vaultId: string, title?: string): OpItem;
  /** Edit an item (bumps `version` and `updatedAt`, for merge tests). */
  updateItem(itemId: string, patch: Record<string, unknown>): void;
  /** Append `n` events of `kind` happening in the last minute. */
  addEvents(kind: EventKind, n: number): void;
}

/** A JWT-looking token (the simulators never verify signatures, only equality). */
function fakeJwt(rng: Rng, claims: Record<string, unknown>): string {
  const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'ES256', kid: rng.alnum(26), typ: 'JWT' })}.${b(claims)}.${rng.base64url(86)}`;
}

/** Start the 1Password Connect + Events simulator on 127.0.0.1. */
export async function startOnePasswordSimulator(options: OnePasswordSimulatorOptions = {}): Promise<Simulator<OnePasswordData>> {
  const seed = options.seed ?? 42;
  const { baseTime, now } = makeClock(options);
  const world = new OnePasswordWorld(seed, baseTime, onePasswordCounts(options.size, options.counts));
  const keys = new Rng(subSeed(seed, 'onepassword-keys'));
  const accessToken = options.secrets?.access_token ?? fakeJwt(keys, { '1password.com/auuid': world.accountUuid, '1password.com/vts': world.vaults.map((v) => ({ u: v.id, a: 49152 })), aud: ['com.1password.connect'], iss: 'com.1password.b5', sub: keys.base32(26) });
  const tokenUuid = keys.base32(26);
  const issuedAt = baseTime - 30 * DAY_MS;
  const features = options.eventsFeatures ?? ['auditevents', 'itemusages', 'signinattempts'];
  const eventsToken = options.secrets?.events_access_token ?? fakeJwt(keys, { '1password.com/auuid': world.accountUuid, '1password.com/fts': features, aud: ['com.1password.streamingservice'], iss: 'com.1password.b5', sub: tokenUuid, iat: Math.floor(issuedAt / 1000) });

  const requests: Simulator['requests'] = [];
  const connectR = connectRouter(world, { token: accessToken, now, recordActivity: options.recordActivity ?? false });
  const eventsR = eventsRouter(world, {
    token: eventsToken, features, tokenUuid, issuedAt, now,
    limits: options.eventsRateLimits === false ? false : options.eventsRateLimits ?? { perMinute: 600, perHour: 30_000 },
  });
  const connect = await serve({
    router: connectR, log: requests, port: options.port, label: 'connect', faults: options.faults,
    headers: { '1password-connect-version': '1.7.1' },
    forbidden: options.forbidden,
    forbiddenResponse: (req) => connectError(403, `vault ${/^\/v1\/vaults\/([^/]+)/.exec(req.path)?.[1] ?? ''} is not in scope`),
    faultResponse: (status) => connectError(status, status === 429 ? 'Too Many Requests' : 'Internal Server Error'),
    notFound: () => connectError(404, 'Not Found'),
  });
  const events = await serve({
    router: eventsR, log: requests, port: options.eventsPort, label: 'events',
    faults: options.faults && { ...options.faults, seed: (options.faults.seed ?? 1) + 1 },
    // The Events API documents no 403 (a token without a feature gets 401); its error shape, assumed.
    forbidden: options.forbidden,
    forbiddenResponse: () => eventsError(403, 'Forbidden'),
    faultResponse: (status) => eventsError(status, status === 429 ? 'Too Many Requests' : 'Internal Server Error'),
    notFound: () => eventsError(404, 'Not Found'),
  });
  const actionEndpoints = connectR.actionEndpoints();
  return {
    name: '_1password',
    url: connect.url,
    credentials: { access_token: accessToken, events_access_token: eventsToken, events_base_url: events.url },
    requests,
    actionEndpoints,
    actionRequests: () => requestsMatching(requests.filter((r) => r.server === 'connect'), actionEndpoints),
    data: {
      world,
      counts: () => world.counts(),
      eventsUrl: events.url,
      addItem: (vaultId, title) => world.addItem(vaultId, title),
      updateItem: (itemId, patch) => {
        const item = world.items.find((i) => i.id === itemId);
        if (!item) throw new Error(`no item ${itemId}`);
        Object.assign(item, patch);
        item.version++;
        item['updatedAt'] = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      },
      addEvents: (kind, n) => world.addEvents(kind, n, now() - 60_000, now()),
    },
    close: async () => {
      await Promise.all([connect.close(), events.close()]);
    },
  };
}
