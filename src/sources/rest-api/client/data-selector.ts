/**
 * Extracting the page (the list of records) from a response body with a JSONPath data selector
 * (dlt §1.4): one match that is a list → that list; a single non-list match → `[match]`; several matches
 * → the list of matches; nothing (or `null`) → `[]` with a warning.
 */
import { log } from '../../../common/log.js';
import type { Page } from '../../../extract/resource.js';
import { findValues } from './json-path.js';

/** Selects the records of `body` at `selector` (e.g. `data`, `$.results`, `$` for the whole body). */
export function selectData(body: unknown, selector: string): Page {
  const found = findValues(body, selector);
  if (found.length === 1) {
    const v = found[0];
    if (Array.isArray(v)) return v;
    if (v !== null && v !== undefined) return [v];
  } else if (found.length > 1) {
    return found;
  }
  log.warn(`Data selector ${JSON.stringify(selector)} found no data in the response; the page is empty`);
  return [];
}
