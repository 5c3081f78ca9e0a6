/**
 * The Passwordless.dev simulator's world: users (as credential and alias owners), stored credentials, aliases,
 * authentication configurations, event log and reporting series — in the server's wire shapes (camelCase,
 * .NET timestamps without a zone). See apis.md §1.
 */
import { createHash } from 'node:crypto';
import { DAY_MS, Rng, countOf, iso, person, removeWhere, subSeed } from '../simulator-kit.js';

/** StoredCredential (src/Service/Models/StoredCredential.cs) plus the derived `userId`. */
export interface PwCredential {
  descriptor: { type: 'public-key'; id: string };
  publicKey: string;
  userHandle: string;
  signatureCounter: number;
  attestationFmt: string;
  createdAt: string;
  aaGuid: string | null;
  lastUsedAt: string;
  rpid: string;
  origin: string;
  country: string | null;
  device: string | null;
  nickname: string | null;
  userId: string;
  backupState: boolean | null;
  isBackupEligible: boolean | null;
  isDiscoverable: boolean | null;
}

/** AliasPointer; `plaintext` is null when the alias was stored hashed. */
export interface PwAlias {
  userId: string;
  alias: string;
  plaintext: string | null;
  tenant: string;
}

/** AuthenticationConfigurationDto. */
export interface PwAuthConfig {
  purpose: string;
  userVerificationRequirement: 'preferred' | 'required' | 'discouraged';
  timeToLive: number;
  hints: string;
  createdBy: string;
  createdOn: string | null;
  editedBy: string | null;
  editedOn: string | null;
  lastUsedOn: string | null;
}

/** EventResponse. */
export interface PwEvent {
  performedAt: string;
  message: string;
  performedBy: string;
  tenantId: string;
  eventType: string;
  severity: string;
  subject: string;
  apiKeyId: string;
}

/** Default record counts (multiplied by `size`). */
/** The owner groups `GET /users/list` reads of each kind (credentials, aliases). */
export const USERS_LIST_CAP = 1000;

export const PASSWORDLESS_DEFAULTS = { users: 60, events: 250 };

const AAGUIDS = [
  'fbfc3007-154e-4ecc-8c0b-6e020557d7bd',
  'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4',
  'adce0002-35bc-c60a-648b-0b25f1f05503',
  'ee882879-721c-4913-9775-3dfcce97072a',
];
const DEVICES = ['Safari, Mac OS X 14', 'Chrome, Android 14', 'Edge, Windows 11', 'Firefox, Ubuntu', 'Mobile Safari, iOS 17'];
const NICKNAMES = ['Work MacBook', 'Pixel', 'YubiKey', 'Home PC', null, null];
const COUNTRIES = ['SE', 'DE', 'US', 'NL', 'FR', 'JP'];
const EVENT_TYPES: [string, string, string][] = [
  ['ApiUserSignInCompleted', 'Informational', 'User signed in'],
  ['ApiUserSignInVerified', 'Informational', 'Sign-in token verified'],
  ['ApiAuthPasskeyRegistrationCompleted', 'Informational', 'Passkey registration completed'],
  ['ApiUserSigninTokenCreated', 'Informational', 'Sign-in token created'],
  ['ApiAuthInvalidSecretKeyUsed', 'Alert', 'An invalid secret key was used'],
  ['ApiUserDeleteCredential', 'Warning', 'Credential deleted'],
  ['ApiUserSetAliases', 'Informational', 'Aliases updated'],
];

/** Standard base64 of a string. */
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The mutable world behind the Passwordless simulator. */
export class PasswordlessWorld {
  readonly tenant = 'sluicedemo';
  readonly rpid = 'app.example.com';
  /** userId → creation order (users exist while they own a credential or an alias). */
  readonly userIds: string[] = [];
  readonly credentials: PwCredential[] = [];
  readonly aliases: PwAlias[] = [];
  readonly authConfigs: PwAuthConfig[] = [];
  /** Newest first, as the server orders them. */
  readonly events: PwEvent[] = [];
  private readonly rng: Rng;
  private nextUser = 1001;

  constructor(
    seed: number,
    readonly baseTime: number,
    counts: { users: number; events: number },
    readonly apiKeyId: string,
  ) {
    this.rng = new Rng(subSeed(seed, 'passwordless'));
    for (let i = 0; i < counts.users; i++) this.addUser();
    this.authConfigs.push(
      { purpose: 'sign-in', userVerificationRequirement: 'preferred', timeToLive: 120, hints: '', createdBy: 'System',
        createdOn: null, editedBy: null, editedOn: null, lastUsedOn: iso.offsetUtc(baseTime - 3_600_000) },
      { purpose: 'step-up', userVerificationRequirement: 'required', timeToLive: 300, hints: 'SecurityKey, ClientDevice',
        createdBy: 'admin@example.com', createdOn: iso.offsetUtc(baseTime - 50 * DAY_MS), editedBy: null, editedOn: null,
        lastUsedOn: null },
      { purpose: 'checkout', userVerificationRequirement: 'discouraged', timeToLive: 600, hints: 'ClientDevice',
        createdBy: 'admin@example.com', createdOn: iso.offsetUtc(baseTime - 20 * DAY_MS), editedBy: 'ops@example.com',
        editedOn: iso.offsetUtc(baseTime - 5 * DAY_MS), lastUsedOn: iso.offsetUtc(baseTime - DAY_MS) },
    );
    this.addEvents(counts.events, baseTime - 30 * DAY_MS, baseTime);
  }

  /** Add a user with `credentials` passkeys and `aliases` (default: random 1–3 and 0–2). Returns the userId. */
  addUser(opts: { userId?: string; credentials?: number; aliases?: string[]; hashed?: boolean } = {}): string {
    const rng = this.rng;
    const n = this.nextUser++;
    const userId = opts.userId ?? `u-${n}`;
    const p = person(rng, n);
    this.userIds.push(userId);
    const nCred = opts.credentials ?? rng.int(rng.bool(0.15) ? 0 : 1, 3);
    for (let c = 0; c < nCred; c++) this.addCredential(userId);
    const plain = opts.aliases ?? (nCred === 0 ? [p.email] : rng.some([p.email, `${p.first.toLowerCase()}${n}`], rng.int(0, 2)));
    for (const a of plain) this.addAlias(userId, a, opts.hashed ?? rng.bool(0.3));
    return userId;
  }

  /** Register a new passkey for `userId`. */
  addCredential(userId: string, at?: number): PwCredential {
    const rng = this.rng;
    const created = at ?? rng.between(this.baseTime - 120 * DAY_MS, this.baseTime - DAY_MS);
    const used = Math.min(this.baseTime - 1000, created + rng.int(0, 60) * DAY_MS + rng.int(0, DAY_MS));
    const backup = rng.bool(0.6);
    const cred: PwCredential = {
      descriptor: { type: 'public-key', id: rng.base64url(32) },
      publicKey: `pQECAyYgASFYI${rng.chars(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}=`,
      userHandle: b64(userId),
      signatureCounter: rng.int(0, 40),
      attestationFmt: 'none',
      createdAt: iso.dotnet(created, rng.int(0, 9999)),
      aaGuid: rng.bool(0.85) ? rng.pick(AAGUIDS) : null,
      lastUsedAt: iso.dotnet(used, rng.int(0, 9999)),
      rpid: this.rpid,
      origin: `https://${this.rpid}`,
      country: rng.bool(0.9) ? rng.pick(COUNTRIES) : null,
      device: rng.bool(0.9) ? rng.pick(DEVICES) : null,
      nickname: rng.pick(NICKNAMES),
      userId,
      backupState: backup,
      isBackupEligible: backup || rng.bool(0.2),
      isDiscoverable: rng.bool(0.9),
    };
    this.credentials.push(cred);
    return cred;
  }

  /** Store an alias; hashed aliases keep no plaintext. */
  addAlias(userId: string, plaintext: string, hashed = false): PwAlias {
    const alias: PwAlias = {
      userId,
      alias: createHash('sha256').update(`${this.tenant}:${plaintext}`).digest('base64'),
      plaintext: hashed ? null : plaintext,
      tenant: this.tenant,
    };
    this.aliases.push(alias);
    return alias;
  }

  /** Append `n` events spread over [from, to) and keep newest-first order. */
  addEvents(n: number, from = this.baseTime - DAY_MS, to = this.baseTime): void {
    const rng = this.rng;
    for (let i = 0; i < n; i++) {
      const [eventType, severity, message] = rng.pick(EVENT_TYPES);
      const subject = this.userIds.length > 0 ? rng.pick(this.userIds) : 'u-1001';
      this.events.push({
        performedAt: iso.dotnet(rng.between(from, to), rng.int(0, 9999)),
        message: `${message}: ${subject}`,
        performedBy: rng.bool(0.8) ? subject : 'System',
        tenantId: this.tenant,
        eventType,
        severity,
        subject,
        apiKeyId: this.apiKeyId,
      });
    }
    this.events.sort((a, b) => (a.performedAt < b.performedAt ? 1 : a.performedAt > b.performedAt ? -1 : 0));
  }

  /**
   * Users as `GET /users/list` returns them (apis.md §1.4, EfTenantStorage.GetUsers): the first 1000
   * credential-owner groups and the first 1000 alias-owner groups, joined by user. Past either cap a
   * user's count on that side reads 0 (or the user is missing), though they own more.
   */
  userSummaries(): { userId: string; aliasCount: number; aliases: (string | null)[]; credentialsCount: number; lastUsedAt: string | null }[] {
    const firstOwners = (owners: readonly { userId: string }[]) => new Set([...new Set(owners.map((o) => o.userId))].slice(0, USERS_LIST_CAP));
    const [credOwners, aliasOwners] = [firstOwners(this.credentials), firstOwners(this.aliases)];
    return this.userIds.filter((u) => credOwners.has(u) || aliasOwners.has(u)).map((userId) => {
      const creds = credOwners.has(userId) ? this.credentials.filter((c) => c.userId === userId) : [];
      const aliases = aliasOwners.has(userId) ? this.aliases.filter((a) => a.userId === userId).map((a) => a.plaintext) : [];
      const last = creds.map((c) => c.lastUsedAt).sort().at(-1) ?? null;
      return { userId, aliasCount: aliases.length, aliases, credentialsCount: creds.length, lastUsedAt: last };
    });
  }

  /** Remove a user with everything they own. */
  deleteUser(userId: string): void {
    removeWhere(this.credentials, (c) => c.userId === userId);
    removeWhere(this.aliases, (a) => a.userId === userId);
  }

  /** Records per entity. */
  counts(): Record<string, number> {
    return {
      users: this.userSummaries().length,
      credentials: this.credentials.length,
      aliases: this.aliases.length,
      auth_configs: this.authConfigs.length,
      events: this.events.length,
    };
  }

  /** Daily reporting series for the last `days` days. */
  periodic(kind: 'credentials' | 'active-users', days = 30): { createdAt: string; users: number; credentials: number }[] {
    const out = [];
    for (let d = days; d >= 1; d--) {
      const day = this.baseTime - d * DAY_MS;
      const creds = this.credentials.filter((c) => c.createdAt < iso.dotnet(day + DAY_MS)).length;
      const users = new Set(this.credentials.filter((c) => c.createdAt < iso.dotnet(day + DAY_MS)).map((c) => c.userId)).size;
      const active = Math.round(users * (0.2 + 0.3 * ((d * 7919) % 10) / 10));
      out.push({ createdAt: iso.dotnet(day).slice(0, 19), users: kind === 'credentials' ? users : active, credentials: creds });
    }
    return out;
  }
}

/** Resolve counts from options. */
export function passwordlessCounts(size?: number, counts?: Partial<typeof PASSWORDLESS_DEFAULTS>): typeof PASSWORDLESS_DEFAULTS {
  return {
    users: countOf(PASSWORDLESS_DEFAULTS.users, size, counts?.users),
    events: countOf(PASSWORDLESS_DEFAULTS.events, size, counts?.events),
  };
}
