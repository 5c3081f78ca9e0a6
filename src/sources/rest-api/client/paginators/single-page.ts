/** `single_page`: one request, no pagination (dlt `SinglePagePaginator`; also the detection fallback). */
import type { Page } from '../../../../extract/resource.js';
import type { Paginator, RestRequest, RestResponse } from '../types.js';
import { BasePaginator } from './base.js';

export class SinglePagePaginator extends BasePaginator {
  override initRequest(_req: RestRequest): void {
    this.next = true;
  }
  updateState(_res: RestResponse, _page: Page): void {
    this.next = false;
  }
  clone(): Paginator {
    return new SinglePagePaginator();
  }
  describe(): string {
    return 'SinglePagePaginator()';
  }
}
