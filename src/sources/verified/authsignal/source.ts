/**
 * Authsignal source — apis.md §2. Server API (HTTP Basic `secret_key:`): `users` (keyset paging on
 * `lastEvaluatedUserId`), and per user `authenticators` and `actions` (the last 30 days, the API's
 * maximum). Client API (`<base_url>/client`, `Bearer <token>`): `user_authenticators` of the token's user,
 * only when `token` is set. Passkey ceremonies, challenges, track-action and writes are never called.
 *
 * There is no `tenant_id` setting: the tenant ID only authenticates the anonymous Client API calls
 * (`Basic base64(tenantId)`: passkey sign-in options, `/client/challenge`), which are all actions; the
 * Server API finds the tenant from `secret_key` and the regional `base_url`. A supplied `tenant_id` (the
 * seed's secrets.toml has one) is looked up only to warn that it is ignored.
 */
import { config, defineSource, secrets } from '../../../config/define.js';
import type { Secret } from '../../../config/secret.js';
import type { Source } from '../../../extract/source.js';
import type { EndpointResource, RESTAPIConfig } from '../../rest-api/config-schema.js';
import { restApiSource, type RestApiSourceOptions } from '../../rest-api/rest-api-source.js';
import { log } from '../../../common/log.js';
import { rejectedCredential, requireAny, sourceEnvVar, warnMissing } from '../common.js';

/** Config section: `sources.authsignal_source`. */
export const AUTHSIGNAL_SECTION = 'authsignal_source';
/** Default (US) Server API base; AU/EU/CA use `https://<region>.api.authsignal.com/v1`. */
export const AUTHSIGNAL_BASE_URL = 'https://api.authsignal.com/v1';
/** `GET /users` page size. */
const USERS_PAGE_SIZE = 100;

/** Resolved values of the Authsignal source. */
export interface AuthsignalValues {
  secret_key?: Secret | string;
  token?: Secret | string;
  /** Not a setting: present only so a supplied value can be reported as ignored (see the module doc). */
  tenant_id?: Secret | string;
  base_url: string;
}

/** Warns (never fails: the seed's secrets.toml carries the key) that a supplied `tenant_id` does nothing. */
function warnIgnoredTenantId(v: AuthsignalValues): void {
  if (v.tenant_id === undefined || v.tenant_id === '') return;
  const env = sourceEnvVar(AUTHSIGNAL_SECTION, 'tenant_id');
  log.warn(
    `sources.${AUTHSIGNAL_SECTION}.tenant_id (env ${env}) is set but ignored: the tenant ID only authenticates ` +
      'anonymous Client API calls (passkey sign-in, initiate challenge), which are actions this source never calls; ' +
      'the Server API identifies the tenant by secret_key and the regional base_url. Remove the key.',
  );
}

/** The REST config; resources whose credential is absent are left out (with a warning). */
export function authsignalConfig(v: AuthsignalValues): RESTAPIConfig {
  requireAny('Authsignal', AUTHSIGNAL_SECTION, { secret_key: v.secret_key, token: v.token });
  warnIgnoredTenantId(v);
  const base = v.base_url.replace(/\/+$/, '');
  const resources: EndpointResource[] = [];
  if (v.secret_key !== undefined) {
    const auth = { type: 'http_basic' as const, username: v.secret_key, password: '' };
    const actions = [rejectedCredential('Authsignal', AUTHSIGNAL_SECTION, 'secret_key')];
    resources.push(
      {
        name: 'users',
        primary_key: 'userId',
        endpoint: {
          path: '/users',
          auth,
          params: { limit: USERS_PAGE_SIZE },
          data_selector: 'users',
          paginator: { type: 'cursor', cursor_path: 'lastEvaluatedUserId', cursor_param: 'lastEvaluatedUserId' },
          response_actions: actions,
        },
      },
      {
        name: 'authenticators',
        primary_key: 'userAuthenticatorId',
        endpoint: { path: '/users/{resources.users.userId}/authenticators', auth, data_selector: '$', paginator: 'single_page', response_actions: actions },
      },
      {
        name: 'actions',
        primary_key: 'idempotencyKey',
        include_from_parent: ['userId'],
        endpoint: { path: '/users/{resources.users.userId}/actions', auth, data_selector: '$', paginator: 'single_page', response_actions: actions },
      },
    );
  } else warnMissing(AUTHSIGNAL_SECTION, 'secret_key', 'users, authenticators and actions (Server API)');
  if (v.token !== undefined) {
    resources.push({
      name: 'user_authenticators',
      primary_key: 'userAuthenticatorId',
      endpoint: {
        path: `${base}/client/user-authenticators`,
        auth: { type: 'bearer', token: v.token },
        data_selector: '$',
        paginator: 'single_page',
        response_actions: [rejectedCredential('Authsignal Client API', AUTHSIGNAL_SECTION, 'token')],
      },
    });
  } else warnMissing(AUTHSIGNAL_SECTION, 'token', 'user_authenticators (Client API)');
  return { client: { base_url: base }, resource_defaults: { write_disposition: 'merge' }, resources };
}

/**
 * `authsignalSource({ secret_key?, token?, base_url? })`; values not given resolve from
 * `SOURCES__AUTHSIGNAL_SOURCE__SECRET_KEY` etc. or `.dlt/secrets.toml` `[sources.authsignal_source]`.
 */
export const authsignalSource = defineSource(
  {
    name: AUTHSIGNAL_SECTION,
    section: AUTHSIGNAL_SECTION,
    config: {
      secret_key: secrets.optional(),
      token: secrets.optional(),
      // looked up only to warn that it is ignored (warnIgnoredTenantId)
      tenant_id: secrets.optional(),
      base_url: config.value(AUTHSIGNAL_BASE_URL),
    },
  },
  (v): Source => restApiSource(authsignalConfig(v), { name: 'authsignal' }),
);

/** Like {@link authsignalSource} with REST runtime options (tests, demos). */
export function authsignalSourceWith(values: Partial<Record<keyof AuthsignalValues, string>>, runtime: RestApiSourceOptions['runtime']): Source {
  return restApiSource(authsignalConfig(authsignalSource.resolveConfig(values)), { name: 'authsignal', runtime });
}
