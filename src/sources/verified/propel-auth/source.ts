/**
 * PropelAuth backend API source — apis.md §3. `users` (GET /user/query with `include_orgs=true`),
 * `orgs` (GET /org/query) and per org `org_users` (GET /user/org/{org_id}, with `role_in_org`), all paged
 * by `page_size` + 0-based `page_number` until `has_more_results` is false. Auth: `Bearer <api_key>`.
 * A 426 (organizations not enabled) skips `orgs`/`org_users` with a warning. Magic links, access tokens
 * and user writes are never called.
 *
 * `org_id_to_org_info` is a map keyed by org id: loaded as is, every org would add its own columns to
 * `users` and its own child tables. It is loaded as the list `orgs` (each value already carries its
 * `org_id`), i.e. one child table `users__orgs` with one row per membership.
 */
import { defineSource, secrets, config } from '../../../config/define.js';
import type { Secret } from '../../../config/secret.js';
import type { Source } from '../../../extract/source.js';
import type { DataItem } from '../../../extract/resource.js';
import type { Endpoint, RESTAPIConfig } from '../../rest-api/config-schema.js';
import { restApiSource, type RestApiSourceOptions } from '../../rest-api/rest-api-source.js';
import { rejectedCredential, skipOnStatus } from '../common.js';

/** Config section: `sources.propel_auth_source`. */
export const PROPEL_AUTH_SECTION = 'propel_auth_source';
/** Largest page the API accepts. */
const PAGE_SIZE = 100;

const paginator = { type: 'page_number', page_param: 'page_number', base_page: 0, total_path: null, has_more_path: 'has_more_results' } as const;

/** Replaces the `org_id_to_org_info` map (keyed by org id) with the list `orgs` of its values. */
export function orgsAsList(user: DataItem): DataItem {
  const { org_id_to_org_info: byOrg, ...rest } = user as Record<string, unknown>;
  if (byOrg === undefined || byOrg === null || typeof byOrg !== 'object' || Array.isArray(byOrg)) return user;
  return { ...rest, orgs: Object.values(byOrg) };
}

/** The REST config of the PropelAuth source. */
export function propelAuthConfig(apiKey: Secret | string, authUrl: string): RESTAPIConfig {
  const auth401 = rejectedCredential('PropelAuth', PROPEL_AUTH_SECTION, 'api_key');
  const list = (path: string, selector: string, extra: Partial<Endpoint> = {}): Endpoint => ({
    path,
    params: { page_size: PAGE_SIZE, ...(extra.params ?? {}) },
    data_selector: selector,
    paginator,
    response_actions: extra.response_actions ?? [auth401],
  });
  const noOrgs = skipOnStatus('orgs', 426, 'organizations (B2B) are not enabled for this PropelAuth project');
  return {
    client: { base_url: `${authUrl.replace(/\/+$/, '')}/api/backend/v1`, auth: { type: 'bearer', token: apiKey } },
    resource_defaults: { write_disposition: 'merge' },
    resources: [
      {
        name: 'users',
        primary_key: 'user_id',
        processing_steps: [{ map: orgsAsList }],
        endpoint: list('/user/query', 'users', { params: { include_orgs: true, order_by: 'CREATED_AT_ASC' } }),
      },
      { name: 'orgs', primary_key: 'org_id', endpoint: list('/org/query', 'orgs', { params: { order_by: 'CREATED_AT_ASC' }, response_actions: [auth401, ...noOrgs] }) },
      {
        name: 'org_users',
        primary_key: ['_orgs_org_id', 'user_id'],
        include_from_parent: ['org_id'],
        endpoint: list('/user/org/{resources.orgs.org_id}', 'users'),
      },
    ],
  };
}

/**
 * `propelAuthSource({ api_key?, auth_url? })`; values resolve from `SOURCES__PROPEL_AUTH_SOURCE__API_KEY`,
 * `SOURCES__PROPEL_AUTH_SOURCE__AUTH_URL` or `[sources.propel_auth_source]` in `.dlt/secrets.toml`.
 */
export const propelAuthSource = defineSource(
  { name: PROPEL_AUTH_SECTION, section: PROPEL_AUTH_SECTION, config: { api_key: secrets.value(), auth_url: config.value() } },
  ({ api_key, auth_url }): Source => restApiSource(propelAuthConfig(api_key, auth_url), { name: 'propel_auth' }),
);

/** Like {@link propelAuthSource} with REST runtime options (tests, demos). */
export function propelAuthSourceWith(values: { api_key?: string; auth_url?: string }, runtime: RestApiSourceOptions['runtime']): Source {
  const v = propelAuthSource.resolveConfig(values);
  return restApiSource(propelAuthConfig(v.api_key, v.auth_url), { name: 'propel_auth', runtime });
}
