/**
 * `header_link`: follows the RFC 8288 `Link: <url>; rel="next"` response header (dlt
 * `HeaderLinkPaginator`, as GitHub uses). Stops when no link with `rel=<links_next_key>` is present.
 */
import type { Page } from '../../../../extract/resource.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';
import { BasePaginator, describeWith } from './base.js';
import { goToUrl, resolveNextUrl } from './next-url.js';

/** dlt keys of the `header_link` paginator. */
export interface HeaderLinkPaginatorOptions {
  /** The `rel` value of the next link. Default `next`. */
  links_next_key?: string;
}

/** Parses a `Link` header into `rel → url` (first link wins for each rel; `rel="next last"` gives both). */
export function parseLinkHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  const re = /<([^>]*)>((?:\s*;\s*[^;,=]+(?:=\s*(?:"[^"]*"|[^;,]*))?)*)/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(m[2] ?? '');
    const rels = (rel?.[1] ?? rel?.[2] ?? '').split(/\s+/).filter(Boolean);
    for (const r of rels) out[r.toLowerCase()] ??= m[1]!;
  }
  return out;
}

export class HeaderLinkPaginator extends BasePaginator {
  readonly #key: string;
  #nextUrl: string | undefined;

  constructor(readonly options: HeaderLinkPaginatorOptions = {}) {
    super();
    this.#key = (options.links_next_key ?? 'next').toLowerCase();
  }

  updateState(res: RestResponse, _page: Page): void {
    const next = parseLinkHeader(res.headers['link'])[this.#key];
    this.#nextUrl = next ? resolveNextUrl(res, next) : undefined;
    this.next = this.#nextUrl !== undefined;
  }

  override updateRequest(req: RestRequest): void {
    if (this.#nextUrl) goToUrl(req, this.#nextUrl);
  }

  clone(): Paginator {
    return new HeaderLinkPaginator(this.options);
  }

  describe(): string {
    return describeWith('HeaderLinkPaginator', { links_next_key: this.options.links_next_key ?? 'next' });
  }
}
