/**
 * Passwordless.dev private (backend) API simulator — apis.md §1.
 *
 * Auth: `ApiSecret: <app>:secret:<32 hex>`; 401/403 are RFC 7807 problem+json exactly as HeaderHandler and
 * DefaultProblemDetailWriter write them (with `WWW-Authenticate: ApiSecret`). Lists are unpaged
 * `{"values":[...]}` / `{"configurations":[...]}`; `/events` is page-numbered and Enterprise-only (403
 * otherwise). `POST /magic-links/send` is limited to 10 requests per 5 minutes (429, empty body).
 */
import {
  type CommonSimulatorOptions,
  type RateLimit,
  type SimRequest,
  type SimResponse,
  type Simulator,
  Rng,
  Router,
  WindowLimiter,
  empty,
  json,
  makeClock,
  problem,
  subSeed,
  iso,
  removeWhere,
  serveSimulator,
} from '../simulator-kit.js';
import { PASSWORDLESS_DEFAULTS, PasswordlessWorld, passwordlessCounts } from './data.js';

/** Scopes a Passwordless secret key can carry. */
export type PasswordlessScope = 'token_register' | 'token_verify';

/** Options of {@link startPasswordlessSimulator}. */
export interface PasswordlessSimulatorOptions extends CommonSimulatorOptions {
  counts?: Partial<typeof PASSWORDLESS_DEFAULTS>;
  /** Billing plan; `/events` answers 403 unless `enterprise`. Default `free`. */
  plan?: 'free' | 'pro' | 'enterprise';
  /** Override the accepted secret and its scopes (default: both scopes). */
  secrets?: { api_secret?: string; scopes?: PasswordlessScope[] };
  /** `POST /magic-links/send` limit; default the server's 10 per 5 minutes. */
  magicLinkLimit?: RateLimit;
}

/** The `data` handle of the Passwordless simulator. */
export interface PasswordlessData {
  world: PasswordlessWorld;
  /** The app's public `ApiKey` (browser endpoints only; the backend API answers 401 to it). */
  publicKey: string;
  counts(): Record<string, number>;
  addUser: PasswordlessWorld['addUser'];
  addCredential: PasswordlessWorld['addCredential'];
  addEvents(n: number): void;
  deleteUser(userId: string): void;
  /** Simulate a sign-in with a credential: bumps `signatureCounter` and `lastUsedAt` (a changed record). */
  useCredential(credentialId: string): void;
  setPlan(plan: 'free' | 'pro' | 'enterprise'): void;
}

const ERR = 'https://docs.passwordless.dev/guide/errors.html#';

/** Start a Passwordless.dev simulator on 127.0.0.1. */
export async function startPasswordlessSimulator(options: PasswordlessSimulatorOptions = {}): Promise<Simulator<PasswordlessData>> {
  const seed = options.seed ?? 42;
  const { baseTime, now } = makeClock(options);
  const keyRng = new Rng(subSeed(seed, 'passwordless-keys'));
  const apiSecret = options.secrets?.api_secret ?? `sluicedemo:secret:${keyRng.hex(32)}`;
  const publicKey = `sluicedemo:public:${keyRng.hex(32)}`;
  const scopes = new Set(options.secrets?.scopes ?? ['token_register', 'token_verify']);
  const world = new PasswordlessWorld(seed, baseTime, passwordlessCounts(options.size, options.counts), apiSecret.slice(-4));
  let plan = options.plan ?? 'free';
  const ml = options.magicLinkLimit ?? { limit: 10, windowMs: 5 * 60_000 };
  const magicLimiter = new WindowLimiter(ml.limit, ml.windowMs);
  const traceRng = new Rng(subSeed(seed, 'passwordless-trace'));
  const traceId = (): string => `00-${traceRng.hex(32)}-${traceRng.hex(16)}-01`;
  const tokens = new Map<string, { userId: string; expiresAt: number; type: string }>();
  const tokenRng = new Rng(subSeed(seed, 'passwordless-tokens'));

  /** 401 exactly as HeaderHandler.HandleChallengeAsync + DefaultProblemDetailWriter. */
  const challenge = (req: SimRequest): SimResponse => {
    const v = req.headers['apisecret'];
    let detail: string;
    if (v !== undefined) {
      if (v.startsWith('verify_')) detail = "A verify token was supplied instead of your 'ApiSecret'.";
      else if (v.startsWith('register_')) detail = "A register token was supplied instead of your 'ApiSecret'.";
      else if (v.includes(':public:')) detail = "Your ApiSecret header contained a public ApiKey instead of your 'ApiSecret'.";
      else if (!v.includes('secret')) detail = `We don't recognize the value you supplied for your 'ApiSecret'. It started with: '${v.slice(0, 10)}'.`;
      else detail = "The value of your 'ApiSecret' is not valid.";
    } else if (req.headers['apikey'] !== undefined) {
      detail = "A 'ApiKey' header was supplied when a 'ApiSecret' header should have been supplied.";
    } else detail = "A valid 'ApiSecret' header is required.";
    return problem(
      401,
      { type: `${ERR}ApiSecret`, title: "A valid 'ApiSecret' header is required.", status: 401, detail, traceId: traceId() },
      { 'www-authenticate': 'ApiSecret' },
    );
  };
  const forbidden = (detail?: string): SimResponse =>
    problem(403, {
      type: `${ERR}forbidden`,
      title: 'You are forbidden from accessing this resource.',
      status: 403,
      ...(detail ? { detail } : {}),
      traceId: traceId(),
    });
  const apiError = (status: number, errorCode: string | null, title: string): SimResponse =>
    problem(status, { type: `${ERR}${errorCode ?? ''}`, title, status, errorCode });
  const badParam = (title: string): SimResponse =>
    problem(400, { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title, status: 400, traceId: traceId() });
  const validation = (errors: Record<string, string[]>): SimResponse =>
    problem(400, {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors,
      traceId: traceId(),
    });

  type H = (req: SimRequest) => SimResponse;
  /** Wrap a handler with the secret-key check and an optional scope requirement. */
  const secured = (h: H, scope?: PasswordlessScope): H => (req) => {
    if (req.headers['apisecret'] !== apiSecret) return challenge(req);
    if (scope && !scopes.has(scope)) {
      return forbidden(`You are unable to access this resource because you do not have the required permissions. Required scopes: ${scope}`);
    }
    return h(req);
  };
  const bodyOf = (req: SimRequest): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const queryCi = (req: SimRequest, name: string): string | undefined => {
    const hit = Object.keys(req.query).find((k) => k.toLowerCase() === name.toLowerCase());
    return hit === undefined ? undefined : req.query[hit];
  };
  const mint = (prefix: string, userId: string, ttlSec: number, type: string): string => {
    const token = `${prefix}${tokenRng.base64url(48)}`;
    tokens.set(token, { userId, expiresAt: now() + ttlSec * 1000, type });
    return token;
  };
  const listCredentials = (userId: string | undefined): SimResponse => {
    if (!userId) return badParam('Required parameter "string UserId" was not provided from query string.');
    return json(200, { values: world.credentials.filter((c) => c.userId === userId) });
  };

  const r = new Router();
  r.on('GET', '/credentials/list', secured((req) => listCredentials(queryCi(req, 'userId'))));
  r.on('POST', '/credentials/list', secured((req) => {
    const userId = bodyOf(req)['userId'];
    return typeof userId === 'string' && userId ? listCredentials(userId) : validation({ UserId: ['The UserId field is required.'] });
  }));
  r.on('GET', '/users/list', secured(() => json(200, { values: world.userSummaries() })));
  r.on('GET', '/users/count', secured(() => json(200, { count: world.userSummaries().length })));
  r.on('GET', '/alias/list', secured((req) => {
    const userId = queryCi(req, 'userId');
    if (!userId) return badParam('Required parameter "string UserId" was not provided from query string.');
    return json(200, { values: world.aliases.filter((a) => a.userId === userId) });
  }));
  r.on('GET', '/auth-configs/list', secured((req) => {
    const purpose = queryCi(req, 'purpose');
    return json(200, { configurations: world.authConfigs.filter((c) => !purpose || c.purpose === purpose) });
  }));
  r.on('GET', '/events', secured((req) => {
    if (plan !== 'enterprise') return forbidden();
    const pn = queryCi(req, 'pageNumber');
    if (pn === undefined) return badParam('Required parameter "int PageNumber" was not provided from query string.');
    const pageNumber = Number(pn);
    const nr = queryCi(req, 'numberOfResults');
    const numberOfResults = nr === undefined ? 100 : Number(nr);
    if (!Number.isInteger(pageNumber)) return badParam(`Failed to bind parameter "int PageNumber" from "${pn}".`);
    const errors: Record<string, string[]> = {};
    if (pageNumber < 1) errors['PageNumber'] = ['The field PageNumber must be between 1 and 2147483647.'];
    if (!Number.isInteger(numberOfResults) || numberOfResults < 1 || numberOfResults > 1000) {
      errors['NumberOfResults'] = ['The field NumberOfResults must be between 1 and 1000.'];
    }
    if (Object.keys(errors).length > 0) return validation(errors);
    const start = (pageNumber - 1) * numberOfResults;
    return json(200, {
      tenantId: world.tenant,
      events: world.events.slice(start, start + numberOfResults),
      totalEventCount: world.events.length,
    });
  }));
  r.on('GET', '/reporting/credentials/periodic', secured(() => json(200, world.periodic('credentials'))));
  r.on('GET', '/reporting/active-users/periodic', secured(() => json(200, world.periodic('active-users'))));
  r.on('GET', '/authenticators/list', secured(() =>
    json(200, [...new Set(world.credentials.map((c) => c.aaGuid).filter((g): g is string => g !== null))].sort()
      .map((aaGuid, i) => ({ aaGuid, createdAt: iso.dotnet(baseTime - (90 - i) * 86_400_000) })))));

  // Actions: mint tokens, send mail, write or delete.
  const action = { action: true };
  r.on('POST', '/credentials/delete', secured((req) => {
    const id = bodyOf(req)['credentialId'];
    if (typeof id !== 'string') return validation({ CredentialId: ['The CredentialId field is required.'] });
    removeWhere(world.credentials, (c) => c.descriptor.id === id);
    return empty(204);
  }), action);
  r.on('POST', '/users/delete', secured((req) => {
    const userId = bodyOf(req)['userId'];
    if (typeof userId !== 'string' || !userId) return apiError(400, 'missing_userid', 'userId must not be null or empty');
    world.deleteUser(userId);
    return empty(200);
  }), action);
  r.on('POST', '/alias', secured((req) => {
    const b = bodyOf(req);
    const userId = b['userId'];
    if (typeof userId !== 'string' || !userId) return apiError(400, 'missing_userid', 'userId must not be null or empty');
    const aliases = Array.isArray(b['aliases']) ? (b['aliases'] as unknown[]).map(String) : [];
    removeWhere(world.aliases, (a) => a.userId === userId);
    for (const a of aliases) world.addAlias(userId, a, b['hashing'] !== false);
    return empty(204);
  }), action);
  r.on('POST', '/auth-configs/add', secured((req) => {
    const b = bodyOf(req);
    const purpose = String(b['purpose'] ?? '');
    if (!purpose) return validation({ Purpose: ['The Purpose field is required.'] });
    if (world.authConfigs.some((c) => c.purpose === purpose)) return apiError(409, 'purpose_conflict', `The purpose '${purpose}' already exists.`);
    world.authConfigs.push({
      purpose,
      userVerificationRequirement: (b['userVerificationRequirement'] as 'preferred') ?? 'preferred',
      timeToLive: Number(b['timeToLive'] ?? 120),
      hints: Array.isArray(b['hints']) ? (b['hints'] as string[]).join(', ') : '',
      createdBy: String(b['performedBy'] ?? 'api'),
      createdOn: iso.offsetUtc(now()),
      editedBy: null,
      editedOn: null,
      lastUsedOn: null,
    });
    return empty(201);
  }), action);
  r.on('POST', '/auth-configs', secured((req) => {
    const b = bodyOf(req);
    const cfg = world.authConfigs.find((c) => c.purpose === b['purpose']);
    if (!cfg) return empty(404);
    if (typeof b['timeToLive'] === 'number') cfg.timeToLive = b['timeToLive'];
    if (typeof b['userVerificationRequirement'] === 'string') cfg.userVerificationRequirement = b['userVerificationRequirement'] as 'preferred';
    cfg.editedBy = String(b['performedBy'] ?? 'api');
    cfg.editedOn = iso.offsetUtc(now());
    return empty(204);
  }), action);
  r.on('POST', '/auth-configs/delete', secured((req) => {
    const purpose = bodyOf(req)['purpose'];
    return removeWhere(world.authConfigs, (c) => c.purpose === purpose) > 0 ? empty(204) : empty(404);
  }), action);
  r.on('POST', '/register/token', secured((req) => {
    const b = bodyOf(req);
    if (typeof b['userId'] !== 'string' || !b['userId']) return apiError(400, 'missing_userid', 'userId must not be null or empty');
    if (typeof b['username'] !== 'string' || !b['username']) return validation({ Username: ['The Username field is required.'] });
    return json(200, { token: mint('register_', b['userId'], 120, 'register') });
  }, 'token_register'), action);
  r.on('POST', '/signin/generate-token', secured((req) => {
    const b = bodyOf(req);
    if (typeof b['userId'] !== 'string' || !b['userId']) return apiError(400, 'missing_userid', 'userId must not be null or empty');
    const ttl = b['timeToLive'] === undefined ? 120 : Number(b['timeToLive']);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 604800) return validation({ TimeToLive: ['The field TimeToLive must be between 1 and 604800.'] });
    return json(200, { token: mint('verify_', b['userId'], ttl, 'generated_signin') });
  }, 'token_verify'), action);
  r.on('POST', '/signin/verify', secured((req) => {
    const token = bodyOf(req)['token'];
    const t = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!t || t.type === 'register') return apiError(400, 'invalid_token', 'The token is not valid.');
    if (t.expiresAt < now()) return apiError(403, 'expired_token', 'The token has expired.');
    tokens.delete(token as string);
    const cred = world.credentials.find((c) => c.userId === t.userId);
    return json(200, {
      success: true, userId: t.userId, timestamp: iso.millis(now()), rpid: world.rpid, origin: `https://${world.rpid}`,
      device: cred?.device ?? null, country: cred?.country ?? null, nickname: cred?.nickname ?? null,
      credentialId: cred?.descriptor.id ?? null, expiresAt: iso.millis(t.expiresAt), tokenId: tokenRng.hex(8) + '-0000-4000-8000-' + tokenRng.hex(12),
      type: t.type, purpose: 'sign-in',
    });
  }, 'token_verify'), action);
  r.on('POST', '/magic-links/send', secured((req) => {
    if (!magicLimiter.take(now()).ok) return empty(429);
    const b = bodyOf(req);
    const errors: Record<string, string[]> = {};
    if (typeof b['emailAddress'] !== 'string' || !b['emailAddress'].includes('@')) errors['EmailAddress'] = ['The EmailAddress field is not a valid e-mail address.'];
    if (typeof b['urlTemplate'] !== 'string' || !b['urlTemplate'].includes('$TOKEN')) errors['UrlTemplate'] = ['The UrlTemplate field must contain $TOKEN.'];
    if (typeof b['userId'] !== 'string' || !b['userId']) errors['UserId'] = ['The UserId field is required.'];
    if (Object.keys(errors).length > 0) return validation(errors);
    mint('verify_', b['userId'] as string, Number(b['timeToLive'] ?? 900), 'magic_link');
    return empty(204);
  }), action);

  const { server: server, served } = await serveSimulator({
    router: r,
    port: options.port,
    faults: options.faults,
    forbidden: options.forbidden,
    // A locked secret key: ApiException("api_key_locked", …, 403) through FriendlyExceptionsMiddleware (title wording invented).
    forbiddenResponse: () => apiError(403, 'api_key_locked', 'The API key is locked.'),
    // The ASP.NET defaults: 429 from the rate limiter has no body; 5xx come back as problem details.
    faultResponse: (status) =>
      status === 429 ? empty(429) : problem(status, { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', title: 'An error occurred while processing your request.', status, traceId: traceId() }),
  });
  return {
    name: 'passwordless',
    url: server.url,
    credentials: { api_secret: apiSecret },
    ...served,
    data: {
      world,
      publicKey,
      counts: () => world.counts(),
      addUser: (o) => world.addUser(o),
      addCredential: (u, at) => world.addCredential(u, at),
      addEvents: (n) => world.addEvents(n, now() - 60_000, now()),
      deleteUser: (u) => world.deleteUser(u),
      useCredential: (id) => {
        const c = world.credentials.find((x) => x.descriptor.id === id);
        if (!c) throw new Error(`no credential ${id}`);
        c.signatureCounter++;
        c.lastUsedAt = iso.dotnet(now(), 0);
      },
      setPlan: (p) => {
        plan = p;
      },
    },
  };
}
