/**
 * The dashboard's HTTP server: node:http on 127.0.0.1 only, a static page (HTML, CSS and vanilla JS
 * embedded as strings) and JSON endpoints. Every body passes through `maskSecrets`. Requests must name
 * this server in `Host` (defeats DNS rebinding) and cross-site POSTs are refused (`Origin` check plus a
 * JSON content type, which a plain form cannot send).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskSecrets } from '../config/secret.js';
import { overview } from './api/overview.js';
import { loads } from './api/loads.js';
import { schema, schemaYaml } from './api/schema.js';
import { tableCsv, tableRows, tables } from './api/data.js';
import { query } from './api/query.js';
import { state } from './api/state.js';
import { ApiError, Download, type Handler } from './api/types.js';
import { registerConfiguredSecrets } from './configured-secrets.js';
import { DashboardContext, type DashboardTarget } from './context.js';
import { maskedJson } from './serialize.js';
import { APP_JS } from './static/app-js.js';
import { APP_CSS } from './static/app-css.js';
import { pageHtml } from './static/page-html.js';

/** Options of `startDashboard`. */
export interface DashboardOptions extends DashboardTarget {
  /** Port to listen on; `0` (default) picks a free one. */
  port?: number;
  /** Only the loopback address is allowed: the dashboard shows your data to whoever can reach it. */
  host?: '127.0.0.1';
}

/** A running dashboard. */
export interface DashboardHandle {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}

const GET_ROUTES: Record<string, Handler> = {
  '/api/overview': overview,
  '/api/loads': loads,
  '/api/schema': schema,
  '/api/schema.yaml': schemaYaml,
  '/api/tables': tables,
  '/api/table': tableRows,
  '/api/table.csv': tableCsv,
  '/api/state': state,
};
const POST_ROUTES: Record<string, Handler> = { '/api/query': query };

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': contentType, ...extra });
  res.end(maskSecrets(body));
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(maskedJson(value));
}

async function sendDownload(res: ServerResponse, d: Download): Promise<void> {
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': d.contentType, 'content-disposition': `attachment; filename="${d.filename.replace(/[^\w.-]/g, '_')}"` });
  if (typeof d.body === 'string') {
    res.end(maskSecrets(d.body));
    return;
  }
  try {
    for await (const chunk of d.body) if (!res.write(maskSecrets(chunk))) await new Promise((r) => res.once('drain', r));
  } catch (e) {
    // headers are gone: end the file with the error so a truncated export is visible
    res.write(maskSecrets(`\r\n# export failed: ${e instanceof Error ? e.message : String(e)}\r\n`));
  }
  res.end();
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > limit) throw new ApiError('request body too large', 413);
  }
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError('request body is not JSON');
  }
}

/** Creates the request listener for a context (exported for tests). */
export function createHandler(ctx: DashboardContext, allowedHosts: () => Set<string>) {
  const html = pageHtml(ctx.target.pipelineName);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'text/plain; charset=utf-8', 'unknown host');
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const path = url.pathname;
      if (req.method === 'POST') {
        const origin = req.headers.origin;
        if (origin && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) return sendJson(res, 403, { error: 'cross-site request refused' });
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return sendJson(res, 415, { error: 'send JSON' });
        const h = POST_ROUTES[path];
        if (!h) return sendJson(res, 404, { error: `no such endpoint: POST ${path}` });
        return sendJson(res, 200, await h(ctx, url, await readBody(req)));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'method not allowed' });
      if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', APP_JS);
      if (path === '/app.css') return send(res, 200, 'text/css; charset=utf-8', APP_CSS);
      if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
      const h = GET_ROUTES[path];
      if (h) {
        const out = await h(ctx, url, undefined);
        return out instanceof Download ? await sendDownload(res, out) : sendJson(res, 200, out);
      }
      if (path.startsWith('/api/')) return sendJson(res, 404, { error: `no such endpoint: GET ${path}` });
      return send(res, 200, 'text/html; charset=utf-8', html);
    } catch (e) {
      if (res.headersSent) return void res.end();
      if (e instanceof ApiError) return sendJson(res, e.status, { error: e.message, ...e.extra });
      if (e instanceof SyntaxError) return sendJson(res, 400, { error: e.message });
      return sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
    }
  };
}

/**
 * Starts the dashboard for one pipeline on 127.0.0.1. Registers the secrets of the config providers
 * (`secrets.toml`, config env vars) for masking first: this process may never have resolved them.
 * @returns the URL and a `close()` that stops the server (open connections are closed too).
 * @throws SluiceError when the pipeline has no working dir.
 */
export async function startDashboard(options: DashboardOptions): Promise<DashboardHandle> {
  const host = '127.0.0.1';
  if (options.host !== undefined && options.host !== host) throw new TypeError(`the dashboard listens on 127.0.0.1 only; got host ${String(options.host)}`);
  const ctx = new DashboardContext(options);
  registerConfiguredSecrets();
  let hosts = new Set<string>();
  const server = createServer((req, res) => void createHandler(ctx, () => hosts)(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([`${host}:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
