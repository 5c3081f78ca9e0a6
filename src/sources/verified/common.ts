/**
 * Pieces every verified source shares: response actions that turn a rejected credential into a clear
 * `ConfigError` naming the key to check, plan/feature gates that skip a resource with a warning, and the
 * "which credentials are present" check.
 */
import { ConfigError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import { envVarName } from '../../config/providers/env-provider.js';
import type { Secret } from '../../config/secret.js';
import type { ResponseAction } from '../rest-api/config-schema.js';
import { apiErrorReason } from '../rest-api/client/error-reason.js';
import { excerpt } from '../rest-api/client/http-error.js';
import { maskUrl } from '../rest-api/client/redact.js';
import type { RestResponse } from '../rest-api/client/types.js';

/** The API's reason for an error answer (its error body read by `apiErrorReason`), else a masked body excerpt. */
function bodyExcerpt(res: RestResponse): string {
  return apiErrorReason(res.text, res.headers['content-type']) ?? excerpt(res.text);
}

/** `GET /v1/vaults/abc/items` — the refused request, path only (the host is the configured base URL). */
function requestPath(res: RestResponse): string {
  const url = maskUrl(res.url ?? res.request.url);
  return `${res.request.method} ${url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '') || '/'}`;
}

/** How each status reads in a credential message: 401 the key itself was rejected, 403 it may not make this request. */
const REFUSAL: Record<number, (api: string, key: string, res: RestResponse) => string> = {
  401: (api, key) => `${api} rejected the ${key}`,
  403: (api, key, res) => `${api} refused ${requestPath(res)} for the ${key}`,
};

/**
 * A response action that rethrows 401 and 403 (or `statuses`) as a `ConfigError` naming the secret and
 * the API's own reason from its error body (secrets masked):
 * - `Passwordless rejected the api_secret (sources.passwordless_source.api_secret, env …): 401 A valid 'ApiSecret' header is required.`
 * - `Passwordless refused GET /users/list for the api_secret (sources…, env …): 403 api_key_locked: The API key is locked.`
 * @param api Vendor name shown in the message.
 * @param section Config section (`passwordless_source`).
 * @param key The secret key to check.
 * @param content Only answers whose body contains this match (e.g. to tell a locked key from a plan gate).
 */
export function rejectedCredential(
  api: string,
  section: string,
  key: string,
  statuses: number[] = [401, 403],
  content?: string,
): ResponseAction {
  return {
    status_code: statuses,
    ...(content !== undefined ? { content } : {}),
    action: (res: RestResponse) => {
      throw new ConfigError(credentialMessage(api, section, key, res));
    },
  };
}

/** The env var of a source setting: `SOURCES__PASSWORDLESS_SOURCE__API_SECRET`. */
export function sourceEnvVar(section: string, key: string): string {
  return envVarName(['sources', section], key);
}

/** The message of {@link rejectedCredential}, for sources that send requests outside the REST config. */
export function credentialMessage(api: string, section: string, key: string, res: RestResponse): string {
  const head = (REFUSAL[res.status] ?? REFUSAL[401]!)(api, key, res);
  return `${head} (sources.${section}.${key}, env ${sourceEnvVar(section, key)}): ${res.status} ${bodyExcerpt(res)}`;
}

/**
 * Response actions that skip a resource on `status` (e.g. a plan-gated 403) with a warning instead of
 * failing the load: a warning callable followed by `ignore`.
 */
export function skipOnStatus(resourceName: string, status: number, why: string): ResponseAction[] {
  return [
    {
      status_code: status,
      action: (res: RestResponse) => {
        log.warn(`resource ${resourceName} skipped: ${why} (HTTP ${res.status}: ${bodyExcerpt(res)})`);
      },
    },
    { status_code: status, action: 'ignore' },
  ];
}

/** Logs that `resource` is skipped because `key` is not configured. */
export function warnMissing(section: string, key: string, resources: string): void {
  log.warn(
    `${resources} skipped: sources.${section}.${key} is not set (env ${sourceEnvVar(section, key)})`,
  );
}

/**
 * Throws a `ConfigError` when none of `keys` is set: the source could not load anything.
 * @param values the resolved values, by key.
 */
export function requireAny(api: string, section: string, values: Record<string, Secret | string | undefined>): void {
  if (Object.values(values).some((v) => v !== undefined && v !== '')) return;
  const keys = Object.keys(values)
    .map((k) => `sources.${section}.${k} (env ${sourceEnvVar(section, k)})`)
    .join(', ');
  throw new ConfigError(`${api}: no credentials configured; set at least one of ${keys}`);
}
