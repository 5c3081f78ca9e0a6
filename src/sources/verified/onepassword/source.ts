/**
 * 1Password source — apis.md §5 (Connect) and §6 (Events API). Connect (`Bearer <access_token>`):
 * `vaults`, per vault `vault_items` (summaries: metadata only — `fields`, `sections`, `files` and any
 * `value` are stripped even if a server sent them), `activity` (limit/offset). Events
 * (`Bearer <events_access_token>`): `audit_events`, `item_usages`, `sign_in_attempts` through the
 * POST cursor feeds; the last cursor is kept in state and the next run continues from it.
 * Item details, file contents, OTPs and writes are never requested.
 */
import { config, defineSource, secrets } from '../../../config/define.js';
import { reveal, type Secret } from '../../../config/secret.js';
import { log } from '../../../common/log.js';
import type { DataItem } from '../../../extract/resource.js';
import type { Source } from '../../../extract/source.js';
import type { EndpointResource, RESTAPIConfig } from '../../rest-api/config-schema.js';
import { restApiSource, type RestApiSourceOptions } from '../../rest-api/rest-api-source.js';
import { rejectedCredential, requireAny, warnMissing } from '../common.js';
import { tokenFeatures } from './token-features.js';

/** Config section: `sources._1password_source`. */
export const ONEPASSWORD_SECTION = '_1password_source';
export const CONNECT_BASE_URL = 'http://localhost:8080';
export const EVENTS_BASE_URL = 'https://events.1password.com';
/** The first Events run reads back this far (the API default is one hour). */
const EVENTS_BACKFILL_DAYS = 30;

/** Keys never loaded from an item: secret values, OTPs, file references. */
const SECRET_ITEM_KEYS = ['fields', 'sections', 'files', 'value', 'password', 'otp', 'totp', 'content', 'content_path'];

/** Item metadata only. */
export function stripItemSecrets(item: DataItem): DataItem {
  const out = { ...(item as Record<string, unknown>) };
  for (const k of SECRET_ITEM_KEYS) delete out[k];
  return out;
}

/** Resolved values of the 1Password source. */
export interface OnePasswordValues {
  access_token?: Secret | string;
  base_url: string;
  events_access_token?: Secret | string;
  events_base_url: string;
}

/** The REST config; resources whose token is absent are left out with a warning. */
export function onePasswordConfig(v: OnePasswordValues, now = Date.now()): RESTAPIConfig {
  requireAny('1Password', ONEPASSWORD_SECTION, { access_token: v.access_token, events_access_token: v.events_access_token });
  const resources: EndpointResource[] = [];
  const connect = v.base_url.replace(/\/+$/, '');
  if (v.access_token !== undefined) {
    const auth = { type: 'bearer' as const, token: v.access_token };
    const actions = [rejectedCredential('1Password Connect', ONEPASSWORD_SECTION, 'access_token')];
    resources.push(
      { name: 'vaults', primary_key: 'id', endpoint: { path: `${connect}/v1/vaults`, auth, data_selector: '$', paginator: 'single_page', response_actions: actions } },
      {
        name: 'vault_items',
        primary_key: 'id',
        processing_steps: [{ map: stripItemSecrets }],
        endpoint: { path: `${connect}/v1/vaults/{resources.vaults.id}/items`, auth, data_selector: '$', paginator: 'single_page', response_actions: actions },
      },
      {
        name: 'activity',
        primary_key: 'requestId',
        endpoint: {
          path: `${connect}/v1/activity`,
          auth,
          data_selector: '$',
          // The total is only in `Content-Range: 1-50/1134` (apis.md §5.3): stop at it, not on an empty page.
          paginator: { type: 'offset', limit: 50, total_header: 'Content-Range', stop_after_empty_page: true },
          response_actions: actions,
        },
      },
    );
  } else warnMissing(ONEPASSWORD_SECTION, 'access_token', 'vaults, vault_items and activity (Connect)');
  if (v.events_access_token !== undefined) {
    const events = v.events_base_url.replace(/\/+$/, '');
    const auth = { type: 'bearer' as const, token: v.events_access_token };
    const start = new Date(now - EVENTS_BACKFILL_DAYS * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const features = tokenFeatures(reveal(v.events_access_token));
    for (const [name, path] of [['audit_events', 'auditevents'], ['item_usages', 'itemusages'], ['sign_in_attempts', 'signinattempts']] as const) {
      if (features && !features.includes(path)) {
        log.warn(`${name} skipped: the events_access_token is not scoped to '${path}' (its features: ${features.join(', ') || 'none'}); add the feature to the token in 1Password → Integrations → Events Reporting to load it`);
        continue;
      }
      resources.push({
        name,
        primary_key: 'uuid',
        write_disposition: 'merge',
        endpoint: {
          path: `${events}/api/v2/${path}`,
          method: 'POST',
          auth,
          json: { limit: 1000, start_time: start },
          data_selector: 'items',
          paginator: { type: 'cursor', cursor_path: 'cursor', cursor_body_path: 'cursor', cursor_body_only: true, has_more_path: 'has_more', resume: true },
          response_actions: [rejectedCredential('1Password Events API', ONEPASSWORD_SECTION, 'events_access_token')],
        },
      });
    }
  } else warnMissing(ONEPASSWORD_SECTION, 'events_access_token', 'audit_events, item_usages and sign_in_attempts (Events API)');
  return { client: { base_url: connect }, resource_defaults: { write_disposition: 'merge' }, resources };
}

/** `onePasswordSource({ access_token?, base_url?, events_access_token?, events_base_url? })`. */
export const onePasswordSource = defineSource(
  {
    name: ONEPASSWORD_SECTION,
    section: ONEPASSWORD_SECTION,
    config: {
      access_token: secrets.optional(),
      base_url: config.value(CONNECT_BASE_URL),
      events_access_token: secrets.optional(),
      events_base_url: config.value(EVENTS_BASE_URL),
    },
  },
  (v): Source => restApiSource(onePasswordConfig(v), { name: '_1password' }),
);

/** Like {@link onePasswordSource} with REST runtime options (tests, demos). */
export function onePasswordSourceWith(values: Partial<Record<keyof OnePasswordValues, string>>, runtime: RestApiSourceOptions['runtime'], now?: number): Source {
  return restApiSource(onePasswordConfig(onePasswordSource.resolveConfig(values), now), { name: '_1password', runtime });
}
