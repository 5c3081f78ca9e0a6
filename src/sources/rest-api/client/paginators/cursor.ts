/**
 * `cursor`: the next cursor comes from the JSON body and goes back as a query param or into the JSON
 * body (dlt `JSONResponseCursorPaginator`). Stops when the cursor is missing, null or falsy (`""`, `0`,
 * `false`), on an empty page with `stop_after_empty_page`, or when `has_more` is false (`has_more`
 * overrides the cursor rule; `has_more: true` without a cursor is an error rather than an endless loop).
 * Like dlt, `cursor_body_path` merges the cursor into the body the first request carried; with
 * `cursor_body_only` (a sluice extension) each follow-up body is replaced by one holding only the cursor,
 * for APIs whose continuation body is a different shape (1Password Events: `{limit, start_time}`, then
 * `{cursor}` only).
 */
import { assertJsonPath } from '../../../../common/json-path-syntax.js';
import { ConfigError, SluiceError } from '../../../../common/errors.js';
import type { Page } from '../../../../extract/resource.js';
import { findValue } from '../json-path.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';
import { BasePaginator, describeWith, readHasMore, requestOf, resolveTarget, writeTarget, type ValueTarget } from './base.js';

/** dlt keys of the `cursor` paginator. */
export interface CursorPaginatorOptions {
  /** JSONPath of the next cursor in the response. Default `cursors.next`. */
  cursor_path?: string;
  /** Query param the cursor is sent in. Default `cursor` (unless `cursor_body_path` is set). */
  cursor_param?: string;
  /** Dot path in the JSON body the cursor is written to (POST pagination). */
  cursor_body_path?: string;
  /**
   * Follow-up bodies carry only the cursor (at `cursor_body_path`) instead of the first body with the
   * cursor merged in (dlt's behaviour). Needs `cursor_body_path`. Default false (sluice extension).
   */
  cursor_body_only?: boolean;
  /** Stop at the first empty page. Default false. */
  stop_after_empty_page?: boolean;
  /** JSONPath of a boolean "more pages" flag; overrides the cursor rule. Default none. */
  has_more_path?: string;
}

export class CursorPaginator extends BasePaginator {
  readonly #path: string;
  readonly #target: ValueTarget;
  #cursor: string | number | boolean | undefined;

  constructor(readonly options: CursorPaginatorOptions = {}) {
    super();
    this.#path = options.cursor_path ?? 'cursors.next';
    if (!this.#path) throw new ConfigError('paginator: cursor.cursor_path must not be empty');
    assertJsonPath(this.#path, 'paginator: cursor.cursor_path');
    if (options.has_more_path) assertJsonPath(options.has_more_path, 'paginator: cursor.has_more_path');
    this.#target = resolveTarget('cursor', options.cursor_param, options.cursor_body_path, 'cursor');
    if (options.cursor_body_only && options.cursor_body_path === undefined) {
      throw new ConfigError('paginator: cursor.cursor_body_only needs cursor_body_path (the body the cursor goes into)');
    }
  }

  override initRequest(_req: RestRequest): void {
    this.next = true;
    this.#cursor = undefined;
  }

  updateState(res: RestResponse, page: Page): void {
    if (this.options.stop_after_empty_page && page.length === 0) {
      this.next = false;
      return;
    }
    const v = findValue(res.json(), this.#path);
    this.#cursor = v ? (typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean)) : undefined;
    this.next = this.#cursor !== undefined;
    if (this.options.has_more_path) {
      this.next = readHasMore(res, this.options.has_more_path);
      if (this.next && this.#cursor === undefined) {
        throw new SluiceError(
          `paginator: has_more is true but no cursor was found at ${JSON.stringify(this.#path)} in the response of ${requestOf(res)}`,
        );
      }
    }
  }

  override updateRequest(req: RestRequest): void {
    if (this.#cursor === undefined) return;
    if (this.options.cursor_body_only) req.json = undefined;
    writeTarget(req, this.#target, this.#cursor);
  }

  clone(): Paginator {
    return new CursorPaginator(this.options);
  }

  describe(): string {
    return describeWith('JSONResponseCursorPaginator', {
      cursor_path: this.#path,
      cursor_param: this.#target.param,
      cursor_body_path: this.#target.bodyPath,
      cursor_body_only: this.options.cursor_body_only,
      stop_after_empty_page: this.options.stop_after_empty_page,
      has_more_path: this.options.has_more_path,
    });
  }
}
