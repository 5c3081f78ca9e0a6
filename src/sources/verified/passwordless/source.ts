/**
 * Passwordless.dev (Bitwarden) backend API source — apis.md §1.
 *
 * Tables: `users` (GET /users/list), `credentials` and `aliases` (per user, `?userId=`), `auth_configs`
 * (GET /auth-configs/list), `events` (GET /events, page-numbered, newest first; Enterprise only — a 403
 * skips it with a warning). Auth: header `ApiSecret: <app>:secret:<hex>`. Token-minting, mail-sending and
 * deleting endpoints are never called.
 */
import { config, defineSource, secrets } from '../../../config/define.js';
import { source, type Source } from '../../../extract/source.js';
import type { DataItem } from '../../../extract/resource.js';
import type { RESTAPIConfig } from '../../rest-api/config-schema.js';
import { restApiSource, type RestApiSourceOptions } from '../../rest-api/rest-api-source.js';
import { rejectedCredential, skipOnStatus } from '../common.js';
import type { Secret } from '../../../config/secret.js';
import type { Page } from '../../../extract/resource.js';
import { feedOnly } from '../parent-filter.js';
import { USERS_LIST_CAP } from './data.js';

/** Config section: `sources.passwordless_source`. */
export const PASSWORDLESS_SECTION = 'passwordless_source';
/** Default API base URL (self-hosted instances use their own). */
export const PASSWORDLESS_BASE_URL = 'https://v4.passwordless.dev';

/** Events per `/events` page (the server allows 1–1000). */
const EVENTS_PAGE_SIZE = 100;

/** Adds `credential_id` (= `descriptor.id`) so credentials have a flat primary key. */
function withCredentialId(item: DataItem): DataItem {
  const d = (item as { descriptor?: { id?: string } }).descriptor;
  return { credential_id: d?.id, ...(item as object) };
}

/**
 * The users of a `/users/list` page that may own something of one kind: those whose `countField` is not
 * 0. When the page shows {@link USERS_LIST_CAP} owners of that kind, the server's cap may have cut
 * that side short, and a 0 may be wrong (apis.md §1.4): then every user is asked.
 */
function mayOwn(countField: 'credentialsCount' | 'aliasCount'): (page: Page) => Page {
  return (page) => {
    const owns = (u: unknown) => (u as Record<string, unknown> | null)?.[countField] !== 0;
    const owners = page.filter(owns);
    return owners.length >= USERS_LIST_CAP ? page : owners;
  };
}

/** The per-user child resources, fed only the users whose summary says they own some (see {@link mayOwn}). */
const CHILD_FEEDS: Record<string, ReturnType<typeof mayOwn>> = { credentials: mayOwn('credentialsCount'), aliases: mayOwn('aliasCount') };

/** The Passwordless REST source, its per-user calls skipped for users who own nothing of the kind. */
function passwordlessRestSource(apiSecret: Secret | string, baseUrl: string, runtime?: RestApiSourceOptions['runtime']): Source {
  const src = restApiSource(passwordlessConfig(apiSecret, baseUrl), { name: 'passwordless', runtime });
  return source(src.name, src.resources.map((r) => (CHILD_FEEDS[r.name] ? feedOnly(r, CHILD_FEEDS[r.name]!) : r)), src.options);
}

/** The REST config of the Passwordless source. */
export function passwordlessConfig(apiSecret: Secret | string, baseUrl: string): RESTAPIConfig {
  const auth401 = rejectedCredential('Passwordless', PASSWORDLESS_SECTION, 'api_secret');
  // /events answers a plain 403 on plans below Enterprise (skipped); a locked key still fails the load.
  const eventsAuth = [
    rejectedCredential('Passwordless', PASSWORDLESS_SECTION, 'api_secret', [401]),
    rejectedCredential('Passwordless', PASSWORDLESS_SECTION, 'api_secret', [403], 'api_key_locked'),
  ];
  return {
    client: {
      base_url: baseUrl,
      auth: { type: 'api_key', name: 'ApiSecret', api_key: apiSecret, location: 'header' },
    },
    resource_defaults: {
      write_disposition: 'merge',
      endpoint: { paginator: 'single_page', response_actions: [auth401] },
    },
    resources: [
      {
        name: 'users',
        primary_key: 'userId',
        endpoint: { path: '/users/list', data_selector: 'values' },
      },
      {
        name: 'credentials',
        primary_key: 'credential_id',
        processing_steps: [{ map: withCredentialId }],
        endpoint: { path: '/credentials/list', params: { userId: '{resources.users.userId}' }, data_selector: 'values' },
      },
      {
        name: 'aliases',
        primary_key: ['userId', 'alias'],
        endpoint: { path: '/alias/list', params: { userId: '{resources.users.userId}' }, data_selector: 'values' },
      },
      {
        name: 'auth_configs',
        primary_key: 'purpose',
        endpoint: { path: '/auth-configs/list', data_selector: 'configurations' },
      },
      {
        name: 'events',
        write_disposition: 'append',
        endpoint: {
          path: '/events',
          params: { numberOfResults: EVENTS_PAGE_SIZE },
          data_selector: 'events',
          // Stop at pageNumber * numberOfResults >= totalEventCount (apis.md §1.4), not on an empty page.
          paginator: {
            type: 'page_number', page_param: 'pageNumber', base_page: 1,
            total_items_path: 'totalEventCount', page_size: EVENTS_PAGE_SIZE, stop_after_empty_page: true,
          },
          incremental: { cursor_path: 'performedAt', row_order: 'desc', initial_value: '1970-01-01T00:00:00' },
          response_actions: [...eventsAuth, ...skipOnStatus('events', 403, 'Passwordless /events needs the Enterprise plan')],
        },
      },
    ],
  };
}

/**
 * `passwordlessSource({ api_secret?, base_url? }, options?)`: values not given resolve from
 * `SOURCES__PASSWORDLESS_SOURCE__API_SECRET` / `.dlt/secrets.toml` `[sources.passwordless_source]`.
 */
export const passwordlessSource = defineSource(
  {
    name: PASSWORDLESS_SECTION,
    section: PASSWORDLESS_SECTION,
    config: { api_secret: secrets.value(), base_url: config.value(PASSWORDLESS_BASE_URL) },
  },
  ({ api_secret, base_url }): Source => passwordlessRestSource(api_secret, base_url),
);

/** Like {@link passwordlessSource} with REST runtime options (timeouts, backoff) for tests and demos. */
export function passwordlessSourceWith(values: { api_secret?: string; base_url?: string }, runtime: RestApiSourceOptions['runtime']): Source {
  const v = passwordlessSource.resolveConfig(values);
  return passwordlessRestSource(v.api_secret, v.base_url, runtime);
}
