/**
 * `header_cursor`: the next cursor comes from a response header and goes back as a query param (dlt
 * `HeaderCursorPaginator`). Stops when the header is absent or empty.
 */
import type { Page } from '../../../../extract/resource.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';
import { BasePaginator, describeWith } from './base.js';

/** dlt keys of the `header_cursor` paginator. */
export interface HeaderCursorPaginatorOptions {
  /** Response header holding the next cursor (case-insensitive). Default `next`. */
  cursor_key?: string;
  /** Query param the cursor is sent in. Default `cursor`. */
  cursor_param?: string;
}

export class HeaderCursorPaginator extends BasePaginator {
  readonly #key: string;
  readonly #param: string;
  #cursor: string | undefined;

  constructor(readonly options: HeaderCursorPaginatorOptions = {}) {
    super();
    this.#key = (options.cursor_key ?? 'next').toLowerCase();
    this.#param = options.cursor_param ?? 'cursor';
  }

  updateState(res: RestResponse, _page: Page): void {
    const v = res.headers[this.#key];
    this.#cursor = v ? v : undefined;
    this.next = this.#cursor !== undefined;
  }

  override updateRequest(req: RestRequest): void {
    if (this.#cursor !== undefined) req.params[this.#param] = this.#cursor;
  }

  clone(): Paginator {
    return new HeaderCursorPaginator(this.options);
  }

  describe(): string {
    return describeWith('HeaderCursorPaginator', { cursor_key: this.options.cursor_key ?? 'next', cursor_param: this.#param });
  }
}
