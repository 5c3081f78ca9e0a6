/**
 * Feeding a child resource fewer parent items: when a parent record already says a child call would
 * answer with nothing (a user with no credentials), the call is not made. The parent's own table still
 * gets every record.
 */
import { Resource, type Page } from '../../extract/resource.js';

/**
 * A copy of transformer `child` whose body gets, of each parent page, only what `keep(page)` returns.
 * `keep` sees the whole page, so it can decide from the page as a whole whether an item is safe to skip.
 */
export function feedOnly(child: Resource, keep: (page: Page) => Page): Resource {
  const transform = child.transform;
  if (!child.parent || !transform) throw new TypeError(`feedOnly(): resource ${child.name} is not a transformer`);
  return new Resource(child.hints, child.data, child.incremental, child.parent, (page, ctx) => transform(keep(page), ctx), child.prefetch);
}
