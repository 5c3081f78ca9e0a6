/**
 * The declarative part of an incremental cursor, in dlt's keys (reference/dlt-model.md §5). The REST
 * `endpoint.incremental` object and `resource(data, { incremental })` both take this shape.
 */
export interface IncrementalSpec {
  /** Field name or JSONPath of the cursor in each raw item. */
  cursor_path: string;
  initial_value?: unknown;
  /** Stateless backfill upper bound (exclusive by default). */
  end_value?: unknown;
  /** `max` (default), `min`, or a function over the candidate values. */
  last_value_func?: 'max' | 'min' | ((values: unknown[]) => unknown);
  /**
   * `asc`/`desc` lets extraction of a root resource stop early once rows leave the range (`asc`: past
   * `end_value`; `desc`: before the start value). Not used on transformers, whose pages come from many
   * parent items (dlt the same). Default: order unknown, every page is read.
   */
  row_order?: 'asc' | 'desc';
  /** Seconds (timestamps), days (dates) or units (numbers) to re-read behind the last value. */
  lag?: number;
  /** What to do with rows that lack the cursor. Default `raise`. */
  on_cursor_value_missing?: 'raise' | 'include' | 'exclude';
  /** Dedup key; default the resource primary key; `[]` disables dedup. */
  primary_key?: string | string[];
  range_start?: 'closed' | 'open';
  range_end?: 'open' | 'closed';
  /** REST only: request params that receive start/end values. */
  start_param?: string;
  end_param?: string;
  /** REST only: converts start/end values before they are placed in requests. */
  convert?: (value: unknown) => unknown;
}
