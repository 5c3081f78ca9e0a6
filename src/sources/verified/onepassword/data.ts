/**
 * The 1Password simulator's world: Connect vaults, items (full items stored; summaries derived), files and
 * API activity; Events API audit events, item usages and sign-in attempts. Wire shapes per apis.md §5–§6:
 * Connect is camelCase with `...Z` timestamps; Events is snake_case RFC 3339 (some with numeric offsets).
 */
import { DAY_MS, PLACES, type Place, Rng, countOf, ipv4, iso, person, subSeed } from '../simulator-kit.js';

export type OpItem = Record<string, unknown> & { id: string; title: string; vault: { id: string }; version: number };
export type OpVault = Record<string, unknown> & { id: string; name: string };
export type OpEvent = Record<string, unknown> & { uuid: string; timestamp: string };
/** The three Events API feeds. */
export type EventKind = 'auditevents' | 'itemusages' | 'signinattempts';

/** Default record counts (multiplied by `size`). */
export const ONEPASSWORD_DEFAULTS = { vaults: 5, itemsPerVault: 18, activity: 180, auditevents: 300, itemusages: 400, signinattempts: 350 };

const CATEGORIES = ['LOGIN', 'LOGIN', 'LOGIN', 'PASSWORD', 'API_CREDENTIAL', 'DATABASE', 'SERVER', 'SECURE_NOTE', 'SSH_KEY', 'CREDIT_CARD'];
const TITLES = ['GitHub', 'AWS root', 'Prod DB', 'Staging DB', 'Slack', 'Jira', 'PagerDuty', 'Stripe', 'Datadog', 'VPN', 'Router', 'Grafana'];
const CLIENTS = [
  { app_name: '1Password Browser Extension', app_version: '20251', platform_name: 'Chrome', platform_version: '122.0', os_name: 'MacOSX', os_version: '14.3' },
  { app_name: '1Password for Mac', app_version: '81024000', platform_name: 'MacBookPro18,3', platform_version: '', os_name: 'MacOSX', os_version: '14.2' },
  { app_name: '1Password for Web', app_version: '1934', platform_name: 'Firefox', platform_version: '123.0', os_name: 'Windows', os_version: '10.0' },
];
const AUDIT_ACTIONS: [string, string][] = [['grant', 'uva'], ['revoke', 'uva'], ['create', 'vault'], ['update', 'item'], ['join', 'user'], ['suspend', 'user'], ['create', 'invite']];
const SIGNIN: [string, string][] = [['success', 'credentials_ok'], ['success', 'mfa_ok'], ['credentials_failed', 'password_secret_bad'], ['mfa_failed', 'totp_bad'], ['firewall_failed', 'continent_blocked'], ['firewall_failed', 'country_blocked']];
const USAGE_ACTIONS = ['secure-copy', 'reveal', 'fill', 'select-sso-provider', 'enter-item-edit-mode'];

const loc = (p: Place) => ({ country: p.country, region: p.region, city: p.city, latitude: p.latitude, longitude: p.longitude });

/** The mutable world behind the 1Password simulator. */
export class OnePasswordWorld {
  readonly vaults: OpVault[] = [];
  /** The vault that exists but is outside the Connect token's scope (403). */
  readonly hiddenVault: OpVault;
  readonly items: OpItem[] = [];
  /** Newest first. */
  readonly activity: Record<string, unknown>[] = [];
  readonly events: Record<EventKind, OpEvent[]> = { auditevents: [], itemusages: [], signinattempts: [] };
  readonly accountUuid: string;
  readonly people: { uuid: string; name: string; email: string }[] = [];
  private readonly rng: Rng;

  constructor(seed: number, readonly baseTime: number, counts: typeof ONEPASSWORD_DEFAULTS) {
    const rng = (this.rng = new Rng(subSeed(seed, 'onepassword')));
    this.accountUuid = rng.base32(26);
    for (let i = 0; i < 20; i++) {
      const p = person(rng, i + 1);
      this.people.push({ uuid: rng.base32(26), name: p.name, email: p.email });
    }
    const names = ['Engineering', 'Ops', 'Finance', 'Marketing', 'Shared', 'Security', 'Support', 'Data'];
    for (let v = 0; v < counts.vaults; v++) this.addVault(names[v % names.length]! + (v >= names.length ? ` ${v}` : ''));
    this.hiddenVault = this.makeVault('Executive', 0);
    for (const vault of this.vaults) for (let i = 0; i < counts.itemsPerVault; i++) this.addItem(vault.id);
    for (let i = 0; i < counts.activity; i++) this.addActivity(rng.between(baseTime - 20 * DAY_MS, baseTime));
    this.activity.sort((a, b) => (String(a['timestamp']) < String(b['timestamp']) ? 1 : -1));
    for (const kind of ['auditevents', 'itemusages', 'signinattempts'] as const) this.addEvents(kind, counts[kind], baseTime - 20 * DAY_MS, baseTime);
  }

  private makeVault(name: string, items: number): OpVault {
    const rng = this.rng;
    const created = rng.between(this.baseTime - 700 * DAY_MS, this.baseTime - 100 * DAY_MS);
    return {
      id: rng.alnum(26), name, description: rng.bool(0.6) ? `${name} shared secrets` : '', attributeVersion: rng.int(1, 5),
      contentVersion: rng.int(10, 200), items, type: rng.bool(0.9) ? 'USER_CREATED' : 'EVERYONE',
      createdAt: iso.seconds(created), updatedAt: iso.seconds(rng.between(created, this.baseTime)),
    };
  }

  addVault(name: string): OpVault {
    const v = this.makeVault(name, 0);
    this.vaults.push(v);
    return v;
  }

  /** Add a full item to a vault; returns it. */
  addItem(vaultId: string, title?: string): OpItem {
    const rng = this.rng;
    const category = rng.pick(CATEGORIES);
    const created = rng.between(this.baseTime - 400 * DAY_MS, this.baseTime - 2 * DAY_MS);
    const t = title ?? `${rng.pick(TITLES)} ${this.items.length + 1}`;
    const item: OpItem = { id: rng.alnum(26), title: t, vault: { id: vaultId }, category, version: rng.int(1, 12) };
    if (category === 'LOGIN' || category === 'SERVER') {
      item['urls'] = [{ primary: true, href: `https://${t.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com/login` }];
      if (rng.bool(0.2)) (item['urls'] as unknown[]).push({ label: 'enterprise', href: 'https://sso.example.com' });
    }
    if (rng.bool(0.2)) item['favorite'] = true;
    if (rng.bool(0.6)) item['tags'] = rng.some(['prod', 'dev', 'postgres', 'shared', 'rotate'], rng.int(1, 2));
    if (rng.bool(0.05)) item['state'] = 'ARCHIVED';
    item['sections'] = [{ id: 'add more' }, ...(rng.bool(0.3) ? [{ id: 'linked items', label: 'Related Items' }] : [])];
    const fields: Record<string, unknown>[] = [];
    const sec = (id: string, type: string, label: string, value: string, purpose?: string) =>
      fields.push({ id, type, ...(purpose ? { purpose } : {}), label, value, ...(type === 'CONCEALED' ? { entropy: Math.round(rng.next() * 1000) / 10 + 40 } : {}) });
    if (category === 'LOGIN' || category === 'DATABASE' || category === 'SERVER' || category === 'API_CREDENTIAL') sec('username', 'STRING', 'username', rng.pick(['octocat', 'admin', 'svc-etl', 'root']), 'USERNAME');
    if (category !== 'SECURE_NOTE' && category !== 'CREDIT_CARD') sec('password', 'CONCEALED', category === 'API_CREDENTIAL' ? 'credential' : 'password', rng.base64url(20), 'PASSWORD');
    if (category === 'DATABASE') {
      sec(rng.alnum(26), 'STRING', 'server', 'db.internal.example.com');
      sec(rng.alnum(26), 'STRING', 'port', String(rng.pick([5432, 3306, 1433])));
    }
    if (category === 'CREDIT_CARD') sec(rng.alnum(26), 'CREDIT_CARD_NUMBER', 'number', `4111 1111 1111 ${rng.int(1000, 9999)}`);
    sec('notesPlain', 'STRING', 'notesPlain', rng.pick(['', 'rotate quarterly', 'owned by platform team']), 'NOTES');
    if (category === 'LOGIN' && rng.bool(0.3)) fields.push({ id: rng.alnum(8), section: { id: 'add more' }, type: 'OTP', label: 'one-time password', value: 'otpauth://totp/Example?secret=JBSWY3DPEHPK3PXP' });
    item['fields'] = fields;
    const files = [];
    if (rng.bool(0.15)) {
      const fid = rng.alnum(26);
      files.push({ id: fid, name: 'recovery-codes.txt', size: 35, content_path: `v1/vaults/${vaultId}/items/${item.id}/files/${fid}/content` });
    }
    item['files'] = files;
    item['lastEditedBy'] = rng.base32(26);
    item['createdAt'] = iso.seconds(created);
    item['updatedAt'] = iso.seconds(rng.between(created, this.baseTime));
    this.items.push(item);
    this.refreshVaultCounts();
    return item;
  }

  refreshVaultCounts(): void {
    for (const v of this.vaults) v['items'] = this.items.filter((i) => i.vault.id === v.id && i['state'] !== 'DELETED').length;
  }

  /** The item as the list endpoint returns it: no fields/sections/files; empty urls/tags and favorite:false omitted. */
  summary(item: OpItem): Record<string, unknown> {
    const { fields: _f, sections: _s, files: _fi, ...rest } = item;
    return rest;
  }

  /** Record one Connect API request (APIRequest) at `at`. */
  addActivity(at: number, resource?: Record<string, unknown>, action = 'READ', result = 'SUCCESS'): void {
    const rng = this.rng;
    const item = this.items.length > 0 && rng.bool(0.7) ? rng.pick(this.items) : undefined;
    this.activity.unshift({
      requestId: rng.uuid(), timestamp: iso.seconds(at), action: resource ? action : rng.pick(['READ', 'READ', 'READ', 'CREATE', 'UPDATE', 'DELETE']),
      result: resource ? result : rng.bool(0.9) ? 'SUCCESS' : 'DENY',
      actor: { id: '4a1e0b86-2e57-4c38-9a8e-5f3d2c1b0a99', account: this.accountUuid, jti: 'ub3kk3w6ahwq6yipqjcwlrcjxu', userAgent: rng.pick(['connect-sdk-go/1.5.3', 'curl/8.4.0', 'sluice']), requestIp: `10.0.0.${rng.int(2, 250)}` },
      resource: resource ?? (item
        ? { type: 'ITEM', vault: { id: item.vault.id }, item: { id: item.id }, itemVersion: item.version }
        : { type: 'VAULT', vault: { id: (this.vaults.length > 0 ? rng.pick(this.vaults) : this.hiddenVault).id } }),
    });
  }

  /** Append `n` events of `kind` with timestamps in [from, to); keeps ascending time order. */
  addEvents(kind: EventKind, n: number, from: number, to: number): void {
    const rng = this.rng;
    const list = this.events[kind];
    for (let i = 0; i < n; i++) {
      const at = rng.between(from, to);
      const offset = rng.bool(0.2) ? -180 : 0;
      const who = rng.pick(this.people);
      const place = rng.pick(PLACES);
      const client = { ...rng.pick(CLIENTS), ip_address: ipv4(rng) };
      const base = { uuid: rng.base32(26), timestamp: iso.withOffset(at, offset) };
      let e: OpEvent;
      if (kind === 'auditevents') {
        const [action, object_type] = rng.pick(AUDIT_ACTIONS);
        const aux = rng.pick(this.people);
        e = { ...base, actor_uuid: who.uuid, actor_details: { ...who }, account_uuid: this.accountUuid, action, object_type,
          object_uuid: object_type === 'user' ? aux.uuid : rng.alnum(26),
          ...(object_type === 'uva' ? { aux_id: rng.int(1_000_000, 9_999_999), aux_uuid: aux.uuid, aux_details: { ...aux }, aux_info: '00000000000000000000000000000000' } : {}),
          session: { uuid: rng.base32(26), login_time: iso.withOffset(at - rng.int(60, 3600) * 1000, offset), device_uuid: rng.alnum(26), ip: client.ip_address },
          location: loc(place) };
      } else if (kind === 'itemusages') {
        const item = this.items.length > 0 ? rng.pick(this.items) : undefined;
        e = { ...base, used_version: item?.version ?? 1, vault_uuid: item?.vault.id ?? rng.alnum(26), item_uuid: item?.id ?? rng.alnum(26),
          action: rng.pick(USAGE_ACTIONS), user: { ...who, user_type: 'user', user_account_uuid: this.accountUuid }, client, location: loc(place),
          account_uuid: this.accountUuid };
      } else {
        const [category, type] = rng.pick(SIGNIN);
        e = { ...base, session_uuid: rng.base32(26), category, type, country: place.country,
          ...(category === 'firewall_failed' ? { details: { value: type === 'continent_blocked' ? 'Europe' : place.country } } : {}),
          target_user: { ...who, user_type: 'user' }, client, location: loc(place), account_uuid: this.accountUuid };
      }
      list.push(e);
    }
    list.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.uuid < b.uuid ? -1 : 1));
  }

  counts(): Record<string, number> {
    return {
      vaults: this.vaults.length, items: this.items.length, files: this.items.reduce((n, i) => n + (i['files'] as unknown[]).length, 0),
      activity: this.activity.length, audit_events: this.events.auditevents.length, item_usages: this.events.itemusages.length,
      signin_attempts: this.events.signinattempts.length,
    };
  }
}

export function onePasswordCounts(size?: number, c?: Partial<typeof ONEPASSWORD_DEFAULTS>): typeof ONEPASSWORD_DEFAULTS {
  const d = ONEPASSWORD_DEFAULTS;
  return {
    vaults: c?.vaults ?? d.vaults, itemsPerVault: countOf(d.itemsPerVault, size, c?.itemsPerVault), activity: countOf(d.activity, size, c?.activity),
    auditevents: countOf(d.auditevents, size, c?.auditevents), itemusages: countOf(d.itemusages, size, c?.itemusages),
    signinattempts: countOf(d.signinattempts, size, c?.signinattempts),
  };
}
