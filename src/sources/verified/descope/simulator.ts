/**
 * Descope Management API simulator — apis.md §4.
 *
 * Auth: `Authorization: Bearer <projectId>:<managementKey>`. Errors: `{errorCode, errorDescription,
 * errorMessage}`. User search (`POST /v2/mgmt/user/search`) pages with `limit` (default 100) + 0-based
 * `page` (or `offset`) and returns `total`; audit search pages with `size` + `page` over at most 30 days.
 * Tenants, roles, permissions and access keys are single calls. Rate limits per project, as published:
 * user search and update 200/60 s, user create 100/60 s with a 60 s backoff, everything else 100/60 s for
 * raw API calls (1000/10 s when an `x-descope-sdk-name` header is present). A breach answers 429
 * `E130429` with `Retry-After: <seconds>`.
 */
import {
  type CommonSimulatorOptions,
  type RateLimit,
  type SimRequest,
  type SimResponse,
  type Simulator,
  DAY_MS,
  Rng,
  Router,
  WindowLimiter,
  json,
  makeClock,
  removeWhere,
  subSeed,
  patchItem,
  serveSimulator,
} from '../simulator-kit.js';
import { DESCOPE_DEFAULTS, DescopeWorld, type DsUser, descopeCounts } from './data.js';

/** Rate-limit buckets of the Descope simulator; `false` turns limiting off. */
export interface DescopeRateLimits {
  search?: RateLimit;
  update?: RateLimit;
  /** User create; a breach blocks for `backoffMs` (default 60 s). */
  create?: RateLimit & { backoffMs?: number };
  /** Everything else, raw API traffic. */
  raw?: RateLimit;
  /** Everything else, SDK traffic (`x-descope-sdk-name` header). */
  sdk?: RateLimit;
}

/** Options of {@link startDescopeSimulator}. */
export interface DescopeSimulatorOptions extends CommonSimulatorOptions {
  counts?: Partial<typeof DESCOPE_DEFAULTS>;
  secrets?: { project_id?: string; management_key?: string };
  rateLimits?: DescopeRateLimits | false;
}

/** The `data` handle of the Descope simulator. */
export interface DescopeData {
  world: DescopeWorld;
  counts(): Record<string, number>;
  addUser: DescopeWorld['addUser'];
  /** Change a user's fields and bump `modifiedTime` (for merge tests). */
  updateUser(userId: string, patch: Record<string, unknown>): void;
  /** Append `n` audit records occurring in the last minute. */
  addAudits(n: number): void;
}

const err = (status: number, errorCode: string, errorDescription: string, errorMessage: string, headers?: Record<string, string>): SimResponse =>
  json(status, { errorCode, errorDescription, errorMessage }, headers);
const invalid = (msg: string): SimResponse => err(400, 'E011003', 'Request is invalid', msg);

/** Start a Descope Management API simulator on 127.0.0.1. */
export async function startDescopeSimulator(options: DescopeSimulatorOptions = {}): Promise<Simulator<DescopeData>> {
  const seed = options.seed ?? 42;
  const { baseTime, now } = makeClock(options);
  const keys = new Rng(subSeed(seed, 'descope-keys'));
  const projectId = options.secrets?.project_id ?? `P2${keys.chars(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`;
  const managementKey = options.secrets?.management_key ?? `K2${keys.base64url(24)}:${keys.base64url(86)}`;
  const world = new DescopeWorld(seed, baseTime, projectId, descopeCounts(options.size, options.counts));
  const rl = options.rateLimits === false ? undefined : options.rateLimits ?? {};
  const mk = (l: RateLimit | undefined, d: RateLimit, backoff = 0): WindowLimiter => new WindowLimiter((l ?? d).limit, (l ?? d).windowMs, backoff);
  const limiters = rl && {
    search: mk(rl.search, { limit: 200, windowMs: 60_000 }),
    update: mk(rl.update, { limit: 200, windowMs: 60_000 }),
    create: mk(rl.create, { limit: 100, windowMs: 60_000 }, rl.create?.backoffMs ?? 60_000),
    raw: mk(rl.raw, { limit: 100, windowMs: 60_000 }),
    sdk: mk(rl.sdk, { limit: 1000, windowMs: 10_000 }),
  };
  const bucket = (req: SimRequest): WindowLimiter | undefined => {
    if (!limiters) return undefined;
    if (/^\/v[12]\/mgmt\/user\/search/.test(req.path)) return limiters.search;
    if (req.path.startsWith('/v1/mgmt/user/update')) return limiters.update;
    if (/^\/v1\/mgmt\/user\/create(\/batch)?$/.test(req.path)) return limiters.create;
    return req.headers['x-descope-sdk-name'] ? limiters.sdk : limiters.raw;
  };

  type H = (req: SimRequest) => SimResponse;
  const mgmt = (h: H): H => (req) => {
    if (req.headers['authorization'] !== `Bearer ${projectId}:${managementKey}`) {
      // The real code for a bad management key is not in the sources; the shape is.
      return err(401, 'E061102', 'Unauthorized', 'Failed to authenticate the management key for this project');
    }
    const lim = bucket(req)?.take(now());
    if (lim && !lim.ok) {
      const secs = Math.max(1, Math.ceil(lim.retryAfterMs / 1000));
      return err(429, 'E130429', 'Rate limit exceeded', `Too many requests for project ${projectId}`, { 'retry-after': String(secs) });
    }
    if (req.bodyInvalid) return err(400, 'E011001', 'Bad request', 'Failed to parse the request body');
    return h(req);
  };
  const body = (req: SimRequest): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const arr = (v: unknown): string[] | undefined => (Array.isArray(v) && v.length > 0 ? v.map(String) : undefined);
  const tenantIdsOf = (u: DsUser): string[] => (u['userTenants'] as { tenantId: string }[]).map((t) => t.tenantId);

  /** SearchRequest filtering + sorting + paging (v2 adds `total`). */
  const searchUsers = (b: Record<string, unknown>, mode: 'v1' | 'v2' | 'test'): SimResponse => {
    const limit = b['limit'] === undefined || b['limit'] === 0 ? 100 : Number(b['limit']);
    const page = Number(b['page'] ?? 0);
    const offset = Number(b['offset'] ?? 0);
    if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(page) || page < 0) return invalid('limit and page must be non-negative integers');
    const withTest = mode === 'test' || b['withTestUser'] === true;
    const testOnly = mode === 'test' || b['testUsersOnly'] === true;
    const f = {
      loginIds: arr(b['loginIds']) ?? (b['loginId'] ? [String(b['loginId'])] : undefined), userIds: arr(b['userIds']),
      emails: arr(b['emails']), phones: arr(b['phones']), statuses: arr(b['statuses']), roleNames: arr(b['roleNames']), tenantIds: arr(b['tenantIds']),
    };
    const text = typeof b['text'] === 'string' ? b['text'].toLowerCase() : '';
    const ms = (k: string): number | undefined => (typeof b[k] === 'number' && (b[k] as number) > 0 ? (b[k] as number) : undefined);
    const [fc, tc, fm, tm] = [ms('fromCreatedTime'), ms('toCreatedTime'), ms('fromModifiedTime'), ms('toModifiedTime')];
    const custom = b['customAttributes'] && typeof b['customAttributes'] === 'object' ? (b['customAttributes'] as Record<string, unknown>) : {};
    let users = world.users.filter((u) =>
      (testOnly ? u.test : withTest || !u.test) &&
      (!f.loginIds || u.loginIds.some((l) => f.loginIds!.includes(l))) &&
      (!f.userIds || f.userIds.includes(u.userId)) &&
      (!f.emails || f.emails.includes(String(u['email']))) &&
      (!f.phones || f.phones.includes(String(u['phone']))) &&
      (!f.statuses || f.statuses.includes(u.status)) &&
      (!f.roleNames || (u['roleNames'] as string[]).some((r) => f.roleNames!.includes(r))) &&
      (!f.tenantIds || tenantIdsOf(u).some((t) => f.tenantIds!.includes(t))) &&
      (!text || [u['name'], u['email'], u['phone'], ...u.loginIds].some((x) => String(x).toLowerCase().includes(text))) &&
      (fc === undefined || u.createdTime * 1000 >= fc) && (tc === undefined || u.createdTime * 1000 <= tc) &&
      (fm === undefined || Number(u['modifiedTime'] ?? u.createdTime) * 1000 >= fm) && (tm === undefined || Number(u['modifiedTime'] ?? u.createdTime) * 1000 <= tm) &&
      Object.entries(custom).every(([k, v]) => (u['customAttributes'] as Record<string, unknown>)[k] === v));
    const sort = Array.isArray(b['sort']) ? (b['sort'] as { field?: string; desc?: boolean }[]) : [];
    users = users.slice().sort((x, y) => {
      for (const s of sort) {
        const a = x[s.field ?? ''] as string | number | undefined;
        const c = y[s.field ?? ''] as string | number | undefined;
        if (a !== c) return ((a ?? '') < (c ?? '') ? -1 : 1) * (s.desc ? -1 : 1);
      }
      return x.createdTime - y.createdTime || (x.userId < y.userId ? -1 : 1);
    });
    const start = offset > 0 ? offset : page * limit;
    const slice = users.slice(start, start + limit);
    return json(200, mode === 'v1' ? { users: slice } : { users: slice, total: users.length });
  };

  const r = new Router();
  const A = { action: true };
  r.on('POST', '/v2/mgmt/user/search', mgmt((req) => searchUsers(body(req), 'v2')));
  r.on('POST', '/v1/mgmt/user/search', mgmt((req) => searchUsers(body(req), 'v1')));
  r.on('POST', '/v2/mgmt/user/search/test', mgmt((req) => searchUsers(body(req), 'test')));
  r.on('GET', '/v1/mgmt/user', mgmt((req) => {
    const { loginId, userId } = req.query;
    if (!loginId && !userId) return err(400, 'E011002', 'Missing arguments', 'loginId or userId is required');
    const u = world.users.find((x) => (loginId ? x.loginIds.includes(loginId) : x.userId === userId));
    return u ? json(200, { user: u }) : err(400, 'E112102', 'User not found', `User ${loginId ?? userId} not found`);
  }));
  r.on('POST', '/v1/mgmt/users/load', mgmt((req) => {
    const ids = arr(body(req)['userIds']);
    if (!ids) return err(400, 'E011002', 'Missing arguments', 'userIds is required');
    return json(200, { users: world.users.filter((u) => ids.includes(u.userId)) });
  }));
  r.on('POST', '/v1/mgmt/user/history', mgmt((req) => {
    if (!Array.isArray(req.body)) return invalid('The request body must be a JSON array of user IDs');
    const ids = new Set((req.body as unknown[]).map(String));
    return json(200, world.logins.filter((l) => ids.has(l.userId)).sort((a, b) => b.loginTime - a.loginTime));
  }));
  r.on('POST', '/v1/mgmt/user/passkeys/list', mgmt((req) => {
    const u = world.users.find((x) => x.loginIds.includes(String(body(req)['loginId'])));
    if (!u) return err(400, 'E112102', 'User not found', 'User not found');
    return json(200, { passkeys: u['webauthn'] ? [{ id: `PK${u.userId.slice(2, 14)}`, name: 'Passkey', createdTime: u.createdTime }] : [] });
  }));
  r.on('GET', '/v1/mgmt/tenant/all', mgmt(() => json(200, { tenants: world.tenants })));
  r.on('POST', '/v1/mgmt/tenant/search', mgmt((req) => {
    const b = body(req);
    const ids = arr(b['tenantIds']);
    const names = arr(b['tenantNames']);
    const doms = arr(b['tenantSelfProvisioningDomains']);
    return json(200, { tenants: world.tenants.filter((t) =>
      (!ids || ids.includes(t.id)) && (!names || names.includes(t.name)) &&
      (!doms || (t['selfProvisioningDomains'] as string[]).some((d) => doms.includes(d))) &&
      (!b['parentTenantId'] || t['parent'] === b['parentTenantId'])) });
  }));
  r.on('GET', '/v1/mgmt/tenant', mgmt((req) => {
    const t = world.tenants.find((x) => x.id === req.query['id']);
    return t ? json(200, t) : err(400, 'E011004', 'Invalid arguments', `Tenant ${req.query['id']} not found`);
  }));
  r.on('GET', '/v1/mgmt/role/all', mgmt(() => json(200, { roles: world.roles })));
  r.on('POST', '/v1/mgmt/role/search', mgmt((req) => {
    const b = body(req);
    const tenantIds = arr(b['tenantIds']);
    const names = arr(b['roleNames']);
    const like = typeof b['roleNameLike'] === 'string' ? b['roleNameLike'].toLowerCase() : '';
    const perms = arr(b['permissionNames']);
    return json(200, { roles: world.roles.filter((x) =>
      (tenantIds ? (x.tenantId !== undefined && tenantIds.includes(x.tenantId)) || (b['includeProjectRoles'] === true && !x.tenantId) : true) &&
      (!names || names.includes(x.name)) && (!like || x.name.toLowerCase().includes(like)) &&
      (!perms || (x['permissionNames'] as string[]).some((p) => perms.includes(p)))) });
  }));
  r.on('GET', '/v1/mgmt/permission/all', mgmt(() => json(200, { permissions: world.permissions })));
  r.on('POST', '/v1/mgmt/accesskey/search', mgmt((req) => {
    const b = body(req);
    const tenantIds = arr(b['tenantIds']);
    return json(200, { keys: world.accessKeys.filter((k) =>
      (!tenantIds || (k['keyTenants'] as { tenantId: string }[]).some((t) => tenantIds.includes(t.tenantId))) &&
      (!b['boundUserId'] || k['boundUserId'] === b['boundUserId']) && (!b['creatingUser'] || k['createdBy'] === b['creatingUser'])) });
  }));
  r.on('GET', '/v1/mgmt/accesskey', mgmt((req) => {
    const k = world.accessKeys.find((x) => x.id === req.query['id']);
    return k ? json(200, { key: k }) : err(400, 'E011004', 'Invalid arguments', 'Access key not found');
  }));
  r.on('POST', '/v1/mgmt/audit/search', mgmt((req) => {
    const b = body(req);
    const nowMs = now();
    const from = b['from'] === undefined || b['from'] === 0 ? nowMs - 30 * DAY_MS : Number(b['from']);
    const to = b['to'] === undefined || b['to'] === 0 ? nowMs : Number(b['to']);
    if (!Number.isFinite(from) || from < nowMs - 30 * DAY_MS - 60_000) return invalid('from can be at most 30 days back');
    const size = b['size'] === undefined || b['size'] === 0 ? 10 : Number(b['size']);
    const page = Number(b['page'] ?? 0);
    if (!Number.isInteger(size) || size < 1 || size > 1000 || !Number.isInteger(page) || page < 0) return invalid('size must be 1..1000 and page >= 0');
    const list = (k: string) => arr(b[k]);
    const [users, actions, excluded, devices, methods, geos, addrs, ext, tenants] =
      ['userIds', 'actions', 'excludedActions', 'devices', 'methods', 'geos', 'remoteAddresses', 'externalIds', 'tenants'].map(list);
    const text = typeof b['text'] === 'string' ? b['text'].toLowerCase() : '';
    const rows = world.audits.filter((a) => {
      const t = Number(a.occurred);
      return t >= from && t <= to && (!users || users.includes(a.userId)) && (!actions || actions.includes(a.action)) &&
        (!excluded || !excluded.includes(a.action)) && (!devices || devices.includes(String(a['device']))) &&
        (!methods || methods.includes(String(a['method']))) && (!geos || geos.includes(String(a['geo']))) &&
        (!addrs || addrs.includes(String(a['remoteAddress']))) && (!ext || (a['externalIds'] as string[]).some((x) => ext.includes(x))) &&
        (!tenants || a.tenants.some((x) => tenants.includes(x))) && (b['noTenants'] !== true || a.tenants.length === 0) &&
        (!text || JSON.stringify(a).toLowerCase().includes(text));
    });
    return json(200, { audits: rows.slice(page * size, (page + 1) * size), total: rows.length });
  }));

  // Actions: create/update/delete users, test-user helpers, provider tokens.
  const create = (b: Record<string, unknown>, test: boolean): DsUser | SimResponse => {
    const loginId = typeof b['loginId'] === 'string' ? b['loginId'] : '';
    if (!loginId) return err(400, 'E011002', 'Missing arguments', 'loginId is required');
    if (world.users.some((u) => u.loginIds.includes(loginId))) return err(409, 'E112104', 'User already exists', `User ${loginId} already exists`);
    return world.addUser({ test, loginId, email: typeof b['email'] === 'string' ? b['email'] : undefined, name: typeof b['name'] === 'string' ? b['name'] : undefined });
  };
  const created = (x: DsUser | SimResponse): SimResponse => ('userId' in x ? json(200, { user: x }) : (x as SimResponse));
  r.on('POST', '/v1/mgmt/user/create', mgmt((req) => created(create(body(req), body(req)['test'] === true))), A);
  r.on('POST', '/v1/mgmt/user/create/test', mgmt((req) => created(create(body(req), true))), A);
  r.on('POST', '/v1/mgmt/user/create/batch', mgmt((req) => {
    const list = Array.isArray(body(req)['users']) ? (body(req)['users'] as Record<string, unknown>[]) : [];
    const out = list.map((u) => create(u, false));
    return json(200, { createdUsers: out.filter((x): x is DsUser => 'userId' in x), failedUsers: out.filter((x) => !('userId' in x)).map((x) => ({ failure: (x as SimResponse).json })) });
  }), A);
  r.on('POST', '/v1/mgmt/user/update', mgmt((req) => {
    const b = body(req);
    const u = world.users.find((x) => x.loginIds.includes(String(b['loginId'])));
    if (!u) return err(400, 'E112102', 'User not found', 'User not found');
    for (const k of ['email', 'phone', 'name', 'givenName', 'familyName', 'picture', 'customAttributes'] as const) if (b[k] !== undefined) u[k] = b[k];
    u['modifiedTime'] = Math.floor(now() / 1000);
    return json(200, { user: u });
  }), A);
  r.on('POST', '/v1/mgmt/user/delete', mgmt((req) => {
    const b = body(req);
    removeWhere(world.users, (u) => u.loginIds.includes(String(b['loginId'])) || u.userId === b['userId']);
    return json(200, {});
  }), A);
  r.on('DELETE', '/v1/mgmt/user/test/delete/all', mgmt(() => (removeWhere(world.users, (u) => u.test), json(200, {}))), A);
  const testUser = (req: SimRequest): DsUser | undefined => {
    const u = world.users.find((x) => x.loginIds.includes(String(body(req)['loginId'])));
    return u?.test ? u : undefined;
  };
  r.on('POST', '/v1/mgmt/tests/generate/otp', mgmt((req) => {
    const u = testUser(req);
    return u ? json(200, { code: String(keys.int(100000, 999999)), loginId: u.loginIds[0] }) : invalid('User is not a test user');
  }), A);
  for (const kind of ['magiclink', 'enchantedlink'] as const) {
    r.on('POST', `/v1/mgmt/tests/generate/${kind}`, mgmt((req) => {
      const u = testUser(req);
      if (!u) return invalid('User is not a test user');
      const token = keys.base64url(40);
      return json(200, kind === 'magiclink' ? { link: `https://example.com/verify?t=${token}`, loginId: u.loginIds[0] } : { link: `https://example.com/verify?t=${token}`, pendingRef: keys.hex(16), loginId: u.loginIds[0] });
    }), A);
  }
  r.on('GET', '/v1/mgmt/user/provider/token', mgmt((req) => {
    const u = world.users.find((x) => x.loginIds.includes(String(req.query['loginId'])));
    return u ? json(200, { provider: req.query['provider'] ?? 'google', providerUserId: keys.hex(20), accessToken: keys.base64url(40), expiration: Math.floor(now() / 1000) + 3600, scopes: ['openid'] }) : err(400, 'E112102', 'User not found', 'User not found');
  }), A);

  const { server: srv, served } = await serveSimulator({
    router: r,
    port: options.port,
    faults: options.faults,
    forbidden: options.forbidden,
    // The 401/403 code for a bad management key is not in the sources (apis.md §4.2): invented code, real shape.
    forbiddenResponse: () => err(403, 'E011403', 'Access denied', 'The management key is not allowed to perform this operation'),
    faultResponse: (status) =>
      status === 429
        ? err(429, 'E130429', 'Rate limit exceeded', 'Too many requests', { 'retry-after': '1' })
        : err(status, 'E010001', 'Internal error', 'Service temporarily unavailable'),
    notFound: () => err(404, 'E011001', 'Bad request', 'Route not found'),
  });
  return {
    name: 'descope_management_users',
    url: srv.url,
    credentials: { project_id: projectId, management_key: managementKey },
    ...served,
    data: {
      world,
      counts: () => world.counts(),
      addUser: (o) => world.addUser(o),
      updateUser: (userId, patch) => void patchItem(world.users, 'userId', userId, { ...patch, modifiedTime: Math.floor(now() / 1000) }),
      addAudits: (n) => world.addAudits(n, now() - 60_000, now()),
    },
  };
}
