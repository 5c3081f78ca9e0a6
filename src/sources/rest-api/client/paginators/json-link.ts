/**
 * `json_link`: follows a next-page URL found in the JSON body (dlt `JSONLinkPaginator`; `json_response`
 * is a deprecated alias). Stops when the value is missing, null or empty.
 */
import { assertJsonPath } from '../../../../common/json-path-syntax.js';
import type { Page } from '../../../../extract/resource.js';
import { findValue } from '../json-path.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';
import { BasePaginator, describeWith } from './base.js';
import { goToUrl, resolveNextUrl } from './next-url.js';

/** dlt keys of the `json_link` paginator. */
export interface JsonLinkPaginatorOptions {
  /** JSONPath of the next URL (absolute or relative). Default `next`. */
  next_url_path?: string;
}

export class JsonLinkPaginator extends BasePaginator {
  readonly #path: string;
  #nextUrl: string | undefined;

  constructor(readonly options: JsonLinkPaginatorOptions = {}) {
    super();
    this.#path = options.next_url_path ?? 'next';
    assertJsonPath(this.#path, 'paginator: json_link.next_url_path');
  }

  updateState(res: RestResponse, _page: Page): void {
    const v = findValue(res.json(), this.#path);
    this.#nextUrl = v === undefined || v === null || v === '' ? undefined : resolveNextUrl(res, String(v));
    this.next = this.#nextUrl !== undefined;
  }

  override updateRequest(req: RestRequest): void {
    if (this.#nextUrl) goToUrl(req, this.#nextUrl);
  }

  clone(): Paginator {
    return new JsonLinkPaginator(this.options);
  }

  describe(): string {
    return describeWith('JSONLinkPaginator', { next_url_path: this.#path });
  }
}
