/**
 * 1Password Connect server routes (apis.md §5): `/v1/...` behind `Bearer <connect token>`, plus the
 * unauthenticated `/heartbeat`, `/health` and `/metrics` at the root. Errors are `{status, message}`.
 * Vaults and items are whole bare arrays; only `/v1/activity` pages (limit/offset + `Content-Range`).
 */
import { type SimRequest, type SimResponse, Router, empty, json, text, removeWhere } from '../simulator-kit.js';
import type { OnePasswordWorld, OpItem } from './data.js';

/** Connect's error body. */
export const connectError = (status: number, message: string): SimResponse => json(status, { status, message });

/** Parse a SCIM-ish filter: `title eq "X"`, `name co "X"`. Returns a predicate on the name/title, or an error. */
export function parseFilter(filter: string | undefined): ((s: string) => boolean) | 'invalid' | undefined {
  if (filter === undefined || filter === '') return undefined;
  const m = /^\s*(title|name)\s+(eq|co)\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  if (!m) return 'invalid';
  const value = m[3]!.replace(/\\(.)/g, '$1');
  return m[2] === 'eq' ? (s) => s === value : (s) => s.toLowerCase().includes(value.toLowerCase());
}

/** Build the Connect router. `recordActivity` appends an APIRequest for each authenticated call. */
export function connectRouter(world: OnePasswordWorld, opts: { token: string; now: () => number; recordActivity: boolean }): Router {
  type H = (req: SimRequest) => SimResponse;
  const authed = (h: H): H => (req) => {
    if (req.headers['authorization'] !== `Bearer ${opts.token}`) return connectError(401, 'Invalid token signature');
    const res = h(req);
    if (opts.recordActivity && res.status < 500) {
      const v = req.params['vaultUuid'];
      const i = req.params['itemUuid'];
      const resource = v ? { type: i ? 'ITEM' : 'VAULT', vault: { id: v }, ...(i ? { item: { id: i } } : {}) } : { type: 'VAULT', vault: { id: '' } };
      const action = { GET: 'READ', POST: 'CREATE', PUT: 'UPDATE', PATCH: 'UPDATE', DELETE: 'DELETE' }[req.method] ?? 'READ';
      if (req.path !== '/v1/activity') world.addActivity(opts.now(), resource, action, res.status < 400 ? 'SUCCESS' : 'DENY');
    }
    return res;
  };
  const vaultOr = (req: SimRequest, h: (vaultId: string) => SimResponse): SimResponse => {
    const id = req.params['vaultUuid']!;
    if (id === world.hiddenVault.id) return connectError(403, `vault ${id} is not in scope`);
    if (!world.vaults.some((v) => v.id === id)) return connectError(404, `vault ${id} not found`);
    return h(id);
  };
  const itemOr = (req: SimRequest, h: (item: OpItem) => SimResponse): SimResponse =>
    vaultOr(req, (vaultId) => {
      const item = world.items.find((i) => i.id === req.params['itemUuid'] && i.vault.id === vaultId && i['state'] !== 'DELETED');
      return item ? h(item) : connectError(404, `item ${req.params['itemUuid']} not found`);
    });
  const full = (item: OpItem): Record<string, unknown> => {
    const { files, ...rest } = item;
    return (files as unknown[]).length > 0 ? { ...rest, files } : rest;
  };

  const r = new Router();
  r.on('GET', '/heartbeat', () => text(200, '.'));
  r.on('GET', '/health', () => json(200, {
    name: '1Password Connect API', version: '1.7.1',
    dependencies: [{ service: 'sync', status: 'ACTIVE' }, { service: 'sqlite', status: 'ACTIVE', message: 'Connected to ./1password.sqlite' }],
  }));
  r.on('GET', '/metrics', () => text(200, `# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines 21\n# HELP op_connect_items_total Items cached.\n# TYPE op_connect_items_total gauge\nop_connect_items_total ${world.items.length}\n`));
  r.on('GET', '/v1/vaults', authed((req) => {
    const f = parseFilter(req.query['filter']);
    if (f === 'invalid') return connectError(400, 'Invalid filter');
    return json(200, world.vaults.filter((v) => !f || f(v.name)));
  }));
  r.on('GET', '/v1/vaults/:vaultUuid', authed((req) => vaultOr(req, (id) => json(200, world.vaults.find((v) => v.id === id)))));
  r.on('GET', '/v1/vaults/:vaultUuid/items', authed((req) => vaultOr(req, (id) => {
    const f = parseFilter(req.query['filter']);
    if (f === 'invalid') return connectError(400, 'Invalid filter');
    return json(200, world.items.filter((i) => i.vault.id === id && i['state'] !== 'DELETED' && (!f || f(i.title))).map((i) => world.summary(i)));
  })));
  r.on('GET', '/v1/vaults/:vaultUuid/items/:itemUuid', authed((req) => itemOr(req, (item) => json(200, full(item)))));
  r.on('GET', '/v1/vaults/:vaultUuid/items/:itemUuid/files', authed((req) => itemOr(req, (item) => {
    const inline = req.query['inline_files'] === 'true';
    return json(200, (item['files'] as Record<string, unknown>[]).map((f) => (inline ? { ...f, content: Buffer.from(`codes for ${item.title}\n`).toString('base64') } : f)));
  })));
  const fileOr = (req: SimRequest, h: (f: Record<string, unknown>, item: OpItem) => SimResponse): SimResponse =>
    itemOr(req, (item) => {
      const f = (item['files'] as Record<string, unknown>[]).find((x) => x['id'] === req.params['fileUuid']);
      return f ? h(f, item) : connectError(404, `file ${req.params['fileUuid']} not found`);
    });
  r.on('GET', '/v1/vaults/:vaultUuid/items/:itemUuid/files/:fileUuid', authed((req) => fileOr(req, (f) => json(200, f))));
  r.on('GET', '/v1/vaults/:vaultUuid/items/:itemUuid/files/:fileUuid/content', authed((req) =>
    fileOr(req, (_f, item) => ({ status: 200, text: Buffer.from(`codes for ${item.title}\n`), contentType: 'application/octet-stream' }))));
  r.on('GET', '/v1/activity', authed((req) => {
    const limit = req.query['limit'] === undefined ? 50 : Number(req.query['limit']);
    const offset = req.query['offset'] === undefined ? 0 : Number(req.query['offset']);
    if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0) return connectError(400, 'Invalid limit or offset');
    const total = world.activity.length;
    const page = world.activity.slice(offset, offset + limit);
    const range = page.length > 0 ? `${offset + 1}-${offset + page.length}/${total}` : `*/${total}`;
    return json(200, page, { 'content-range': range });
  }));

  // Writes: actions.
  const A = { action: true };
  const bodyItem = (req: SimRequest): Record<string, unknown> | undefined =>
    req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : undefined;
  r.on('POST', '/v1/vaults/:vaultUuid/items', authed((req) => vaultOr(req, (vaultId) => {
    const b = bodyItem(req);
    if (!b || typeof b['category'] !== 'string') return connectError(400, 'Invalid item category');
    const item = world.addItem(vaultId, typeof b['title'] === 'string' ? b['title'] : undefined);
    item['category'] = b['category'];
    return json(200, full(item));
  })), A);
  r.on('PUT', '/v1/vaults/:vaultUuid/items/:itemUuid', authed((req) => itemOr(req, (item) => {
    const b = bodyItem(req);
    if (!b) return connectError(400, 'Invalid item');
    for (const k of ['tags', 'urls', 'fields', 'sections', 'favorite']) if (b[k] !== undefined) item[k] = b[k];
    if (typeof b['title'] === 'string') item.title = b['title'];
    item.version++;
    item['updatedAt'] = new Date(opts.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return json(200, full(item));
  })), A);
  r.on('PATCH', '/v1/vaults/:vaultUuid/items/:itemUuid', authed((req) => itemOr(req, (item) => {
    if (!Array.isArray(req.body)) return connectError(400, 'Invalid patch');
    for (const op of req.body as { op?: string; path?: string; value?: unknown }[]) {
      if ((op.op === 'replace' || op.op === 'add') && op.path === '/title' && typeof op.value === 'string') item.title = op.value;
    }
    item.version++;
    return json(200, full(item));
  })), A);
  r.on('DELETE', '/v1/vaults/:vaultUuid/items/:itemUuid', authed((req) => itemOr(req, (item) => {
    removeWhere(world.items, (i) => i === item);
    world.refreshVaultCounts();
    return empty(204);
  })), A);
  return r;
}
