/**
 * The shared engine of `offset` and `page_number` (dlt's `RangePaginator`). Per response, in order:
 * 1. an empty page with `stop_after_empty_page` stops;
 * 2. `total` is read at `total_path` or from the `total_header` response header (when set). With
 *    `itemsPerValue` the total counts items and is turned into a number of pages. A missing or null
 *    total does NOT fail (unlike dlt, issues #1401/#4429): the last total seen on an earlier page is
 *    used, else the other rules decide;
 *    only when no other rule could ever stop (no empty-page stop, no maximum, no has_more) is it an error;
 * 3. the value advances by its step; `value >= total + base` or `value >= maximum` stops;
 * 4. `has_more_path` is read last and overrides the result.
 */
import { assertJsonPath } from '../../../../common/json-path-syntax.js';
import { ConfigError, SluiceError } from '../../../../common/errors.js';
import { log } from '../../../../common/log.js';
import type { Page } from '../../../../extract/resource.js';
import { findValues } from '../json-path.js';
import type { RestRequest, RestResponse } from '../types.js';
import { BasePaginator, readHasMore, requestOf, toInt, writeTarget, type ValueTarget } from './base.js';

/** Settings of a range paginator, already resolved from dlt keys by the concrete class. */
export interface RangeSettings {
  /** Where the moving value (offset or page) goes. */
  target: ValueTarget;
  initialValue: number;
  step: number;
  /** 0 for offsets, `base_page` for page numbers (total counts pages then). */
  baseIndex: number;
  /** `null` = do not read a total. */
  totalPath: string | null;
  /**
   * Response header holding the total instead of the body: an integer (`X-Total-Count: 120`) or a
   * Content-Range (`1-50/120`, `*\/120`). Set only when `totalPath` is null.
   */
  totalHeader?: string;
  /** The total counts items, this many per value step (page_number `page_size`): pages = ceil(total / n). */
  itemsPerValue?: number;
  /** True when `total_path` was not given (so a missing total is expected, not a misconfiguration). */
  totalPathDefaulted: boolean;
  maximum?: number;
  stopAfterEmptyPage: boolean;
  hasMorePath?: string;
  /** Names for messages: `offset`/`total`, `page`/`total pages`. */
  valueName: string;
}

export abstract class RangePaginator extends BasePaginator {
  protected current: number;
  #lastTotal: number | undefined;
  #warned = false;

  constructor(protected readonly range: RangeSettings) {
    super();
    this.current = range.initialValue;
    if (range.totalPath) assertJsonPath(range.totalPath, `paginator: ${range.valueName} total path`);
    if (range.hasMorePath) assertJsonPath(range.hasMorePath, 'paginator: has_more_path');
    if (range.totalPath === null && range.totalHeader === undefined && range.maximum === undefined && !range.hasMorePath && !range.stopAfterEmptyPage) {
      throw new ConfigError(
        'paginator: nothing would ever stop this paginator; set total_path, has_more_path, a maximum or stop_after_empty_page: true',
      );
    }
  }

  /** Extra params written with the value (the offset paginator's limit). */
  protected writeExtra(_req: RestRequest): void {}

  override initRequest(req: RestRequest): void {
    this.current = this.range.initialValue;
    this.next = true;
    writeTarget(req, this.range.target, this.current);
    this.writeExtra(req);
  }

  override updateState(res: RestResponse, page: Page): void {
    const r = this.range;
    if (r.stopAfterEmptyPage && page.length === 0) {
      this.next = false;
      return;
    }
    const total = r.totalPath !== null ? this.#readTotal(res, r.totalPath) : r.totalHeader !== undefined ? this.#readTotal(res, r.totalHeader) : undefined;
    this.current += r.step;
    this.next = true;
    if (total !== undefined && this.current >= total + r.baseIndex) this.next = false;
    if (r.maximum !== undefined && this.current >= r.maximum) this.next = false;
    if (r.hasMorePath) this.next = readHasMore(res, r.hasMorePath);
  }

  /** The total at `path` (a JSONPath, or the header name when reading `total_header`), in value units. */
  #readTotal(res: RestResponse, path: string): number | undefined {
    const fromHeader = this.range.totalPath === null;
    const where = fromHeader ? `header ${JSON.stringify(path)}` : JSON.stringify(path);
    const raw = fromHeader ? headerTotal(res.headers[path.toLowerCase()]) : findValues(res.json(), path)[0];
    if (raw !== undefined && raw !== null) {
      const n = toInt(raw);
      if (n === undefined) {
        throw new SluiceError(`paginator: ${this.range.valueName} total at ${where} is ${JSON.stringify(raw)}, not an integer`);
      }
      const per = this.range.itemsPerValue;
      this.#lastTotal = per === undefined ? n : Math.ceil(n / per);
      return this.#lastTotal;
    }
    if (this.#lastTotal !== undefined) return this.#lastTotal;
    const r = this.range;
    if (!r.stopAfterEmptyPage && r.maximum === undefined && !r.hasMorePath) {
      throw new SluiceError(
        `paginator: no total found at ${where} in the response of ${requestOf(res)}, ` +
          'and no other rule can stop pagination; set total_path to the right path, or set stop_after_empty_page, has_more_path or a maximum',
      );
    }
    if (!r.totalPathDefaulted && !this.#warned) {
      this.#warned = true;
      log.warn(`paginator: ${fromHeader ? 'total_header' : 'total_path'} ${JSON.stringify(path)} not found in the response; pagination stops on an empty page or has_more instead`);
    }
    return undefined;
  }

  override updateRequest(req: RestRequest): void {
    writeTarget(req, this.range.target, this.current);
    this.writeExtra(req);
  }
}

/** The total in a header value: the part after `/` of a Content-Range (`1-50/120` → `120`), else the value. */
function headerTotal(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const slash = v.lastIndexOf('/');
  const total = (slash >= 0 ? v.slice(slash + 1) : v).trim();
  return total === '*' ? undefined : total;
}
