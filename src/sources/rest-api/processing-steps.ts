/**
 * `processing_steps` (dlt §1.2): a list of `{ filter | map | yield_map }` functions applied to every
 * record of a page, in list order; within one dict, filter → map → yield_map.
 */
import type { DataItem, Page } from '../../extract/resource.js';
import type { ProcessingStep } from './config-schema.js';

/** Applies the steps to a page; returns a new page (the input is not changed). */
export function applyProcessingSteps(page: Page, steps: readonly ProcessingStep[]): Page {
  if (!steps.length) return page;
  let items = page;
  for (const step of steps) {
    if (step.filter) items = items.filter((x) => step.filter!(x as DataItem));
    if (step.map) items = items.map((x) => step.map!(x as DataItem));
    if (step.yield_map) {
      const out: unknown[] = [];
      for (const x of items) for (const y of step.yield_map(x as DataItem)) out.push(y);
      items = out;
    }
  }
  return items;
}
