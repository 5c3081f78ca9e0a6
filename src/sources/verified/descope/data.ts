/**
 * The Descope simulator's world: users (incl. test users), tenants, roles, permissions, access keys, audit
 * records and login history, in the Management API's wire shapes (camelCase; times in epoch seconds, audit
 * `occurred` a string of epoch milliseconds). See apis.md §4.
 */
import { COMPANIES, DAY_MS, PLACES, Rng, countOf, epochSeconds, ipv4, person, subSeed } from '../simulator-kit.js';

export type DsUser = Record<string, unknown> & { userId: string; loginIds: string[]; test: boolean; createdTime: number; status: string };
export type DsTenant = Record<string, unknown> & { id: string; name: string; createdTime: number };
export type DsRole = Record<string, unknown> & { name: string; tenantId?: string };
export type DsAccessKey = Record<string, unknown> & { id: string };
export type DsAudit = Record<string, unknown> & { userId: string; action: string; occurred: string; tenants: string[] };
export interface DsLogin {
  userId: string;
  loginTime: number;
  city: string;
  country: string;
  ip: string;
  selectedTenant: string;
}

/** Default record counts (multiplied by `size`). */
export const DESCOPE_DEFAULTS = { users: 230, testUsers: 8, tenants: 12, accessKeys: 10, audits: 320 };

const PERMISSIONS = [
  ['users.read', 'Read users'], ['users.write', 'Manage users'], ['reports.read', 'Read reports'], ['reports.write', 'Create reports'],
  ['billing.read', 'See invoices'], ['billing.write', 'Change plan'], ['User Admin', 'Built-in: manage users'], ['SSO Admin', 'Built-in: manage SSO'],
] as const;
const AUDIT_ACTIONS = ['LoginSucceed', 'LoginFailed', 'LogoutSucceed', 'UserCreated', 'UserModified', 'RefreshSucceed', 'SignUpSucceed'];
const METHODS = ['otp', 'totp', 'magiclink', 'oauth', 'saml', 'password'];
const DEVICES = ['Bot', 'Mobile', 'Desktop', 'Tablet', 'Unknown'];
const UPPERLOWER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The mutable world behind the Descope simulator. */
export class DescopeWorld {
  readonly users: DsUser[] = [];
  readonly tenants: DsTenant[] = [];
  readonly roles: DsRole[] = [];
  readonly permissions = PERMISSIONS.map(([name, description], i) => ({ name, description, systemDefault: i >= 6 }));
  readonly accessKeys: DsAccessKey[] = [];
  /** Newest first. */
  readonly audits: DsAudit[] = [];
  readonly logins: DsLogin[] = [];
  private readonly rng: Rng;
  private n = 0;

  constructor(seed: number, readonly baseTime: number, readonly projectId: string, counts: typeof DESCOPE_DEFAULTS) {
    const rng = (this.rng = new Rng(subSeed(seed, 'descope')));
    for (let i = 0; i < counts.tenants; i++) {
      const name = `${rng.pick(COMPANIES)} ${i + 1}`;
      const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
      const sso = rng.pick(['none', 'none', 'saml', 'oidc']);
      const t: DsTenant = {
        id: `T2${rng.chars(25, UPPERLOWER)}`, name, selfProvisioningDomains: rng.bool(0.5) ? [domain] : [],
        customAttributes: rng.bool(0.4) ? { tier: rng.pick(['gold', 'silver']) } : {}, authType: sso,
        domains: sso === 'none' ? [] : [domain], createdTime: epochSeconds(baseTime - rng.int(60, 400) * DAY_MS),
        enforceSSO: sso !== 'none' && rng.bool(0.5), disabled: rng.bool(0.05), defaultRoles: [],
      };
      if (i > 2 && rng.bool(0.2)) t['parent'] = this.tenants[0]!.id;
      this.tenants.push(t);
    }
    const perm = (xs: string[]) => xs;
    this.roles.push(
      { id: 'R1', name: 'Tenant Admin', description: 'Built-in tenant administrator', permissionNames: perm(['User Admin', 'SSO Admin']), createdTime: epochSeconds(baseTime - 500 * DAY_MS), default: false, private: false },
      { id: 'R2', name: 'admin', description: 'Full access', permissionNames: perm(['users.write', 'users.read', 'reports.read', 'reports.write']), createdTime: epochSeconds(baseTime - 400 * DAY_MS), default: false, private: false },
      { id: 'R3', name: 'viewer', description: '', permissionNames: perm(['reports.read']), createdTime: epochSeconds(baseTime - 400 * DAY_MS), default: true, private: false },
      { id: 'R4', name: 'billing', description: 'Billing contact', permissionNames: perm(['billing.read', 'billing.write']), createdTime: epochSeconds(baseTime - 300 * DAY_MS), default: false, private: true },
    );
    for (const t of this.tenants.slice(0, 3)) {
      this.roles.push({ id: `R${this.roles.length + 1}`, name: 'auditor', description: `Auditor in ${t.name}`, permissionNames: ['reports.read', 'users.read'], createdTime: t.createdTime + 3600, tenantId: t.id, default: false, private: false });
    }
    for (let i = 0; i < counts.users; i++) this.addUser();
    for (let i = 0; i < counts.testUsers; i++) this.addUser({ test: true });
    for (let i = 0; i < counts.accessKeys; i++) this.addAccessKey();
    this.addAudits(counts.audits, baseTime - 25 * DAY_MS, baseTime);
  }

  /** Add a user; returns it. */
  addUser(opts: { test?: boolean; loginId?: string; email?: string; name?: string } = {}): DsUser {
    const rng = this.rng;
    const i = ++this.n;
    const p = person(rng, i);
    const byPhone = !opts.email && !opts.loginId && rng.bool(0.12);
    const phone = `+1415555${String(rng.int(1000, 9999))}`;
    const email = byPhone ? '' : opts.email ?? (opts.test ? `test.${i}@example.com` : p.email);
    const loginId = opts.loginId ?? (byPhone ? phone : email);
    const created = rng.between(this.baseTime - 300 * DAY_MS, this.baseTime - DAY_MS);
    const tenants = rng.some(this.tenants, rng.int(0, 2));
    const projectRoles = rng.bool(0.3) ? [rng.pick(['Tenant Admin', 'admin', 'viewer'])] : [];
    const u: DsUser = {
      loginIds: [loginId], userId: `U2${rng.chars(25, UPPERLOWER)}`, name: byPhone ? '' : opts.name ?? p.name,
      givenName: byPhone ? '' : p.first, middleName: '', familyName: byPhone ? '' : p.last, email,
      phone: byPhone || rng.bool(0.3) ? phone : '', verifiedEmail: !byPhone && rng.bool(0.8), verifiedPhone: byPhone,
      roleNames: projectRoles,
      userTenants: tenants.map((t) => {
        const roleNames = rng.some(['admin', 'viewer', 'billing'], rng.int(1, 2));
        const permissions = [...new Set(roleNames.flatMap((r) => (this.roles.find((x) => x.name === r)?.['permissionNames'] as string[]) ?? []))];
        return { tenantId: t.id, tenantName: t.name, roleNames, permissions };
      }),
      status: rng.pick(['enabled', 'enabled', 'enabled', 'enabled', 'disabled', 'invited']),
      externalIds: [loginId], picture: rng.bool(0.4) ? `https://cdn.example.com/u/${i}.png` : '', test: opts.test ?? false,
      customAttributes: rng.bool(0.4) ? { department: rng.pick(['R&D', 'Sales', 'Ops']), seats: rng.int(1, 9), beta: rng.bool() } : {},
      createdTime: epochSeconds(created),
      TOTP: rng.bool(0.2), SAML: rng.bool(0.1), OAuth: rng.bool(0.4) ? { [rng.pick(['google', 'github', 'microsoft'])]: true } : {},
      webauthn: rng.bool(0.3), password: rng.bool(0.5), SCIM: false, push: false, ssoAppIds: [], editable: true, permissions: [],
    };
    if (rng.bool(0.7)) u['modifiedTime'] = epochSeconds(rng.between(created, this.baseTime));
    if (u.status === 'invited') u['OIDC'] = false;
    this.users.push(u);
    if (!u.test) {
      for (let k = rng.int(0, 3); k > 0; k--) {
        const place = rng.pick(PLACES);
        this.logins.push({
          userId: u.userId, loginTime: epochSeconds(rng.between(created, this.baseTime)), city: place.city, country: place.country,
          ip: ipv4(rng), selectedTenant: u['userTenants'] && (u['userTenants'] as { tenantId: string }[]).length > 0 && rng.bool() ? (u['userTenants'] as { tenantId: string }[])[0]!.tenantId : '',
        });
      }
    }
    return u;
  }

  addAccessKey(): DsAccessKey {
    const rng = this.rng;
    const bound = rng.bool(0.3) ? rng.pick(this.users.filter((u) => !u.test)) : undefined;
    const tenant = rng.bool(0.4) ? rng.pick(this.tenants) : undefined;
    const creator = rng.pick(this.users.filter((u) => !u.test));
    const k: DsAccessKey = {
      id: `K2${rng.chars(25, UPPERLOWER)}`, name: `${rng.pick(['ci-bot', 'sync', 'etl', 'backup'])}-${this.accessKeys.length + 1}`,
      roleNames: tenant ? [] : [rng.pick(['admin', 'viewer'])],
      keyTenants: tenant ? [{ tenantId: tenant.id, tenantName: tenant.name, roleNames: ['viewer'] }] : [],
      status: rng.bool(0.8) ? 'active' : 'inactive', createdTime: epochSeconds(this.baseTime - rng.int(5, 200) * DAY_MS),
      expireTime: rng.bool(0.5) ? 0 : epochSeconds(this.baseTime + rng.int(30, 365) * DAY_MS), createdBy: creator?.userId ?? '',
      clientId: `C2${rng.chars(25, UPPERLOWER)}`, description: rng.pick(['CI', '', 'Nightly export']),
      permittedIps: rng.bool(0.3) ? ['10.0.0.0/8'] : [], customClaims: {}, customAttributes: {},
    };
    if (bound) k['boundUserId'] = bound.userId;
    this.accessKeys.push(k);
    return k;
  }

  /** Append `n` audit records in [from, to); keeps newest-first order. */
  addAudits(n: number, from: number, to: number): void {
    const rng = this.rng;
    const real = this.users.filter((u) => !u.test);
    for (let i = 0; i < n && real.length > 0; i++) {
      const u = rng.pick(real);
      const action = rng.pick(AUDIT_ACTIONS);
      const method = rng.pick(METHODS);
      const a: DsAudit = {
        projectId: this.projectId, userId: u.userId, action, occurred: String(rng.between(from, to)), device: rng.pick(DEVICES),
        method, geo: rng.pick(PLACES).country, remoteAddress: ipv4(rng), externalIds: u.loginIds.slice(),
        tenants: (u['userTenants'] as { tenantId: string }[]).map((t) => t.tenantId),
        data: action === 'LoginFailed' ? { reason: rng.pick(['wrong code', 'expired']) } : method === 'oauth' ? { provider: 'google' } : {},
      };
      if (rng.bool(0.1)) {
        a['type'] = 'info';
        a['actorId'] = rng.pick(real).userId;
      }
      this.audits.push(a);
    }
    this.audits.sort((a, b) => Number(b.occurred) - Number(a.occurred));
  }

  counts(): Record<string, number> {
    return {
      users: this.users.filter((u) => !u.test).length, test_users: this.users.filter((u) => u.test).length,
      tenants: this.tenants.length, roles: this.roles.length, permissions: this.permissions.length,
      access_keys: this.accessKeys.length, audits: this.audits.length, login_history: this.logins.length,
    };
  }
}

export function descopeCounts(size?: number, c?: Partial<typeof DESCOPE_DEFAULTS>): typeof DESCOPE_DEFAULTS {
  const d = DESCOPE_DEFAULTS;
  return {
    users: countOf(d.users, size, c?.users), testUsers: countOf(d.testUsers, size, c?.testUsers), tenants: countOf(d.tenants, size, c?.tenants),
    accessKeys: countOf(d.accessKeys, size, c?.accessKeys), audits: countOf(d.audits, size, c?.audits),
  };
}
