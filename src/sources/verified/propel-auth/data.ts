/**
 * The PropelAuth simulator's world: users, organizations, memberships and pending invites, in the backend
 * API's snake_case wire shapes (timestamps are unix seconds). See apis.md §3.
 */
import { COMPANIES, DAY_MS, Rng, countOf, epochSeconds, person, removeWhere, subSeed } from '../simulator-kit.js';

export interface PaUser {
  user_id: string;
  email: string;
  email_confirmed: boolean;
  has_password: boolean;
  username?: string;
  first_name?: string;
  last_name?: string;
  picture_url?: string;
  locked: boolean;
  enabled: boolean;
  mfa_enabled: boolean;
  can_create_orgs: boolean;
  created_at: number;
  last_active_at: number;
  legacy_user_id?: string;
  metadata?: Record<string, unknown>;
  properties?: Record<string, unknown>;
}

export interface PaOrg {
  org_id: string;
  name: string;
  url_safe_org_slug: string;
  can_setup_saml: boolean;
  is_saml_configured: boolean;
  is_saml_in_test_mode: boolean;
  max_users?: number;
  metadata: Record<string, unknown>;
  domain?: string;
  extra_domains: string[];
  domain_autojoin: boolean;
  domain_restrict: boolean;
  custom_role_mapping_name?: string;
  legacy_org_id?: string;
  created_at: number;
}

export interface PaMembership {
  user_id: string;
  org_id: string;
  role: string;
  additional_roles: string[];
}

export interface PaInvite {
  invitee_email: string;
  org_id: string;
  org_name: string;
  role_in_org: string;
  additional_roles_in_org: string[];
  created_at: number;
  expires_at: number;
  inviter_email?: string;
  inviter_user_id?: string;
}

/** Default record counts (multiplied by `size`). */
export const PROPEL_AUTH_DEFAULTS = { users: 150, orgs: 25, invites: 40 };

const ROLES = ['Owner', 'Admin', 'Member'] as const;
const INHERITED: Record<string, string[]> = { Owner: ['Owner', 'Admin', 'Member'], Admin: ['Admin', 'Member'], Member: ['Member'] };
const PERMISSIONS: Record<string, string[]> = {
  Owner: ['propelauth::can_invite', 'propelauth::can_change_roles', 'propelauth::can_remove_users', 'propelauth::can_setup_saml', 'propelauth::can_delete_org'],
  Admin: ['propelauth::can_invite', 'propelauth::can_change_roles', 'propelauth::can_remove_users'],
  Member: [],
};

/** The mutable world behind the PropelAuth simulator. */
export class PropelAuthWorld {
  readonly users: PaUser[] = [];
  readonly orgs: PaOrg[] = [];
  readonly memberships: PaMembership[] = [];
  readonly invites: PaInvite[] = [];
  readonly customRoleMappings = [
    { custom_role_mapping_name: 'Default', num_orgs_subscribed: 0 },
    { custom_role_mapping_name: 'Enterprise', num_orgs_subscribed: 0 },
  ];
  private readonly rng: Rng;
  private nextUser = 1;

  constructor(seed: number, readonly baseTime: number, counts: typeof PROPEL_AUTH_DEFAULTS) {
    this.rng = new Rng(subSeed(seed, 'propel-auth'));
    for (let i = 0; i < counts.orgs; i++) this.addOrg();
    for (let i = 0; i < counts.users; i++) this.addUser();
    for (let i = 0; i < counts.invites && this.orgs.length > 0; i++) this.addInvite();
    for (const m of this.customRoleMappings) m.num_orgs_subscribed = this.orgs.filter((o) => o.custom_role_mapping_name === m.custom_role_mapping_name).length;
  }

  addOrg(name?: string): PaOrg {
    const rng = this.rng;
    const n = this.orgs.length + 1;
    const base = name ?? `${rng.pick(COMPANIES)} ${n}`;
    const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const saml = rng.bool(0.3);
    const org: PaOrg = {
      org_id: rng.uuid(),
      name: base,
      url_safe_org_slug: slug,
      can_setup_saml: saml || rng.bool(0.3),
      is_saml_configured: saml,
      is_saml_in_test_mode: saml && rng.bool(0.2),
      metadata: rng.bool(0.5) ? { plan: rng.pick(['free', 'pro', 'enterprise']) } : {},
      extra_domains: [],
      domain_autojoin: false,
      domain_restrict: false,
      created_at: epochSeconds(rng.between(this.baseTime - 400 * DAY_MS, this.baseTime - 30 * DAY_MS)),
    };
    if (rng.bool(0.5)) org.max_users = rng.pick([10, 50, 100]);
    if (rng.bool(0.6)) {
      org.domain = `${slug}.example.com`;
      org.domain_autojoin = rng.bool(0.4);
      org.domain_restrict = rng.bool(0.2);
      if (rng.bool(0.2)) org.extra_domains = [`${slug}.example.org`];
    }
    org.custom_role_mapping_name = rng.pick(['Default', 'Default', 'Enterprise']);
    if (rng.bool(0.2)) org.legacy_org_id = `org_${rng.int(10, 999)}`;
    this.orgs.push(org);
    return org;
  }

  /** Add a user (joined to 0–2 random orgs). Returns the user. */
  addUser(opts: { email?: string; orgIds?: string[] } = {}): PaUser {
    const rng = this.rng;
    const n = this.nextUser++;
    const p = person(rng, n);
    const created = rng.between(this.baseTime - 365 * DAY_MS, this.baseTime - DAY_MS);
    const u: PaUser = {
      user_id: rng.uuid(),
      email: opts.email ?? p.email,
      email_confirmed: rng.bool(0.8),
      has_password: rng.bool(0.7),
      locked: rng.bool(0.03),
      enabled: rng.bool(0.95),
      mfa_enabled: rng.bool(0.3),
      can_create_orgs: rng.bool(0.5),
      created_at: epochSeconds(created),
      last_active_at: epochSeconds(rng.between(created, this.baseTime)),
    };
    if (rng.bool(0.7)) u.username = `${p.first.toLowerCase()}${n}`;
    if (rng.bool(0.8)) {
      u.first_name = p.first;
      u.last_name = p.last;
    }
    if (rng.bool(0.5)) u.picture_url = `https://img.propelauth.com/${u.user_id.slice(0, 8)}.png`;
    if (rng.bool(0.15)) u.legacy_user_id = rng.hex(24);
    if (rng.bool(0.4)) u.metadata = { crm_id: `C-${rng.int(1, 999)}` };
    u.properties = rng.bool(0.5) ? { favorite_sport: rng.pick(['chess', 'go', 'curling']) } : {};
    this.users.push(u);
    const orgIds = opts.orgIds ?? rng.some(this.orgs, rng.int(0, 2)).map((o) => o.org_id);
    for (const org_id of orgIds) {
      this.memberships.push({ user_id: u.user_id, org_id, role: rng.pick(ROLES), additional_roles: rng.bool(0.1) ? ['Billing'] : [] });
    }
    return u;
  }

  addInvite(): PaInvite {
    const rng = this.rng;
    const org = rng.pick(this.orgs);
    const inviter = this.memberships.find((m) => m.org_id === org.org_id && m.role !== 'Member');
    const inviterUser = inviter && this.users.find((u) => u.user_id === inviter.user_id);
    const created = rng.between(this.baseTime - 6 * DAY_MS, this.baseTime);
    const inv: PaInvite = {
      invitee_email: `invitee.${this.invites.length + 1}@example.net`,
      org_id: org.org_id,
      org_name: org.name,
      role_in_org: rng.pick(ROLES),
      additional_roles_in_org: [],
      created_at: epochSeconds(created),
      expires_at: epochSeconds(created + 7 * DAY_MS),
    };
    if (inviterUser) {
      inv.inviter_email = inviterUser.email;
      inv.inviter_user_id = inviterUser.user_id;
    }
    this.invites.push(inv);
    return inv;
  }

  deleteUser(userId: string): boolean {
    removeWhere(this.memberships, (m) => m.user_id === userId);
    return removeWhere(this.users, (u) => u.user_id === userId) > 0;
  }

  /** `org_id_to_org_info` for a user. */
  orgInfo(userId: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const m of this.memberships.filter((x) => x.user_id === userId)) {
      const org = this.orgs.find((o) => o.org_id === m.org_id);
      if (!org) continue;
      out[org.org_id] = {
        org_id: org.org_id,
        org_name: org.name,
        url_safe_org_name: org.url_safe_org_slug,
        org_metadata: org.metadata,
        user_role: m.role,
        inherited_user_roles_plus_current_role: INHERITED[m.role] ?? [m.role],
        user_permissions: PERMISSIONS[m.role] ?? [],
        org_role_structure: 'single_role_in_hierarchy',
        additional_roles: m.additional_roles,
        ...(org.legacy_org_id ? { legacy_org_id: org.legacy_org_id } : {}),
      };
    }
    return out;
  }

  /** UserMetadata on the wire; `org_id_to_org_info` only when `includeOrgs`. */
  userShape(u: PaUser, includeOrgs: boolean): Record<string, unknown> {
    return includeOrgs ? { ...u, org_id_to_org_info: this.orgInfo(u.user_id) } : { ...u };
  }

  /** Org as `org/query` lists it. */
  orgQueryShape(o: PaOrg): Record<string, unknown> {
    return {
      org_id: o.org_id,
      name: o.name,
      ...(o.max_users !== undefined ? { max_users: o.max_users } : {}),
      is_saml_configured: o.is_saml_configured,
      ...(o.legacy_org_id ? { legacy_org_id: o.legacy_org_id } : {}),
      metadata: o.metadata,
      ...(o.custom_role_mapping_name ? { custom_role_mapping_name: o.custom_role_mapping_name } : {}),
      created_at: o.created_at,
    };
  }

  /** Organization as `org/{org_id}` returns it. */
  orgShape(o: PaOrg): Record<string, unknown> {
    const { created_at: _c, ...rest } = o;
    return rest;
  }

  counts(): Record<string, number> {
    return { users: this.users.length, orgs: this.orgs.length, memberships: this.memberships.length, invites: this.invites.length };
  }
}

export function propelAuthCounts(size?: number, counts?: Partial<typeof PROPEL_AUTH_DEFAULTS>): typeof PROPEL_AUTH_DEFAULTS {
  return {
    users: countOf(PROPEL_AUTH_DEFAULTS.users, size, counts?.users),
    orgs: countOf(PROPEL_AUTH_DEFAULTS.orgs, size, counts?.orgs),
    invites: countOf(PROPEL_AUTH_DEFAULTS.invites, size, counts?.invites),
  };
}
