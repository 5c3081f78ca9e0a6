/**
 * Shared by the next-URL paginators (`header_link`, `json_link`): a relative next URL is resolved
 * against the URL just requested (with its query), and the next request's params are cleared so the
 * previous query string is not appended twice (dlt behaviour).
 */
import { buildUrl } from '../http-client.js';
import type { RestRequest, RestResponse } from '../types.js';

/** `next` resolved against the URL of `res`. */
export function resolveNextUrl(res: RestResponse, next: string): string {
  return new URL(next, res.url ?? buildUrl(res.request)).toString();
}

/** Points `req` at `url` and clears its params. */
export function goToUrl(req: RestRequest, url: string): void {
  req.url = url;
  req.params = {};
}
