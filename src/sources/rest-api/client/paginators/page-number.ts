/**
 * `page_number`: `?page=1`, 2, 3, … (dlt `PageNumberPaginator`). Stops on an empty page, when
 * `page >= total + base_page` (total = number of pages), when `page >= maximum_page`, or when `has_more`
 * is false (which overrides the rest). With `total_items_path` + `page_size` the total counts records
 * instead of pages. A missing total is not an error (see `range.ts`).
 */
import { ConfigError } from '../../../../common/errors.js';
import type { Paginator } from '../types.js';
import { describeWith, requireNumber, resolveTarget } from './base.js';
import { RangePaginator } from './range.js';

/** dlt keys of the `page_number` paginator. */
export interface PageNumberPaginatorOptions {
  /** Number of the first page the API knows (0 or 1). Default 0. */
  base_page?: number;
  /** First page to request. Default `base_page`. */
  page?: number;
  /** Query param for the page. Default `page` (unless `page_body_path` is set). */
  page_param?: string;
  /** Dot path in the JSON body for the page (POST pagination). */
  page_body_path?: string;
  /** JSONPath of the total number of pages. Default `total`; `null` disables. Missing in a response → other rules decide. */
  total_path?: string | null;
  /**
   * JSONPath of the total number of **records** (not pages), with `page_size`: stops once
   * `page >= ceil(total / page_size) + base_page`. Replaces `total_path`. Default none (sluice extension).
   */
  total_items_path?: string;
  /** Records per full page (what the request's page-size param asks for); needed by `total_items_path`. */
  page_size?: number;
  /** Stop before requesting this page. Default none. */
  maximum_page?: number;
  /** Stop at the first empty page. Default true. */
  stop_after_empty_page?: boolean;
  /** JSONPath of a boolean "more pages" flag; overrides the other rules. Default none. */
  has_more_path?: string;
}

export class PageNumberPaginator extends RangePaginator {
  constructor(readonly options: PageNumberPaginatorOptions = {}) {
    const base = requireNumber('page_number.base_page', options.base_page ?? 0);
    super({
      target: resolveTarget('page', options.page_param, options.page_body_path, 'page'),
      initialValue: requireNumber('page_number.page', options.page ?? base),
      step: 1,
      baseIndex: base,
      totalPath: options.total_items_path ?? (options.total_path === undefined ? 'total' : options.total_path),
      itemsPerValue: itemsPerPage(options),
      totalPathDefaulted: options.total_path === undefined && options.total_items_path === undefined,
      maximum: options.maximum_page === undefined ? undefined : requireNumber('page_number.maximum_page', options.maximum_page),
      stopAfterEmptyPage: options.stop_after_empty_page ?? true,
      hasMorePath: options.has_more_path,
      valueName: 'page',
    });
  }

  clone(): Paginator {
    return new PageNumberPaginator(this.options);
  }

  describe(): string {
    const r = this.range;
    return describeWith('PageNumberPaginator', {
      base_page: r.baseIndex,
      page: r.initialValue,
      page_param: r.target.param,
      page_body_path: r.target.bodyPath,
      total_path: r.itemsPerValue === undefined ? r.totalPath : undefined,
      total_items_path: r.itemsPerValue === undefined ? undefined : r.totalPath,
      page_size: r.itemsPerValue,
      maximum_page: r.maximum,
      stop_after_empty_page: r.stopAfterEmptyPage,
      has_more_path: r.hasMorePath,
    });
  }
}

/** `page_size` when the total counts records (`total_items_path`); checks the two go together. */
function itemsPerPage(o: PageNumberPaginatorOptions): number | undefined {
  if (o.total_items_path === undefined) {
    if (o.page_size !== undefined) throw new ConfigError('paginator: page_number.page_size is only used with total_items_path');
    return undefined;
  }
  if (o.total_path !== undefined && o.total_path !== null) {
    throw new ConfigError('paginator: set either page_number.total_path (pages) or total_items_path (records), not both');
  }
  return requireNumber('page_number.page_size (needed by total_items_path)', o.page_size, 1);
}
