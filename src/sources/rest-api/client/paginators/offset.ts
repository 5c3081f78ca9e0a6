/**
 * `offset`: `?offset=0&limit=100`, then 100, 200, … (dlt `OffsetPaginator`). Stops on an empty page,
 * when `offset + limit >= total`, when `offset >= maximum_offset`, or when `has_more` is false (which
 * overrides the rest). The total comes from `total_path` in the body or, with `total_header`, from a
 * response header. A missing total is not an error (see `range.ts`).
 */
import { ConfigError } from '../../../../common/errors.js';
import type { Paginator, RestRequest } from '../types.js';
import { describeWith, requireNumber, resolveTarget, writeTarget, type ValueTarget } from './base.js';
import { RangePaginator } from './range.js';

/** dlt keys of the `offset` paginator. */
export interface OffsetPaginatorOptions {
  /** Page size, sent as `limit_param`. Required. */
  limit: number;
  /** First offset. Default 0. */
  offset?: number;
  /** Query param for the offset. Default `offset` (unless `offset_body_path` is set). */
  offset_param?: string;
  /** Dot path in the JSON body for the offset (POST pagination). */
  offset_body_path?: string;
  /** Query param for the limit. Default `limit` (unless `limit_body_path` is set). */
  limit_param?: string;
  /** Dot path in the JSON body for the limit. */
  limit_body_path?: string;
  /** JSONPath of the total record count. Default `total`; `null` disables. Missing in a response → other rules decide. */
  total_path?: string | null;
  /**
   * Response header with the total record count, for APIs that send it there instead of in the body: an
   * integer (`X-Total-Count: 120`) or a Content-Range (`1-50/120`). Replaces `total_path` (which then
   * defaults to null). Default none (sluice extension).
   */
  total_header?: string;
  /** Stop once the offset reaches this value. Default none. */
  maximum_offset?: number;
  /** Stop at the first empty page. Default true. */
  stop_after_empty_page?: boolean;
  /** JSONPath of a boolean "more pages" flag; overrides the other rules. Default none. */
  has_more_path?: string;
}

export class OffsetPaginator extends RangePaginator {
  readonly #limitTarget: ValueTarget;
  readonly #limit: number;

  constructor(readonly options: OffsetPaginatorOptions) {
    const limit = requireNumber('offset.limit', options.limit, 1);
    super({
      target: resolveTarget('offset', options.offset_param, options.offset_body_path, 'offset'),
      initialValue: requireNumber('offset.offset', options.offset ?? 0),
      step: limit,
      baseIndex: 0,
      totalPath: options.total_path !== undefined ? options.total_path : options.total_header !== undefined ? null : 'total',
      totalHeader: totalHeaderOf(options),
      totalPathDefaulted: options.total_path === undefined && options.total_header === undefined,
      maximum: options.maximum_offset === undefined ? undefined : requireNumber('offset.maximum_offset', options.maximum_offset),
      stopAfterEmptyPage: options.stop_after_empty_page ?? true,
      hasMorePath: options.has_more_path,
      valueName: 'offset',
    });
    this.#limit = limit;
    this.#limitTarget = resolveTarget('limit', options.limit_param, options.limit_body_path, 'limit');
  }

  protected override writeExtra(req: RestRequest): void {
    writeTarget(req, this.#limitTarget, this.#limit);
  }

  clone(): Paginator {
    return new OffsetPaginator(this.options);
  }

  describe(): string {
    const r = this.range;
    return describeWith('OffsetPaginator', {
      limit: this.#limit,
      offset: r.initialValue,
      offset_param: r.target.param,
      offset_body_path: r.target.bodyPath,
      limit_param: this.#limitTarget.param,
      limit_body_path: this.#limitTarget.bodyPath,
      total_path: r.totalPath,
      total_header: r.totalHeader,
      maximum_offset: r.maximum,
      stop_after_empty_page: r.stopAfterEmptyPage,
      has_more_path: r.hasMorePath,
    });
  }
}

/** `total_header`, checked against `total_path` (only one source of the total). */
function totalHeaderOf(o: OffsetPaginatorOptions): string | undefined {
  if (o.total_header !== undefined && o.total_path !== undefined && o.total_path !== null) {
    throw new ConfigError('paginator: set either offset.total_path or offset.total_header, not both');
  }
  return o.total_header;
}
