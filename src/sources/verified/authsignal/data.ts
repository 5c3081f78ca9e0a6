/**
 * The Authsignal simulator's world: users, their authenticators and tracked actions, in the Server API's
 * wire shapes (camelCase; ISO timestamps — seconds for users/actions, milliseconds for authenticators).
 * See apis.md §2.
 */
import { DAY_MS, Rng, countOf, ipv4, iso, person, removeWhere, subSeed } from '../simulator-kit.js';

export type VerificationMethod = 'PASSKEY' | 'EMAIL_OTP' | 'SMS' | 'AUTHENTICATOR_APP' | 'SECURITY_KEY' | 'EMAIL_MAGIC_LINK';

/** A stored user (Server API "get user" plus the query-users fields). */
export interface AsUser {
  userId: string;
  email?: string;
  emailVerified: boolean;
  phoneNumber?: string;
  phoneNumberVerified: boolean;
  username?: string;
  displayName?: string;
  createdAt: string;
  custom: Record<string, unknown>;
  locale?: string;
}

/** Server UserAuthenticator (unmasked); the client API masks `email`/`phoneNumber` and adds `isDefault`. */
export interface AsAuthenticator {
  userId: string;
  userAuthenticatorId: string;
  verificationMethod: VerificationMethod;
  createdAt: string;
  verifiedAt?: string;
  lastVerifiedAt?: string;
  isDefault: boolean;
  email?: string;
  phoneNumber?: string;
  username?: string;
  displayName?: string;
  webauthnCredential?: Record<string, unknown>;
}

/** A tracked action (Server "query actions" item) plus its owner. */
export interface AsAction {
  userId: string;
  actionCode: string;
  idempotencyKey: string;
  createdAt: string;
  updatedAt?: string;
  state: string;
  stateUpdatedAt?: string;
  verificationMethod?: string;
  verifiedByAuthenticatorId?: string;
  userAgent?: string;
  ipAddress?: string;
  countryCode?: string;
}

/** Default record counts (multiplied by `size`). */
export const AUTHSIGNAL_DEFAULTS = { users: 120 };

const ACTION_CODES = ['signIn', 'withdraw', 'changePassword', 'addPayee', 'signUp'];
const STATES = ['ALLOW', 'BLOCK', 'CHALLENGE_REQUIRED', 'CHALLENGE_SUCCEEDED', 'CHALLENGE_FAILED', 'REVIEW_REQUIRED', 'REVIEW_SUCCEEDED'];
const UAS = [
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 Version/17.3 Safari/605.1.15', browser: { name: 'Safari', version: '17.3', major: '17' }, device: { model: 'Macintosh', type: 'desktop', vendor: 'Apple' }, engine: { name: 'WebKit', version: '605.1.15' }, os: { name: 'Mac OS', version: '14.3' }, cpu: { architecture: 'arm64' } },
  { ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/122.0 Mobile Safari/537.36', browser: { name: 'Chrome', version: '122.0', major: '122' }, device: { model: 'Pixel 8', type: 'mobile', vendor: 'Google' }, engine: { name: 'Blink', version: '122.0' }, os: { name: 'Android', version: '14' }, cpu: { architecture: 'arm64' } },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edge/122.0', browser: { name: 'Edge', version: '122.0', major: '122' }, device: { model: '', type: 'desktop', vendor: '' }, engine: { name: 'Blink', version: '122.0' }, os: { name: 'Windows', version: '10' }, cpu: { architecture: 'amd64' } },
];
const PASSKEY_PROVIDERS = [
  { aaguid: 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', name: 'iCloud Keychain' },
  { aaguid: 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4', name: 'Google Password Manager' },
  { aaguid: '08987058-cadc-4b81-b6e1-30de50dcbe96', name: 'Windows Hello' },
];
const SVG = 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=';

/** Mask an email the way the Client API does: `a***@example.com`. */
export function maskEmail(e: string): string {
  const [local, domain] = e.split('@');
  return `${(local ?? '').slice(0, 1)}***@${domain ?? ''}`;
}
/** Mask a phone number: keep the country prefix and the last three digits. */
export function maskPhone(p: string): string {
  return `${p.slice(0, 3)}${'*'.repeat(Math.max(0, p.length - 6))}${p.slice(-3)}`;
}

/** The mutable world behind the Authsignal simulator. */
export class AuthsignalWorld {
  readonly users: AsUser[] = [];
  readonly authenticators: AsAuthenticator[] = [];
  readonly actions: AsAction[] = [];
  private readonly rng: Rng;
  private nextUser = 1001;

  constructor(seed: number, readonly baseTime: number, counts: { users: number }) {
    this.rng = new Rng(subSeed(seed, 'authsignal'));
    for (let i = 0; i < counts.users; i++) this.addUser();
  }

  /** Add a user (random authenticators and actions unless given). Returns the userId. */
  addUser(opts: { userId?: string; authenticators?: VerificationMethod[]; actions?: number } = {}): string {
    const rng = this.rng;
    const n = this.nextUser++;
    const userId = opts.userId ?? `usr_${n}`;
    const p = person(rng, n);
    const created = rng.between(this.baseTime - 200 * DAY_MS, this.baseTime - 2 * DAY_MS);
    const hasEmail = rng.bool(0.85);
    const hasPhone = rng.bool(0.4);
    const user: AsUser = {
      userId,
      emailVerified: false,
      phoneNumberVerified: false,
      createdAt: iso.seconds(created),
      custom: rng.bool(0.3) ? { plan: rng.pick(['free', 'pro']), seats: rng.int(1, 20) } : {},
    };
    if (hasEmail) {
      user.email = p.email;
      user.emailVerified = rng.bool(0.7);
      user.username = p.email;
    }
    if (hasPhone) {
      user.phoneNumber = `+49151${String(rng.int(1000000, 9999999))}`;
      user.phoneNumberVerified = rng.bool(0.5);
    }
    if (rng.bool(0.7)) user.displayName = `${p.first} ${p.last.slice(0, 1)}.`;
    if (rng.bool(0.5)) user.locale = rng.pick(['en', 'de', 'sv']);
    this.users.push(user);
    this.users.sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
    const methods = opts.authenticators ?? rng.some<VerificationMethod>(['PASSKEY', 'EMAIL_OTP', 'SMS', 'AUTHENTICATOR_APP', 'SECURITY_KEY'], rng.int(0, 3));
    for (const m of methods) this.addAuthenticator(userId, m, created);
    const nActions = opts.actions ?? rng.int(0, 6);
    for (let i = 0; i < nActions; i++) this.addAction(userId);
    return userId;
  }

  /** Enrol an authenticator for a user. */
  addAuthenticator(userId: string, method: VerificationMethod, after = this.baseTime - 100 * DAY_MS): AsAuthenticator {
    const rng = this.rng;
    const user = this.users.find((u) => u.userId === userId);
    const created = rng.between(after, this.baseTime - DAY_MS);
    const a: AsAuthenticator = {
      userId,
      userAuthenticatorId: rng.uuid(),
      verificationMethod: method,
      createdAt: iso.millis(created),
      verifiedAt: iso.millis(created + rng.int(5, 60) * 1000),
      isDefault: !this.authenticators.some((x) => x.userId === userId),
    };
    if (rng.bool(0.8)) a.lastVerifiedAt = iso.millis(rng.between(created + 60_000, this.baseTime));
    if (method === 'EMAIL_OTP' || method === 'EMAIL_MAGIC_LINK') a.email = user?.email ?? `${userId}@example.com`;
    if (method === 'SMS') a.phoneNumber = user?.phoneNumber ?? `+1415555${String(rng.int(1000, 9999))}`;
    if (method === 'PASSKEY' || method === 'SECURITY_KEY') {
      if (user?.username) a.username = user.username;
      if (user?.displayName) a.displayName = user.displayName;
      const prov = method === 'PASSKEY' ? rng.pick(PASSKEY_PROVIDERS) : { aaguid: 'ee882879-721c-4913-9775-3dfcce97072a', name: 'YubiKey 5' };
      const multi = method === 'PASSKEY' && prov.name !== 'Windows Hello';
      a.webauthnCredential = {
        credentialId: `cred_${rng.base64url(22)}`,
        deviceId: `dev_${rng.hex(8)}`,
        name: prov.name,
        aaguid: prov.aaguid,
        aaguidMapping: { name: prov.name, svgIconLight: SVG, svgIconDark: SVG },
        credentialBackedUp: multi,
        credentialDeviceType: multi ? 'multiDevice' : 'singleDevice',
        authenticatorAttachment: method === 'PASSKEY' ? 'platform' : 'cross-platform',
        ...(method === 'PASSKEY' ? { parsedUserAgent: rng.pick(UAS) } : {}),
        verifiedAt: a.verifiedAt,
      };
    }
    this.authenticators.push(a);
    return a;
  }

  /** Record a tracked action for a user, `daysAgo` days before baseTime (default random 0–45). */
  addAction(userId: string, at?: number, actionCode?: string): AsAction {
    const rng = this.rng;
    const created = at ?? rng.between(this.baseTime - 45 * DAY_MS, this.baseTime);
    const state = rng.pick(STATES);
    const auth = this.authenticators.filter((a) => a.userId === userId);
    const act: AsAction = {
      userId,
      actionCode: actionCode ?? rng.pick(ACTION_CODES),
      idempotencyKey: rng.uuid(),
      createdAt: iso.seconds(created),
      state,
    };
    if (state !== 'ALLOW' && state !== 'BLOCK') act.updatedAt = iso.seconds(created + 10_000);
    act.stateUpdatedAt = act.updatedAt ?? act.createdAt;
    if (state.startsWith('CHALLENGE_') && state !== 'CHALLENGE_REQUIRED' && auth.length > 0) {
      const a = rng.pick(auth);
      act.verificationMethod = a.verificationMethod;
      act.verifiedByAuthenticatorId = a.userAuthenticatorId;
    }
    if (rng.bool(0.8)) act.userAgent = rng.pick(UAS).ua;
    act.ipAddress = ipv4(rng);
    act.countryCode = rng.pick(['DE', 'NL', 'US', 'AU', 'SE']);
    this.actions.push(act);
    return act;
  }

  /** Remove a user and everything they own. */
  deleteUser(userId: string): boolean {
    removeWhere(this.authenticators, (a) => a.userId === userId);
    removeWhere(this.actions, (a) => a.userId === userId);
    return removeWhere(this.users, (u) => u.userId === userId) > 0;
  }

  /** Verification methods a user is enrolled with. */
  enrolled(userId: string): VerificationMethod[] {
    return [...new Set(this.authenticators.filter((a) => a.userId === userId).map((a) => a.verificationMethod))];
  }

  /** Records per entity. */
  counts(): Record<string, number> {
    return { users: this.users.length, authenticators: this.authenticators.length, actions: this.actions.length };
  }

  /** A user in the `GET /users` (query users) shape. */
  queryShape(u: AsUser): Record<string, unknown> {
    const methods = this.enrolled(u.userId);
    return {
      userId: u.userId,
      ...(u.email !== undefined ? { email: u.email } : {}),
      emailVerified: u.emailVerified,
      ...(u.phoneNumber !== undefined ? { phoneNumber: u.phoneNumber } : {}),
      phoneNumberVerified: u.phoneNumberVerified,
      ...(u.username !== undefined ? { username: u.username } : {}),
      ...(u.displayName !== undefined ? { displayName: u.displayName } : {}),
      isEnrolled: methods.length > 0,
      enrolledVerificationMethods: methods,
      createdAt: u.createdAt,
    };
  }

  /** A user in the `GET /users/{userId}` shape. */
  getShape(u: AsUser): Record<string, unknown> {
    const methods = this.enrolled(u.userId);
    const def = this.authenticators.find((a) => a.userId === u.userId && a.isDefault);
    return {
      isEnrolled: methods.length > 0,
      email: u.email ?? null,
      emailVerified: u.emailVerified,
      phoneNumber: u.phoneNumber ?? null,
      phoneNumberVerified: u.phoneNumberVerified,
      username: u.username ?? null,
      displayName: u.displayName ?? null,
      allowedVerificationMethods: ['PASSKEY', 'EMAIL_OTP', 'SMS', 'AUTHENTICATOR_APP', 'SECURITY_KEY'],
      enrolledVerificationMethods: methods,
      defaultVerificationMethod: def?.verificationMethod ?? null,
      custom: u.custom,
      locale: u.locale ?? null,
    };
  }
}

/** Resolve counts from options. */
export function authsignalCounts(size?: number, counts?: Partial<typeof AUTHSIGNAL_DEFAULTS>): typeof AUTHSIGNAL_DEFAULTS {
  return { users: countOf(AUTHSIGNAL_DEFAULTS.users, size, counts?.users) };
}
