/**
 * Runs a source's resources and hands every page to a sink, resource by resource in order, different
 * root resources concurrently. Transformers (child resources) receive each page of their parent; a
 * parent with `selected: false` still feeds its children. Incremental resources get their pages
 * filtered and their cursor state updated here; an incremental `row_order` stops a root resource's pages
 * once out of range (never a transformer's, as in dlt).
 */
import { errorMessage, SluiceError } from '../common/errors.js';
import { log } from '../common/log.js';
import { bindIncremental } from './incremental.js';
import { openData, readAhead, toPages } from './pages.js';
import type { BoundIncremental, ExtractContext, Page, Resource } from './resource.js';
import type { Source } from './source.js';

/** Receives accepted pages. Called synchronously and in order per resource. */
export type PageSink = (resource: Resource, page: Page) => void;

export interface ExtractOptions {
  /** The pipeline state `sources` dict (mutated: resource/source state, incremental cursors). */
  sourcesState: Record<string, Record<string, unknown>>;
  sink: PageSink;
  signal?: AbortSignal;
  /** The running pipeline's name, handed to resources (pipeline-prefixed config such as `[<name>.runtime]`). */
  pipelineName?: string;
}

/** Error raised when a resource body throws; names the resource. */
export class ResourceExtractionError extends SluiceError {
  constructor(readonly resource: string, cause: unknown) {
    const msg = errorMessage(cause);
    // Errors from the normalizer (run() normalizes while extracting) already name the resource.
    super(msg.startsWith(`resource ${resource}: `) ? msg : `resource ${resource}: ${msg}`, { cause });
  }
}

function slot(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  let v = obj[key] as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') obj[key] = v = {};
  return v;
}

/** Extracts all selected resources of `source` (and every resource that feeds a selected one). */
export async function extractSource(source: Source, opts: ExtractOptions): Promise<void> {
  const sourceState = slot(opts.sourcesState, source.name);
  const resourcesState = slot(sourceState, 'resources');
  const controller = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;

  const children = new Map<Resource, Resource[]>();
  for (const r of source.resources) {
    if (r.parent) {
      const parent = source.resources.find((p) => p.name === r.parent!.name) ?? r.parent;
      children.set(parent, [...(children.get(parent) ?? []), r]);
    }
  }
  // A resource is needed if it is selected or feeds a needed child.
  const needed = (r: Resource): boolean => r.selected || (children.get(r) ?? []).some(needed);

  const contexts = new Map<Resource, ExtractContext>();
  const ctxFor = (r: Resource): ExtractContext => {
    let c = contexts.get(r);
    if (!c) {
      const resourceState = slot(resourcesState, r.name);
      let incremental: BoundIncremental | undefined;
      if (r.incremental) {
        const pk = r.incremental.primary_key ?? r.hints.primary_key;
        incremental = bindIncremental(r.incremental, resourceState, {
          resourceName: r.name,
          primaryKey: pk === undefined ? undefined : Array.isArray(pk) ? pk : [pk],
        });
        if (r.parent && r.incremental.row_order) {
          log.info(
            `resource ${r.name}: incremental.row_order is not used on a transformer (its pages come from many parent items, so one item leaving the range says nothing about the next); rows are still filtered`,
          );
        }
      }
      c = { resourceState, sourceState, incremental, signal, pipelineName: opts.pipelineName };
      contexts.set(r, c);
    }
    return c;
  };

  const accept = async (r: Resource, raw: Page): Promise<boolean> => {
    const ctx = ctxFor(r);
    const page = ctx.incremental ? ctx.incremental.filter(raw) : raw;
    if (page.length) {
      if (r.selected) opts.sink(r, page);
      for (const child of children.get(r) ?? []) if (needed(child)) await runTransformer(child, page);
    }
    ctx.incremental?.commit();
    // row_order stops root resources only, as dlt: a transformer's pages come from many parent items.
    return r.parent !== undefined || !ctx.incremental?.exhausted;
  };

  const runTransformer = async (r: Resource, parentPage: Page): Promise<void> => {
    const ctx = ctxFor(r);
    try {
      for await (const page of toPages(r.transform!(parentPage, ctx))) {
        if (!(await accept(r, page))) break;
      }
    } catch (e) {
      throw e instanceof ResourceExtractionError ? e : new ResourceExtractionError(r.name, e);
    }
  };

  const runRoot = async (r: Resource): Promise<void> => {
    const ctx = ctxFor(r);
    try {
      const pages = toPages(await openData(r.data, ctx));
      // Fetch one page ahead where the resource allows it, unless an ordered incremental may stop after this page.
      for await (const page of r.prefetch && !r.incremental?.row_order ? readAhead(pages) : pages) {
        if (signal.aborted) break;
        if (!(await accept(r, page))) break;
      }
    } catch (e) {
      throw e instanceof ResourceExtractionError ? e : new ResourceExtractionError(r.name, e);
    }
  };

  const roots = source.resources.filter((r) => !r.parent && needed(r));
  // The first failure is the cause; the siblings it aborts fail after it with "This operation was aborted".
  let first: { error: unknown } | undefined;
  await Promise.allSettled(
    roots.map((r) =>
      runRoot(r).catch((e) => {
        first ??= { error: e };
        controller.abort();
        throw e;
      }),
    ),
  );
  if (first) throw first.error;
}
