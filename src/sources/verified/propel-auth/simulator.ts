/**
 * PropelAuth backend API simulator — apis.md §3.
 *
 * `url` serves as both the auth URL (`{AUTH_URL}`: OIDC discovery, JWKS, OAuth userinfo) and the backend
 * API host (`/api/backend/v1/...`); the SDK form (`https://propelauth-api.com` + `X-Propelauth-url`) is
 * the same paths plus a header, which is accepted and ignored. Auth: `Bearer <api key>`; 401 has a plain
 * text body. Wire is snake_case; lists page with `page_size` (default 10, max 100 → 400 field-error map)
 * and 0-based `page_number`, answering `{<list>, total_<list>, current_page, page_size, has_more_results}`.
 */
import { createHash } from 'node:crypto';
import {
  type CommonSimulatorOptions,
  type SimRequest,
  type SimResponse,
  type Simulator,
  Rng,
  Router,
  empty,
  json,
  makeClock,
  subSeed,
  text,
  patchItem,
  serveSimulator,
} from '../simulator-kit.js';
import { PROPEL_AUTH_DEFAULTS, PropelAuthWorld, type PaUser, propelAuthCounts } from './data.js';

/** Options of {@link startPropelAuthSimulator}. */
export interface PropelAuthSimulatorOptions extends CommonSimulatorOptions {
  counts?: Partial<typeof PROPEL_AUTH_DEFAULTS>;
  secrets?: { api_key?: string };
  /** `b2c` turns organizations off: org endpoints answer 426. Default `b2b`. */
  plan?: 'b2b' | 'b2c';
}

/** The `data` handle of the PropelAuth simulator. */
export interface PropelAuthData {
  world: PropelAuthWorld;
  counts(): Record<string, number>;
  addUser: PropelAuthWorld['addUser'];
  addOrg: PropelAuthWorld['addOrg'];
  /** Change a user's fields (for merge tests); bumps nothing else. */
  updateUser(userId: string, patch: Partial<PaUser>): void;
  deleteUser(userId: string): void;
  /** Mint an end-user OAuth access token for `GET /propelauth/oauth/userinfo`. */
  mintAccessToken(userId: string): string;
}

const MAX_PAGE_SIZE = 100;
const V1 = '/api/backend/v1';
const USER_ORDERS = ['CREATED_AT_ASC', 'CREATED_AT_DESC', 'LAST_ACTIVE_AT_ASC', 'LAST_ACTIVE_AT_DESC', 'EMAIL', 'USERNAME'];
const ORG_ORDERS = ['CREATED_AT_ASC', 'CREATED_AT_DESC', 'NAME'];

/** Start a PropelAuth simulator on 127.0.0.1. */
export async function startPropelAuthSimulator(options: PropelAuthSimulatorOptions = {}): Promise<Simulator<PropelAuthData>> {
  const seed = options.seed ?? 42;
  const { baseTime } = makeClock(options);
  const keys = new Rng(subSeed(seed, 'propel-auth-keys'));
  const apiKey = options.secrets?.api_key ?? keys.hex(96);
  const world = new PropelAuthWorld(seed, baseTime, propelAuthCounts(options.size, options.counts));
  const b2b = (options.plan ?? 'b2b') === 'b2b';
  const accessTokens = new Map<string, string>();
  const mintAccessToken = (userId: string): string => {
    const t = keys.base64url(64);
    accessTokens.set(t, userId);
    return t;
  };
  let url = '';

  type H = (req: SimRequest) => SimResponse;
  const authed = (h: H, orgs = false): H => (req) => {
    if (req.headers['authorization'] !== `Bearer ${apiKey}`) return text(401, 'Unauthorized');
    if (orgs && !b2b) return text(426, 'Organizations are not enabled for this project');
    return h(req);
  };
  /** Query params for GET, JSON body for POST (org/query accepts both). */
  const params = (req: SimRequest): Record<string, unknown> =>
    req.method === 'POST' && req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : req.query;
  const bool = (v: unknown): boolean => v === true || v === 'true';
  /** Validate paging; returns the field-error map on failure. */
  const paging = (p: Record<string, unknown>): { size: number; page: number } | SimResponse => {
    const size = p['page_size'] === undefined ? 10 : Number(p['page_size']);
    const page = p['page_number'] === undefined ? 0 : Number(p['page_number']);
    const errors: Record<string, string[]> = {};
    if (!Number.isInteger(size) || size < 1) errors['page_size'] = ['must be >= 1'];
    else if (size > MAX_PAGE_SIZE) errors['page_size'] = [`must be <= ${MAX_PAGE_SIZE}`];
    if (!Number.isInteger(page) || page < 0) errors['page_number'] = ['must be >= 0'];
    return Object.keys(errors).length > 0 ? json(400, errors) : { size, page };
  };
  const envelope = (key: string, rows: unknown[], pg: { size: number; page: number }): SimResponse =>
    json(200, {
      [key]: rows.slice(pg.page * pg.size, (pg.page + 1) * pg.size),
      [`total_${key}`]: rows.length,
      current_page: pg.page,
      page_size: pg.size,
      has_more_results: (pg.page + 1) * pg.size < rows.length,
    });
  const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
  const byUser: Record<string, (a: PaUser, b: PaUser) => number> = {
    CREATED_AT_ASC: (a, b) => a.created_at - b.created_at,
    CREATED_AT_DESC: (a, b) => b.created_at - a.created_at,
    LAST_ACTIVE_AT_ASC: (a, b) => a.last_active_at - b.last_active_at,
    LAST_ACTIVE_AT_DESC: (a, b) => b.last_active_at - a.last_active_at,
    EMAIL: (a, b) => a.email.localeCompare(b.email),
    USERNAME: (a, b) => (a.username ?? '').localeCompare(b.username ?? ''),
  };
  const stable = <T extends { created_at: number }>(cmp: (a: T, b: T) => number, id: (x: T) => string) => (a: T, b: T) =>
    cmp(a, b) || id(a).localeCompare(id(b));

  const r = new Router();
  r.on('GET', `${V1}/user/query`, authed((req) => {
    const q = req.query;
    const pg = paging(q);
    if ('status' in pg) return pg;
    const order = q['order_by'] ?? 'CREATED_AT_ASC';
    if (!USER_ORDERS.includes(order)) return json(400, { order_by: [`must be one of ${USER_ORDERS.join(', ')}`] });
    let users = world.users.slice();
    const needle = q['email_or_username']?.toLowerCase();
    if (needle) users = users.filter((u) => u.email.toLowerCase().includes(needle) || (u.username ?? '').toLowerCase().includes(needle));
    if (q['legacy_user_id']) users = users.filter((u) => u.legacy_user_id === q['legacy_user_id']);
    users.sort(stable(byUser[order]!, (u) => u.user_id));
    return envelope('users', users.map((u) => world.userShape(u, bool(q['include_orgs']))), pg);
  }));
  const one = (u: PaUser | undefined, req: SimRequest): SimResponse => (u ? json(200, world.userShape(u, bool(req.query['include_orgs']))) : empty(404));
  r.on('GET', `${V1}/user/email`, authed((req) => {
    const email = req.query['email'];
    if (!email) return json(400, { email: ['This field is required'] });
    return one(world.users.find((u) => u.email.toLowerCase() === email.toLowerCase()), req);
  }));
  r.on('GET', `${V1}/user/username`, authed((req) => {
    const username = req.query['username'];
    if (!username) return json(400, { username: ['This field is required'] });
    return one(world.users.find((u) => u.username?.toLowerCase() === username.toLowerCase()), req);
  }));
  for (const [path, key, field] of [['user_ids', 'user_ids', 'user_id'], ['emails', 'emails', 'email'], ['usernames', 'usernames', 'username']] as const) {
    r.on('POST', `${V1}/user/${path}`, authed((req) => {
      const wanted = (req.body as Record<string, unknown> | undefined)?.[key];
      if (!Array.isArray(wanted)) return json(400, { [key]: ['This field is required'] });
      const set = new Set(wanted.map(String));
      return json(200, world.users.filter((u) => set.has(String(u[field]))).map((u) => world.userShape(u, bool(req.query['include_orgs']))));
    }));
  }
  r.on('GET', `${V1}/user/org/:org_id`, authed((req) => {
    const pg = paging(req.query);
    if ('status' in pg) return pg;
    const orgId = req.params['org_id']!;
    if (!world.orgs.some((o) => o.org_id === orgId)) return empty(404);
    const role = req.query['role'];
    const rows = world.memberships
      .filter((m) => m.org_id === orgId && (!role || m.role === role))
      .map((m) => ({ m, u: world.users.find((u) => u.user_id === m.user_id)! }))
      .filter((x) => x.u)
      .sort((a, b) => a.u.created_at - b.u.created_at || a.u.user_id.localeCompare(b.u.user_id))
      .map(({ m, u }) => ({ ...world.userShape(u, bool(req.query['include_orgs'])), role_in_org: m.role, additional_roles_in_org: m.additional_roles }));
    return envelope('users', rows, pg);
  }, true));
  r.on('GET', `${V1}/user/:user_id`, authed((req) => {
    const id = req.params['user_id']!;
    return isUuid(id) ? one(world.users.find((u) => u.user_id === id), req) : empty(404);
  }));
  const orgQuery = authed((req) => {
    const p = params(req);
    const pg = paging(p);
    if ('status' in pg) return pg;
    const order = String(p['order_by'] ?? 'CREATED_AT_ASC');
    if (!ORG_ORDERS.includes(order)) return json(400, { order_by: [`must be one of ${ORG_ORDERS.join(', ')}`] });
    let orgs = world.orgs.slice();
    if (p['name']) orgs = orgs.filter((o) => o.name.toLowerCase().includes(String(p['name']).toLowerCase()));
    if (p['legacy_org_id']) orgs = orgs.filter((o) => o.legacy_org_id === p['legacy_org_id']);
    if (p['domain']) orgs = orgs.filter((o) => o.domain === p['domain'] || o.extra_domains.includes(String(p['domain'])));
    const cmp = order === 'NAME' ? (a: typeof orgs[0], b: typeof orgs[0]) => a.name.localeCompare(b.name)
      : order === 'CREATED_AT_DESC' ? (a: typeof orgs[0], b: typeof orgs[0]) => b.created_at - a.created_at
      : (a: typeof orgs[0], b: typeof orgs[0]) => a.created_at - b.created_at;
    orgs.sort(stable(cmp, (o) => o.org_id));
    return envelope('orgs', orgs.map((o) => world.orgQueryShape(o)), pg);
  }, true);
  r.on('GET', `${V1}/org/query`, orgQuery);
  r.on('POST', `${V1}/org/query`, orgQuery);
  r.on('GET', `${V1}/org/:org_id`, authed((req) => {
    const o = world.orgs.find((x) => x.org_id === req.params['org_id']);
    return o ? json(200, world.orgShape(o)) : empty(404);
  }, true));
  r.on('GET', `${V1}/pending_org_invites`, authed((req) => {
    const pg = paging(req.query);
    if ('status' in pg) return pg;
    const orgId = req.query['org_id'];
    return envelope('invites', world.invites.filter((i) => !orgId || i.org_id === orgId), pg);
  }, true));
  r.on('GET', `${V1}/custom_role_mappings`, authed(() => json(200, { custom_role_mappings: world.customRoleMappings }), true));
  const pem = `-----BEGIN PUBLIC KEY-----\n${createHash('sha512').update(apiKey).digest('base64')}\n-----END PUBLIC KEY-----\n`;
  r.on('GET', '/api/v1/token_verification_metadata', authed(() => json(200, { verifier_key_pem: pem })));
  // {AUTH_URL} endpoints: no API key.
  r.on('GET', '/.well-known/openid-configuration', () => json(200, {
    issuer: url,
    authorization_endpoint: `${url}/propelauth/oauth/authorize`,
    token_endpoint: `${url}/propelauth/oauth/token`,
    userinfo_endpoint: `${url}/propelauth/oauth/userinfo`,
    jwks_uri: `${url}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['openid', 'email', 'profile'],
  }));
  r.on('GET', '/.well-known/jwks.json', () => json(200, {
    keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: createHash('sha1').update(pem).digest('hex').slice(0, 16), n: createHash('sha512').update(pem).digest('base64url').repeat(4), e: 'AQAB' }],
  }));
  r.on('GET', '/propelauth/oauth/userinfo', (req) => {
    const userId = accessTokens.get(/^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1] ?? '');
    const u = userId && world.users.find((x) => x.user_id === userId);
    if (!u) return text(401, 'Unauthorized');
    return json(200, {
      user_id: u.user_id, email: u.email, email_confirmed: u.email_confirmed, first_name: u.first_name ?? null, last_name: u.last_name ?? null,
      username: u.username ?? null, picture_url: u.picture_url ?? null, org_id_to_org_info: world.orgInfo(u.user_id),
      legacy_user_id: u.legacy_user_id ?? null, impersonator_user_id: null, properties: u.properties ?? {},
    });
  });
  // Writes and token minting (beyond apis.md's read table; paths from the SDKs) — actions.
  const A = { action: true };
  r.on('POST', `${V1}/magic_link`, authed(() => json(200, { url: `${url}/magic-link?t=${keys.base64url(32)}` })), A);
  r.on('POST', `${V1}/access_token`, authed((req) => {
    const userId = String((req.body as Record<string, unknown> | undefined)?.['user_id'] ?? '');
    return world.users.some((u) => u.user_id === userId) ? json(200, { access_token: mintAccessToken(userId) }) : empty(404);
  }), A);
  r.on('POST', `${V1}/user/`, authed((req) => {
    const email = String((req.body as Record<string, unknown> | undefined)?.['email'] ?? '');
    if (!email.includes('@')) return json(400, { email: ['Invalid email'] });
    return json(200, { user_id: world.addUser({ email, orgIds: [] }).user_id });
  }), A);
  r.on('DELETE', `${V1}/user/:user_id`, authed((req) => (world.deleteUser(req.params['user_id']!) ? json(200, {}) : empty(404))), A);

  const { server: srv, served } = await serveSimulator({
    router: r,
    port: options.port,
    faults: options.faults,
    forbidden: options.forbidden,
    // PropelAuth documents no 403 (SDKs read only the status); a text body like its 429.
    forbiddenResponse: () => text(403, 'Forbidden'),
    faultResponse: (status) => text(status, status === 429 ? 'Too many requests' : 'Internal server error'),
  });
  url = srv.url;
  return {
    name: 'propel_auth',
    url,
    credentials: { api_key: apiKey, auth_url: url },
    ...served,
    data: {
      world,
      counts: () => world.counts(),
      addUser: (o) => world.addUser(o),
      addOrg: (n) => world.addOrg(n),
      updateUser: (userId, patch) => void patchItem(world.users, 'user_id', userId, patch),
      deleteUser: (u) => void world.deleteUser(u),
      mintAccessToken,
    },
  };
}
