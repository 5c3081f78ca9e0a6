/**
 * The resource model. A resource is an async iterable of pages (arrays of records) plus hints in dlt's
 * keys. Users build one with `resource(data, hints)`, where data is an array, a (sync or async) iterable
 * or generator, or a function of the extract context returning one. Whatever it yields — single records
 * or arrays — reaches the pipeline as pages.
 */
import type { ColumnHint, SchemaContract, WriteDisposition } from '../schema/types.js';
import type { IncrementalSpec } from './incremental-spec.js';
import { validateIncrementalSpec } from './incremental-validate.js';

export type DataItem = Record<string, unknown>;
/** A batch of items. Resources yield pages; batching never stops downstream. */
export type Page = unknown[];

/** Resource hints, in dlt's keys (DESIGN.md "Config keys: dlt's, on purpose"). */
export interface ResourceHints {
  /** Resource name; also the table name unless `table_name` is set. Required. */
  name: string;
  /** Destination table name; a function picks a table per item (dynamic dispatch). Default: `name`. */
  table_name?: string | ((item: DataItem) => string);
  /** Default `append`. */
  write_disposition?: WriteDisposition;
  primary_key?: string | string[];
  merge_key?: string | string[];
  /** Column hints keyed by column name; they override inference. */
  columns?: Record<string, ColumnHint>;
  /**
   * Hints for child tables, keyed by their path below the root table: `{ purchases: { columns: {...} } }`
   * for `users__purchases`, `'purchases__items'` for the table under it (dlt's `nested_hints`).
   */
  nested_hints?: Record<string, NestedHints>;
  schema_contract?: SchemaContract;
  /** How many levels of child tables to create; deeper nesting lands as json. Default: unlimited (1000). */
  max_table_nesting?: number;
  /** `false` keeps the resource out of the load (it can still feed children). Default true. */
  selected?: boolean;
  /** Run this resource's requests concurrently with others / its children in parallel. */
  parallelized?: boolean;
}

/** Hints for one child table (the part of dlt's `TResourceNestedHints` sluice applies: column hints). */
export interface NestedHints {
  columns?: Record<string, ColumnHint>;
}

/** What a resource body sees while it runs. */
export interface ExtractContext {
  /** The resource's own state dict (persisted with the data): `state.sources.<source>.resources.<resource>`. */
  readonly resourceState: Record<string, unknown>;
  /** The source's state dict: `state.sources.<source>`. */
  readonly sourceState: Record<string, unknown>;
  /** The bound incremental, when the resource declares one. */
  readonly incremental?: BoundIncremental;
  /** Aborted when the run fails or stops early (e.g. row_order says no more pages can match). */
  readonly signal: AbortSignal;
  /** The pipeline running the resource, when there is one: config lookups try `[<pipelineName>.<section>]` first. */
  readonly pipelineName?: string;
}

/** An incremental bound to its state slot for one run (implemented in extract/incremental.ts). */
export interface BoundIncremental {
  readonly cursorPath: string;
  /** last_value from state (lag applied) or initial_value. */
  readonly startValue: unknown;
  readonly initialValue: unknown;
  readonly endValue: unknown;
  /** Running last value. */
  readonly lastValue: unknown;
  /** Filters a page: drops rows outside the range and boundary duplicates; tracks the new last value. */
  filter(page: Page): Page;
  /** True once `row_order` shows no later page can match; the extractor then stops pulling pages of a root resource. */
  readonly exhausted: boolean;
  /** Writes last_value / boundary hashes into the state slot. Called after each page is accepted. */
  commit(): void;
}

export type ResourceData =
  | Iterable<unknown>
  | AsyncIterable<unknown>
  | ((ctx: ExtractContext) => Iterable<unknown> | AsyncIterable<unknown> | Promise<Iterable<unknown> | AsyncIterable<unknown>>);

/**
 * A transformer body: called once per page of the parent resource; yields this resource's pages (or items).
 * The REST source builds its dependent (child) resources this way.
 */
export type TransformerFn = (parentPage: Page, ctx: ExtractContext) => Iterable<unknown> | AsyncIterable<unknown>;

/** A named stream of pages with hints. Construct with `resource()` or `transformer()`. */
export class Resource {
  constructor(
    readonly hints: ResourceHints,
    /** Root resources: the data. Transformers: unused (see `transform`). */
    readonly data: ResourceData,
    /** Declared incremental (REST `endpoint.incremental`, or `resource(data, { incremental })`). */
    readonly incremental?: IncrementalSpec,
    /** Set on transformers: the resource whose pages feed this one. */
    readonly parent?: Resource,
    /** Set on transformers: the body run for each parent page. */
    readonly transform?: TransformerFn,
    /** Fetch the next page while the current one is processed (see {@link ResourceOptions.prefetch}). */
    readonly prefetch = false,
  ) {
    if (incremental !== undefined) validateIncrementalSpec(incremental, hints.name);
  }
  get name(): string {
    return this.hints.name;
  }
  get selected(): boolean {
    return this.hints.selected !== false;
  }
  /** A copy with some hints changed (used by `run(data, { write_disposition, ... })`). */
  withHints(h: Partial<ResourceHints>): Resource {
    return new Resource({ ...this.hints, ...h }, this.data, this.incremental, this.parent, this.transform, this.prefetch);
  }
  /** A copy fed by another parent instance (used when a source re-wires copies of its resources). */
  withParent(parent: Resource): Resource {
    return new Resource(this.hints, this.data, this.incremental, parent, this.transform, this.prefetch);
  }
}

/** Options of `resource()`: the hints plus an optional incremental spec. */
export type ResourceOptions = ResourceHints & {
  incremental?: IncrementalSpec;
  /**
   * Ask the data for its next page while the current one is normalized, so an API produces it in the
   * meantime. Only for data that yields a fresh array per page and does not touch it after yielding
   * (a generator that clears and reuses one array must not set it). Not applied with an incremental
   * `row_order`, which may stop after any page. Default false; REST API resources set it.
   */
  prefetch?: boolean;
};

/**
 * Declares a resource.
 * @example resource(async function* () { yield [{ id: 1 }] }, { name: 'users', primary_key: 'id', write_disposition: 'merge' })
 */
export function resource(data: ResourceData, options: ResourceOptions): Resource {
  const { incremental, prefetch, ...hints } = options;
  if (!hints.name || typeof hints.name !== 'string') throw new TypeError('resource(): hints.name is required');
  return new Resource(hints, data, incremental, undefined, undefined, prefetch === true);
}

/**
 * Declares a transformer: a resource fed by the pages of `parent`. The parent is extracted once and its
 * pages go both to its own table (when selected) and to every transformer.
 * With `parallelized: true`, calls for different parent pages run concurrently (pages stay in order).
 */
export function transformer(parent: Resource, fn: TransformerFn, options: ResourceOptions): Resource {
  const { incremental, prefetch: _ignored, ...hints } = options;
  if (!hints.name || typeof hints.name !== 'string') throw new TypeError('transformer(): hints.name is required');
  return new Resource(hints, [], incremental, parent, fn);
}
