/**
 * Pieces every verified source shares: response actions that turn a rejected credential into a clear
 * `ConfigError` naming the key to check, plan/feature gates that skip a resource with a warning, and the
 * "which credentials are present" check.
 */
import { ConfigError } from '../../common/errors.js';
import { log } from '../../common/log.js';
import type { Secret } from '../../config/secret.js';
import type { ResponseAction } from '../rest-api/config-schema.js';
import type { RestResponse } from '../rest-api/client/types.js';

/** A short, single-line body excerpt for messages. */
function bodyExcerpt(res: RestResponse): string {
  const t = res.text.replace(/\s+/g, ' ').trim();
  return t.length > 200 ? `${t.slice(0, 200)}…` : t;
}

/**
 * A response action that rethrows 401 (and optionally other statuses) as a `ConfigError` naming the
 * secret: `Passwordless rejected the api_secret (sources.passwordless_source.api_secret): 401 ...`.
 * @param api Vendor name shown in the message.
 * @param section Config section (`passwordless_source`).
 * @param key The secret key to check.
 */
export function rejectedCredential(api: string, section: string, key: string, statuses: number[] = [401]): ResponseAction {
  return {
    status_code: statuses,
    action: (res: RestResponse) => {
      const env = `SOURCES__${section.toUpperCase()}__${key.toUpperCase()}`;
      throw new ConfigError(
        `${api} rejected the ${key} (sources.${section}.${key}, env ${env}): ${res.status} ${bodyExcerpt(res)}`,
      );
    },
  };
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
    `${resources} skipped: sources.${section}.${key} is not set (env SOURCES__${section.toUpperCase()}__${key.toUpperCase()})`,
  );
}

/**
 * Throws a `ConfigError` when none of `keys` is set: the source could not load anything.
 * @param values the resolved values, by key.
 */
export function requireAny(api: string, section: string, values: Record<string, Secret | string | undefined>): void {
  if (Object.values(values).some((v) => v !== undefined && v !== '')) return;
  const keys = Object.keys(values)
    .map((k) => `sources.${section}.${k} (env SOURCES__${section.toUpperCase()}__${k.toUpperCase()})`)
    .join(', ');
  throw new ConfigError(`${api}: no credentials configured; set at least one of ${keys}`);
}
