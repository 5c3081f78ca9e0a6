/**
 * Descope Management API source — apis.md §4.
 *
 * Tables: `users` (POST /v2/mgmt/user/search, `limit` + 0-based `page` in the JSON body), `test_users`
 * (POST /v2/mgmt/user/search/test), `tenants` (GET /v1/mgmt/tenant/all), `roles` (GET /v1/mgmt/role/all),
 * `permissions` (GET /v1/mgmt/permission/all), `access_keys` (POST /v1/mgmt/accesskey/search), `audits`
 * (POST /v1/mgmt/audit/search, `size` + `page`, incremental on `occurred` through the body's `from`, clamped
 * to the API's 30-day window) and `login_history` (POST /v1/mgmt/user/history with a bare JSON array of the
 * user IDs of each `users` page — a code transformer, since the REST layer puts one parent field per
 * request). Auth: `Authorization: Bearer <project_id>:<management_key>`. User create/update/delete, test-user
 * OTP/magic-link generation and provider tokens are never called.
 */
import { config, defineSource, secrets } from '../../../config/define.js';
import { asSecret, reveal, type Secret } from '../../../config/secret.js';
import { ConfigError } from '../../../common/errors.js';
import { Source } from '../../../extract/source.js';
import { transformer, type ExtractContext, type Page, type Resource } from '../../../extract/resource.js';
import type { Endpoint, RESTAPIConfig } from '../../rest-api/config-schema.js';
import { restApiResources, type RestApiSourceOptions } from '../../rest-api/rest-api-source.js';
import { HttpError } from '../../rest-api/client/http-client.js';
import { ClientLease } from '../../rest-api/client-lease.js';
import { credentialMessage, rejectedCredential } from '../common.js';
import { PageNumberPaginator } from '../../rest-api/client/paginators/page-number.js';
import type { Paginator, RestResponse } from '../../rest-api/client/types.js';

/**
 * Descope searches: a 0-based `page` in the JSON body; a page shorter than the page size is the last
 * (apis.md §4: "stop when users.length < limit"), so no request is spent on an empty page. An empty page
 * still stops too.
 */
class SearchPaginator extends PageNumberPaginator {
  constructor(readonly pageSize: number) {
    super({ page_body_path: 'page', base_page: 0, total_path: null, stop_after_empty_page: true });
  }
  override updateState(res: RestResponse, page: Page): void {
    super.updateState(res, page);
    if (page.length < this.pageSize) this.next = false;
  }
  override clone(): Paginator {
    return new SearchPaginator(this.pageSize);
  }
}

/** Config section: `sources.descope_management_users_source`. */
export const DESCOPE_SECTION = 'descope_management_users_source';
/** API base URL of projects without a region. */
export const DESCOPE_BASE_URL = 'https://api.descope.com';

/**
 * The API base of a project when `base_url` is not set, as the official SDKs pick it (go-sdk
 * `baseURLForProjectID`): a project ID of 32 or more characters names its region in characters 2–5
 * (`P2use1…` → `https://api.use1.descope.com`); shorter IDs use {@link DESCOPE_BASE_URL}.
 */
export function descopeBaseUrl(projectId: Secret | string): string {
  const id = reveal(projectId);
  return id.length >= 32 ? `https://api.${id.slice(1, 5)}.descope.com` : DESCOPE_BASE_URL;
}

/** Users per search page (the API default and documented page size). */
const USERS_PAGE_SIZE = 100;
/** Audit records per search page. */
const AUDITS_PAGE_SIZE = 100;
const DAY_MS = 86_400_000;
/** The audit search accepts `from` at most 30 days back; stay a little inside. */
const AUDIT_WINDOW_MS = 30 * DAY_MS - 5 * 60_000;

/**
 * The audit `from` sent on the wire: the incremental start (a string or number of epoch ms), clamped to
 * the 30-day window the API accepts.
 */
export function auditFrom(start: unknown, now: number = Date.now()): number {
  const floor = now - AUDIT_WINDOW_MS;
  const ms = Number(start);
  return Number.isFinite(ms) && ms > floor ? ms : floor;
}

/** Roles have an optional `id`; `role_key` (`<tenantId>:<name>`, tenant empty for project roles) is always set. */
function withRoleKey(item: unknown): Record<string, unknown> {
  const r = item as { name?: string; tenantId?: string };
  return { role_key: `${r.tenantId ?? ''}:${r.name ?? ''}`, ...(item as object) };
}

/**
 * The REST config of the Descope source (every resource but `login_history`).
 * @param baseUrl default: {@link descopeBaseUrl} of the project.
 */
export function descopeConfig(projectId: Secret | string, managementKey: Secret | string, baseUrl = descopeBaseUrl(projectId)): RESTAPIConfig {
  const auth401 = rejectedCredential('Descope', DESCOPE_SECTION, 'management_key');
  const token = asSecret(`${reveal(projectId)}:${reveal(managementKey)}`);
  const userSearch = (path: string, body: Record<string, unknown>): Endpoint => ({
    path,
    method: 'POST',
    json: { limit: USERS_PAGE_SIZE, page: 0, ...body },
    data_selector: 'users',
    paginator: new SearchPaginator(USERS_PAGE_SIZE),
  });
  return {
    client: { base_url: baseUrl.replace(/\/+$/, ''), auth: { type: 'bearer', token } },
    resource_defaults: {
      write_disposition: 'merge',
      endpoint: { paginator: 'single_page', response_actions: [auth401] },
    },
    resources: [
      { name: 'users', primary_key: 'userId', endpoint: userSearch('/v2/mgmt/user/search', { withTestUser: false }) },
      {
        name: 'test_users',
        primary_key: 'userId',
        endpoint: userSearch('/v2/mgmt/user/search/test', { withTestUser: true, testUsersOnly: true }),
      },
      { name: 'tenants', primary_key: 'id', endpoint: { path: '/v1/mgmt/tenant/all', data_selector: 'tenants' } },
      {
        name: 'roles',
        primary_key: 'role_key',
        processing_steps: [{ map: withRoleKey }],
        endpoint: { path: '/v1/mgmt/role/all', data_selector: 'roles' },
      },
      { name: 'permissions', primary_key: 'name', endpoint: { path: '/v1/mgmt/permission/all', data_selector: 'permissions' } },
      {
        name: 'access_keys',
        primary_key: 'id',
        endpoint: { path: '/v1/mgmt/accesskey/search', method: 'POST', json: {}, data_selector: 'keys' },
      },
      {
        name: 'audits',
        write_disposition: 'append',
        endpoint: {
          path: '/v1/mgmt/audit/search',
          method: 'POST',
          json: { from: '{incremental.start_value}', size: AUDITS_PAGE_SIZE, page: 0 },
          data_selector: 'audits',
          paginator: new SearchPaginator(AUDITS_PAGE_SIZE),
          // `occurred` is a string of epoch ms (13 digits: string order = time order).
          incremental: { cursor_path: 'occurred', initial_value: '0', convert: (v) => auditFrom(v) },
        },
      },
    ],
  };
}

/**
 * `login_history`: one POST /v1/mgmt/user/history per `users` page, body = the bare array of its userIds,
 * response = a bare array of `{userId, loginTime, city, country, ip, selectedTenant}` (the docs' wrapped
 * `{usersAuthHistory: [...]}` is accepted too).
 */
export function loginHistoryResource(
  users: Resource,
  projectId: Secret | string,
  managementKey: Secret | string,
  baseUrl: string,
  runtime: RestApiSourceOptions['runtime'] = {},
  /** The source's client lease, so every page shares one client (a client per page re-read the config and reconnected). */
  lease: ClientLease = new ClientLease(runtime),
): Resource {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/mgmt/user/history`;
  return transformer(
    users,
    async function* (parentPage: Page, ctx: ExtractContext) {
      const ids = parentPage.map((u) => (u as { userId?: unknown }).userId).filter((x): x is string => typeof x === 'string');
      if (ids.length === 0) return;
      const client = lease.acquire(ctx.pipelineName);
      try {
        const res = await client.send({
          method: 'POST',
          url,
          params: {},
          headers: { authorization: `Bearer ${reveal(projectId)}:${reveal(managementKey)}`, 'content-type': 'application/json' },
          json: ids,
        });
        const body = res.json();
        const rows = Array.isArray(body) ? body : ((body as { usersAuthHistory?: unknown[] } | null)?.usersAuthHistory ?? []);
        if (rows.length > 0) yield rows;
      } catch (e) {
        if (e instanceof HttpError && e.response && (e.status === 401 || e.status === 403)) {
          throw new ConfigError(credentialMessage('Descope', DESCOPE_SECTION, 'management_key', e.response));
        }
        throw e;
      } finally {
        await lease.release();
      }
    },
    { name: 'login_history', write_disposition: 'merge', primary_key: ['userId', 'loginTime', 'ip'] },
  );
}

function build(
  projectId: Secret | string,
  managementKey: Secret | string,
  given: string | undefined,
  runtime?: RestApiSourceOptions['runtime'],
): Source {
  const baseUrl = given || descopeBaseUrl(projectId);
  const lease = new ClientLease(runtime);
  const resources = restApiResources(descopeConfig(projectId, managementKey, baseUrl), { name: 'descope_management_users', runtime, lease });
  const users = resources.find((r) => r.name === 'users')!;
  return new Source('descope_management_users', [...resources, loginHistoryResource(users, projectId, managementKey, baseUrl, runtime, lease)]);
}

/**
 * `descopeSource({ project_id?, management_key?, base_url? })` (`base_url` unset: {@link descopeBaseUrl}): values not given resolve from
 * `SOURCES__DESCOPE_MANAGEMENT_USERS_SOURCE__PROJECT_ID` / `__MANAGEMENT_KEY` / `__BASE_URL` or
 * `[sources.descope_management_users_source]` in `.dlt/secrets.toml`.
 */
export const descopeSource = defineSource(
  {
    name: DESCOPE_SECTION,
    section: DESCOPE_SECTION,
    // base_url unset: derived from the project ID (descopeBaseUrl)
    config: { project_id: config.value(), management_key: secrets.value(), base_url: config.optional() },
  },
  ({ project_id, management_key, base_url }): Source => build(project_id, management_key, base_url),
);

/** Like {@link descopeSource} with REST runtime options (timeouts, backoff) for tests and demos. */
export function descopeSourceWith(
  values: { project_id?: string; management_key?: string; base_url?: string },
  runtime: RestApiSourceOptions['runtime'],
): Source {
  const v = descopeSource.resolveConfig(values);
  return build(v.project_id, v.management_key, v.base_url, runtime);
}
