/**
 * Authsignal Server API + Client API simulator — apis.md §2.
 *
 * `url` is the server API base including `/v1`; the Client API is at `<url>/client`.
 * Server API: `Authorization: Basic base64("<secretKey>:")`. Client API: `Bearer <token>` (tokens from
 * track-action, valid 10 minutes → 401 `expired_token` after) or, for the anonymous passkey calls,
 * `Basic base64(tenantId)` (no colon). Errors: `{error, errorCode, errorDescription}`.
 * `GET /users` pages by keyset (`limit` + `lastEvaluatedUserId`); every other list is a bare, unpaged array.
 */
import {
  type CommonSimulatorOptions,
  type SimRequest,
  type SimResponse,
  type Simulator,
  Rng,
  Router,
  json,
  makeClock,
  subSeed,
  iso,
  removeWhere,
  DAY_MS,
  patchItem,
  serveSimulator,
} from '../simulator-kit.js';
import { AUTHSIGNAL_DEFAULTS, AuthsignalWorld, type AsAuthenticator, type VerificationMethod, authsignalCounts, maskEmail, maskPhone } from './data.js';

/** Options of {@link startAuthsignalSimulator}. */
export interface AuthsignalSimulatorOptions extends CommonSimulatorOptions {
  counts?: Partial<typeof AUTHSIGNAL_DEFAULTS>;
  secrets?: { secret_key?: string; tenant_id?: string };
  /** Client token lifetime; default 10 minutes. */
  tokenTtlMs?: number;
}

/** The `data` handle of the Authsignal simulator. */
export interface AuthsignalData {
  world: AuthsignalWorld;
  counts(): Record<string, number>;
  addUser: AuthsignalWorld['addUser'];
  addAuthenticator(userId: string, method: VerificationMethod): AsAuthenticator;
  /** Track an action now (what `POST /users/{id}/actions/{action}` does, without the HTTP call). */
  addAction(userId: string, actionCode?: string): void;
  /** Change a user's fields (for merge tests). */
  updateUser(userId: string, patch: { email?: string; displayName?: string; username?: string }): void;
  deleteUser(userId: string): void;
  /** Mint a client token for a user (valid `tokenTtlMs` from now). */
  mintToken(userId: string): string;
}

/** Default limit of `GET /users` when none is sent, and the largest accepted (assumptions: not documented). */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

const err = (status: number, code: string, description: string): SimResponse =>
  json(status, { error: code, errorCode: code, errorDescription: description });
const UNAUTHORIZED = (): SimResponse =>
  err(401, 'unauthorized', 'The request is unauthorized. Check that your API secret key and region base URL are correctly configured.');

/** Start an Authsignal simulator on 127.0.0.1. */
export async function startAuthsignalSimulator(options: AuthsignalSimulatorOptions = {}): Promise<Simulator<AuthsignalData>> {
  const seed = options.seed ?? 42;
  const { baseTime, now } = makeClock(options);
  const keys = new Rng(subSeed(seed, 'authsignal-keys'));
  const secretKey = options.secrets?.secret_key ?? keys.base64url(40);
  const tenantId = options.secrets?.tenant_id ?? keys.uuid();
  const ttl = options.tokenTtlMs ?? 10 * 60_000;
  const world = new AuthsignalWorld(seed, baseTime, authsignalCounts(options.size, options.counts));
  const tokenRng = new Rng(subSeed(seed, 'authsignal-tokens'));
  const tokens = new Map<string, { userId: string; expiresAt: number }>();
  const challenges = new Map<string, Record<string, unknown>>();
  const mintToken = (userId: string): string => {
    const b = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const t = `${b({ alg: 'HS256', typ: 'JWT' })}.${b({ sub: userId, tenantId, iat: Math.floor(now() / 1000), jti: tokenRng.hex(16) })}.${tokenRng.base64url(43)}`;
    tokens.set(t, { userId, expiresAt: now() + ttl });
    return t;
  };
  // The client token of `credentials.token` belongs to the first user holding a passkey.
  let tokenUser = world.authenticators.find((a) => a.verificationMethod === 'PASSKEY')?.userId;
  if (!tokenUser) tokenUser = world.users[0]?.userId ?? world.addUser({ authenticators: ['PASSKEY'] });
  const token = mintToken(tokenUser);

  type H = (req: SimRequest) => SimResponse;
  const basic = (req: SimRequest): string | undefined => {
    const m = /^Basic (.+)$/i.exec(req.headers['authorization'] ?? '');
    return m ? Buffer.from(m[1]!, 'base64').toString('utf8') : undefined;
  };
  /** Server API: Basic with the secret as username and an empty password. */
  const server = (h: H): H => (req) => (basic(req) === `${secretKey}:` ? h(req) : UNAUTHORIZED());
  /** Client API: Bearer token (user bound) or, when `anon`, Basic base64(tenantId). */
  const client = (h: (req: SimRequest, userId: string | undefined) => SimResponse, anon = false): H => (req) => {
    const auth = req.headers['authorization'] ?? '';
    const bearer = /^Bearer (.+)$/i.exec(auth)?.[1];
    if (bearer) {
      const t = tokens.get(bearer);
      if (!t) return UNAUTHORIZED();
      if (t.expiresAt <= now()) return err(401, 'expired_token', 'The token has expired. Tokens are valid for 10 minutes.');
      return h(req, t.userId);
    }
    const b = basic(req);
    if (anon && (b === tenantId || b === encodeURIComponent(tenantId))) return h(req, undefined);
    return UNAUTHORIZED();
  };
  const bodyOf = (req: SimRequest): Record<string, unknown> =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
  const userOr404 = (req: SimRequest, h: (userId: string) => SimResponse): SimResponse => {
    const userId = req.params['userId']!;
    return world.users.some((u) => u.userId === userId) ? h(userId) : err(404, 'not_found', `User not found: ${userId}`);
  };
  const clientShape = (a: AsAuthenticator): Record<string, unknown> => {
    const { userId: _userId, ...rest } = a;
    return {
      ...rest,
      ...(a.email !== undefined ? { email: maskEmail(a.email) } : {}),
      ...(a.phoneNumber !== undefined ? { phoneNumber: maskPhone(a.phoneNumber) } : {}),
    };
  };
  const serverShape = (a: AsAuthenticator): Record<string, unknown> => {
    const { isDefault: _isDefault, ...rest } = a;
    return rest;
  };

  const r = new Router();
  const A = { action: true };
  // ---- Server API (reads)
  r.on('GET', '/v1/users', server((req) => {
    const q = req.query;
    const limit = q['limit'] === undefined ? DEFAULT_LIMIT : Number(q['limit']);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return err(400, 'invalid_request', `limit must be an integer between 1 and ${MAX_LIMIT}`);
    let users = world.users;
    if (q['username']) users = users.filter((u) => u.username === q['username']);
    if (q['email']) users = users.filter((u) => u.email === q['email']);
    if (q['phoneNumber']) users = users.filter((u) => u.phoneNumber === q['phoneNumber']);
    if (q['token']) {
      const t = tokens.get(q['token']);
      users = users.filter((u) => u.userId === t?.userId);
    }
    const after = q['lastEvaluatedUserId'];
    if (after) users = users.filter((u) => u.userId > after);
    const page = users.slice(0, limit);
    const more = users.length > limit;
    return json(200, { users: page.map((u) => world.queryShape(u)), ...(more ? { lastEvaluatedUserId: page.at(-1)!.userId } : {}) });
  }));
  r.on('GET', '/v1/users/:userId', server((req) => userOr404(req, (id) => json(200, world.getShape(world.users.find((u) => u.userId === id)!)))));
  r.on('GET', '/v1/users/:userId/authenticators', server((req) =>
    userOr404(req, (id) => json(200, world.authenticators.filter((a) => a.userId === id).map(serverShape)))));
  r.on('GET', '/v1/users/:userId/actions', server((req) => userOr404(req, (id) => {
    const floor = now() - 30 * DAY_MS;
    const fromQ = req.query['fromDate'] ? Date.parse(req.query['fromDate']) : floor;
    if (Number.isNaN(fromQ)) return err(400, 'invalid_request', 'fromDate must be an ISO 8601 date');
    const from = iso.seconds(Math.max(fromQ, floor));
    const codes = req.query['codes']?.split(',').filter(Boolean);
    const state = req.query['state'];
    const rows = world.actions
      .filter((a) => a.userId === id && a.createdAt >= from && (!codes || codes.includes(a.actionCode)) && (!state || a.state === state))
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))
      .map(({ userId: _u, ...rest }) => rest);
    return json(200, rows);
  })));
  r.on('GET', '/v1/users/:userId/actions/:action/:idempotencyKey', server((req) => {
    const a = world.actions.find((x) => x.userId === req.params['userId'] && x.actionCode === req.params['action'] && x.idempotencyKey === req.params['idempotencyKey']);
    if (!a) return err(404, 'not_found', 'Action not found');
    return json(200, { state: a.state, stateUpdatedAt: a.stateUpdatedAt, createdAt: a.createdAt, ...(a.verificationMethod ? { verificationMethod: a.verificationMethod } : {}), rules: [], ruleIds: [], output: {} });
  }));
  r.on('GET', '/v1/users/:userId/devices', server((req) => userOr404(req, (id) =>
    json(200, world.authenticators.filter((a) => a.userId === id && a.webauthnCredential).map((a) => ({
      deviceId: a.webauthnCredential!['deviceId'], name: a.webauthnCredential!['name'], createdAt: a.createdAt, lastVerifiedAt: a.lastVerifiedAt,
    }))))));
  r.on('GET', '/v1/challenges', server((req) => {
    const c = challenges.get(req.query['challengeId'] ?? '');
    return c ? json(200, c) : err(404, 'not_found', 'Challenge not found');
  }));
  // ---- Server API (actions)
  r.on('PATCH', '/v1/users/:userId', server((req) => userOr404(req, (id) => {
    const u = world.users.find((x) => x.userId === id)!;
    const b = bodyOf(req);
    for (const k of ['email', 'phoneNumber', 'username', 'displayName'] as const) if (typeof b[k] === 'string') u[k] = b[k] as string;
    return json(200, world.getShape(u));
  })), A);
  r.on('DELETE', '/v1/users/:userId', server((req) => userOr404(req, (id) => (world.deleteUser(id), json(200, { success: true })))), A);
  r.on('POST', '/v1/users/:userId/authenticators', server((req) => userOr404(req, (id) => {
    const m = bodyOf(req)['verificationMethod'];
    if (typeof m !== 'string') return err(400, 'invalid_request', 'verificationMethod is required');
    const a = world.addAuthenticator(id, m as VerificationMethod);
    return json(200, { authenticator: serverShape(a) });
  })), A);
  r.on('DELETE', '/v1/users/:userId/authenticators/:userAuthenticatorId', server((req) =>
    removeWhere(world.authenticators, (a) => a.userId === req.params['userId'] && a.userAuthenticatorId === req.params['userAuthenticatorId']) > 0
      ? json(200, { success: true })
      : err(404, 'not_found', 'Authenticator not found')), A);
  r.on('POST', '/v1/users/:userId/actions/:action', server((req) => {
    const userId = req.params['userId']!;
    if (!world.users.some((u) => u.userId === userId)) world.addUser({ userId, authenticators: [], actions: 0 });
    const a = world.addAction(userId, now(), req.params['action']);
    const enrolled = world.enrolled(userId).length > 0;
    a.state = enrolled ? 'CHALLENGE_REQUIRED' : 'ALLOW';
    return json(200, { idempotencyKey: a.idempotencyKey, state: a.state, url: `https://app.authsignal.com/challenge?token=x`, token: mintToken(userId), isEnrolled: enrolled });
  }), A);
  r.on('POST', '/v1/challenge', server((req) => {
    const b = bodyOf(req);
    if (!['SMS', 'EMAIL_OTP', 'WHATSAPP'].includes(String(b['verificationMethod']))) return err(400, 'invalid_request', 'verificationMethod must be SMS, EMAIL_OTP or WHATSAPP');
    const challengeId = tokenRng.uuid();
    const c = { challengeId, idempotencyKey: tokenRng.uuid(), expiresAt: Math.floor(now() / 1000) + 600 };
    challenges.set(challengeId, { ...c, action: b['action'], verificationMethod: b['verificationMethod'] });
    return json(200, c);
  }), A);
  for (const p of ['/v1/verify', '/v1/claim', '/v1/validate']) {
    r.on('POST', p, server(() => json(200, { isVerified: false, isValid: false })), A);
  }

  // ---- Client API
  const challengeOptions = (userId: string | undefined, kind: 'registration' | 'authentication'): SimResponse => {
    const challengeId = tokenRng.uuid();
    challenges.set(challengeId, { challengeId, userId, kind });
    const challenge = tokenRng.base64url(43);
    const user = world.users.find((u) => u.userId === userId);
    const options = kind === 'registration'
      ? { challenge, rp: { name: 'Sluice Demo', id: 'localhost' }, user: { id: Buffer.from(userId ?? '').toString('base64url'), name: user?.username ?? userId, displayName: user?.displayName ?? user?.username ?? userId },
          pubKeyCredParams: [{ alg: -7, type: 'public-key' }, { alg: -257, type: 'public-key' }], timeout: 60000, attestation: 'none',
          excludeCredentials: world.authenticators.filter((a) => a.userId === userId && a.webauthnCredential).map((a) => ({ id: a.webauthnCredential!['credentialId'], type: 'public-key' })),
          authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred', requireResidentKey: false } }
      : { challenge, timeout: 60000, rpId: 'localhost', allowCredentials: [], userVerification: 'preferred' };
    return json(200, { challengeId, options });
  };
  r.on('GET', '/v1/client/user-authenticators', client((_req, userId) =>
    json(200, world.authenticators.filter((a) => a.userId === userId).map(clientShape))));
  r.on('GET', '/v1/client/user-authenticators/passkey', client((req) => {
    const ids = (req.query['credentialIds'] ?? '').split(',').filter(Boolean);
    const a = world.authenticators.find((x) => ids.includes(String(x.webauthnCredential?.['credentialId'])));
    return a ? json(200, { credentialId: a.webauthnCredential!['credentialId'], verifiedAt: a.verifiedAt }) : err(404, 'credential_not_found', 'Credential not found');
  }, true));
  for (const suffix of ['', '/web']) {
    r.on('POST', `/v1/client/user-authenticators/passkey/registration-options${suffix}`, client((_req, userId) => challengeOptions(userId, 'registration')), A);
    r.on('POST', `/v1/client/user-authenticators/passkey/authentication-options${suffix}`, client((_req, userId) => challengeOptions(userId, 'authentication'), true), A);
  }
  r.on('POST', '/v1/client/user-authenticators/passkey', client((req, userId) => {
    const b = bodyOf(req);
    const c = challenges.get(String(b['challengeId']));
    if (!c || !b['registrationCredential'] || !userId) return err(400, 'invalid_request', 'Unknown challengeId or missing registrationCredential');
    const a = world.addAuthenticator(userId, 'PASSKEY', now() - DAY_MS);
    return json(200, { isVerified: true, accessToken: mintToken(userId), userAuthenticatorId: a.userAuthenticatorId, userId, userAuthenticator: clientShape(a) });
  }), A);
  r.on('POST', '/v1/client/verify/passkey', client((req) => {
    const b = bodyOf(req);
    const cred = b['authenticationCredential'] as { id?: string } | undefined;
    const a = world.authenticators.find((x) => x.webauthnCredential?.['credentialId'] === cred?.id);
    if (!challenges.has(String(b['challengeId']))) return err(400, 'invalid_request', 'Unknown challengeId');
    if (!a) return err(400, 'unknown_credential', 'The credential is not registered');
    const u = world.users.find((x) => x.userId === a.userId);
    return json(200, { isVerified: true, accessToken: mintToken(a.userId), userId: a.userId, userAuthenticatorId: a.userAuthenticatorId, username: u?.username, userDisplayName: u?.displayName });
  }, true), A);
  r.on('POST', '/v1/client/challenge', client(() => {
    const challengeId = tokenRng.uuid();
    challenges.set(challengeId, { challengeId });
    return json(200, { challengeId });
  }, true), A);
  r.on('POST', '/v1/client/user-authenticators/:method', client(() => json(200, { userAuthenticatorId: tokenRng.uuid() })), A);
  r.on('POST', '/v1/client/challenge/:method', client(() => json(200, { challengeId: tokenRng.uuid() })), A);
  r.on('POST', '/v1/client/verify/:method', client(() => json(200, { isVerified: false })), A);

  const { server: srv, served } = await serveSimulator({
    router: r,
    port: options.port,
    faults: options.faults,
    forbidden: options.forbidden,
    // Authsignal documents no 403; this is its error shape with an assumed code.
    forbiddenResponse: () => err(403, 'forbidden', 'The API secret key is not allowed to access this resource.'),
    faultResponse: (status) =>
      status === 429 ? err(429, 'too_many_requests', 'Too many requests. Please try again later.') : err(status, 'internal_error', 'An unexpected error occurred.'),
    notFound: () => err(404, 'not_found', 'Route not found'),
  });
  return {
    name: 'authsignal',
    url: `${srv.url}/v1`,
    credentials: { secret_key: secretKey, tenant_id: tenantId, token },
    ...served,
    data: {
      world,
      counts: () => world.counts(),
      addUser: (o) => world.addUser(o),
      addAuthenticator: (u, m) => world.addAuthenticator(u, m),
      addAction: (u, code) => void world.addAction(u, now(), code),
      updateUser: (userId, patch) => void patchItem(world.users, 'userId', userId, patch),
      deleteUser: (u) => void world.deleteUser(u),
      mintToken,
    },
  };
}
