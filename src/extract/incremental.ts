/**
 * Incremental cursors (reference/dlt-model.md §5). `bindIncremental` ties an `IncrementalSpec` to the
 * resource's state slot for one run and returns the filter the extractor applies to every page:
 *
 * - state lives at `resourceState.incremental[<cursor_path>] = { initial_value, last_value, unique_hashes }`;
 * - the start is closed (`range_start: 'closed'`): rows equal to the stored last value are kept unless their
 *   hash (primary key values, or the whole row without a key) is among the stored boundary hashes;
 * - boundary hashes are capped (`MAX_BOUNDARY_HASHES`, newest kept, one warning) so state cannot bloat
 *   (dlt issue #4030);
 * - `end_value` makes the run stateless (a backfill window), exclusive by default (`range_end: 'open'`);
 * - `lag` re-reads behind the last value (seconds for timestamps, days for dates, units for numbers) and
 *   never crosses `initial_value`;
 * - `row_order` marks the incremental `exhausted` once no later page can match.
 *
 * `bindResumableCursor` is the other mode: an opaque feed cursor (1Password Events and similar) saved in
 * resource state so the next run continues where the last one stopped.
 */
import { ConfigError, SluiceError } from '../common/errors.js';
import { log } from '../common/log.js';
import type { IncrementalSpec } from './incremental-spec.js';
import { compareCursor, CursorKindMismatch, describeCursor, digest128, findValues, shiftCursor, stableJson } from './incremental-values.js';
import type { BoundIncremental, Page } from './resource.js';

/** Default cap on boundary dedup hashes kept in state per cursor. */
export const MAX_BOUNDARY_HASHES = 1000;

/** The persisted shape of one incremental cursor. */
export interface IncrementalState {
  initial_value: unknown;
  last_value: unknown;
  unique_hashes: string[];
}

/** Options of `bindIncremental`. */
export interface BindIncrementalOptions {
  resourceName: string;
  /** The resource's primary key; the dedup key unless the spec sets `primary_key`. */
  primaryKey?: string[];
  /** Cap on stored boundary hashes. Default `MAX_BOUNDARY_HASHES` (1,000). */
  maxBoundaryHashes?: number;
}

/** Raised when a row lacks the cursor and `on_cursor_value_missing` is `raise`. */
export class IncrementalCursorPathError extends SluiceError {}

/**
 * Raised when a row's cursor value has no order against the bound it is checked with (dlt's
 * IncrementalCursorInvalidCoercion): the field changed type, or initial_value / end_value was given in
 * another type than the field has.
 */
export class IncrementalCursorInvalidCoercion extends SluiceError {}

/** Raised when a row whose hash is needed for boundary dedup lacks a dedup key field (dlt's IncrementalPrimaryKeyMissing). */
export class IncrementalPrimaryKeyMissing extends SluiceError {}

type Pick = (a: unknown, b: unknown) => unknown;

const describe = (v: unknown) => (v === undefined || v === null ? 'none' : describeCursor(v));

/** The spec was checked when its resource was declared (`validateIncrementalSpec`). */
function pickFn(spec: IncrementalSpec): { pick: Pick; lagable: boolean } {
  const f = spec.last_value_func ?? 'max';
  if (typeof f === 'function') return { pick: (a, b) => f([a, b]), lagable: false };
  if (f === 'min') return { pick: (a, b) => (compareCursor(a, b) <= 0 ? a : b), lagable: true };
  return { pick: (a, b) => (compareCursor(a, b) >= 0 ? a : b), lagable: true };
}

/** The state slot for a cursor, created on first use. */
function stateSlot(resourceState: Record<string, unknown>, cursorPath: string, initial: unknown): IncrementalState {
  let all = resourceState.incremental as Record<string, IncrementalState> | undefined;
  if (!all || typeof all !== 'object') resourceState.incremental = all = {};
  let s = all[cursorPath];
  if (!s || typeof s !== 'object') all[cursorPath] = s = { initial_value: initial, last_value: initial, unique_hashes: [] };
  if (!Array.isArray(s.unique_hashes)) s.unique_hashes = [];
  return s;
}

/** Binds an incremental spec to a resource's state for one run. */
export function bindIncremental(
  spec: IncrementalSpec,
  resourceState: Record<string, unknown>,
  opts: BindIncrementalOptions,
): BoundIncremental {
  return new JsonIncremental(spec, resourceState, opts);
}

/** The bound incremental for JSON-like rows. Exported for its extra read-only fields (`spec`, `dedup`). */
export class JsonIncremental implements BoundIncremental {
  readonly cursorPath: string;
  readonly startValue: unknown;
  readonly initialValue: unknown;
  readonly endValue: unknown;
  /** True when rows at the start boundary are deduplicated by hash. */
  readonly dedup: boolean;
  #last: unknown;
  #exhausted = false;
  readonly #pick: Pick;
  readonly #state: IncrementalState;
  readonly #stateless: boolean;
  readonly #pk: string[] | undefined;
  readonly #startHashes: Set<string>;
  #boundary: Set<string>;
  readonly #cap: number;
  #capWarned = false;
  readonly #name: string;
  /** Lag in effect (max/min, stateful run); undefined when there is none. */
  readonly #lag: { lag: number; back: 1 | -1 } | undefined;

  constructor(
    readonly spec: IncrementalSpec,
    resourceState: Record<string, unknown>,
    opts: BindIncrementalOptions,
  ) {
    const name = (this.#name = opts.resourceName);
    this.cursorPath = spec.cursor_path;
    const { pick, lagable } = pickFn(spec);
    this.#pick = pick;
    this.initialValue = spec.initial_value;
    this.endValue = spec.end_value;
    // null is no end, as dlt's None (a YAML/JSON config may spell it out)
    this.#stateless = spec.end_value !== undefined && spec.end_value !== null;
    if (this.#stateless) {
      if (spec.initial_value === undefined || spec.initial_value === null) {
        throw new ConfigError(`resource ${name}: incremental.end_value requires initial_value (a backfill window needs both ends)`);
      }
      // dlt: last_value_func([end_value, initial_value]) must be end_value; an equal pair is an empty window
      let ordered: boolean;
      try {
        ordered = compareCursor(pick(spec.end_value, spec.initial_value), spec.end_value) === 0;
      } catch (e) {
        if (!(e instanceof CursorKindMismatch)) throw e;
        throw new ConfigError(`resource ${name}: incremental.end_value and initial_value must be of one type: ${e.message}`);
      }
      if (!ordered) {
        throw new ConfigError(
          `resource ${name}: incremental.end_value ${JSON.stringify(spec.end_value)} must not lie before initial_value ${JSON.stringify(spec.initial_value)} for last_value_func ${typeof spec.last_value_func === 'function' ? 'custom' : (spec.last_value_func ?? 'max')}`,
        );
      }
    }
    // A stateless (backfill) run works on a throwaway slot; the real state is untouched.
    this.#state = this.#stateless
      ? { initial_value: spec.initial_value, last_value: spec.initial_value, unique_hashes: [] }
      : stateSlot(resourceState, this.cursorPath, spec.initial_value);
    const stored = this.#state.last_value;
    this.#last = stored;

    const lag = spec.lag;
    this.#lag = lag && !this.#stateless && lagable ? { lag, back: spec.last_value_func === 'min' ? 1 : -1 } : undefined;
    if (lag && !this.#stateless && !lagable) log.warn(`resource ${name}: incremental.lag is ignored with a custom last_value_func`);
    this.startValue = this.#lagged(stored);

    const pk = spec.primary_key !== undefined ? (Array.isArray(spec.primary_key) ? spec.primary_key : [spec.primary_key]) : opts.primaryKey;
    this.#pk = pk;
    this.dedup = spec.range_start !== 'open' && !this.#stateless && !(lag && lagable) && !(pk && pk.length === 0);
    this.#startHashes = new Set(this.dedup ? this.#state.unique_hashes : []);
    this.#boundary = new Set(this.#startHashes);
    this.#cap = Math.max(1, opts.maxBoundaryHashes ?? MAX_BOUNDARY_HASHES);
  }

  /** The running last value with lag applied, as dlt's `Incremental.last_value` (what a request is built from). */
  get lastValue(): unknown {
    return this.#lagged(this.#last);
  }

  /** `v` moved back by the lag, never crossing initial_value; `v` itself without a lag. */
  #lagged(v: unknown): unknown {
    if (!this.#lag || v === undefined || v === null) return v;
    const moved = shiftCursor(v, this.#lag.lag, this.#lag.back);
    const initial = this.initialValue;
    try {
      return initial !== undefined && initial !== null && this.#pick(moved, initial) !== moved ? initial : moved;
    } catch (e) {
      if (!(e instanceof CursorKindMismatch)) throw e;
      throw new IncrementalCursorInvalidCoercion(`resource ${this.#name}: cursor_path '${this.cursorPath}': the last value and initial_value differ in type: ${e.message}`);
    }
  }
  get exhausted(): boolean {
    return this.#exhausted;
  }

  #hash(row: unknown): string {
    const pk = this.#pk;
    if (!pk) return digest128(stableJson(row));
    const r = (row !== null && typeof row === 'object' ? row : {}) as Record<string, unknown>;
    // A missing key would hash as null for every row, so new rows at the boundary would be dropped as seen.
    const missing = pk.find((k) => !(k in r));
    if (missing !== undefined) {
      const keys = Object.keys(r).slice(0, 20).join(', ') || '(none)';
      throw new IncrementalPrimaryKeyMissing(
        `resource ${this.#name}: primary key '${missing}' (the incremental dedup key) not found in an item at cursor value ${JSON.stringify(findValues(row, this.cursorPath)[0])} (available keys: ${keys}); name the item's own field (before normalization) in primary_key or incremental.primary_key, or set incremental.primary_key to [] to turn boundary dedup off`,
      );
    }
    return digest128(stableJson(pk.length === 1 ? r[pk[0]!] : pk.map((k) => r[k])));
  }

  #missing(row: unknown): 'include' | 'exclude' {
    const mode = this.spec.on_cursor_value_missing ?? 'raise';
    if (mode === 'raise') {
      const keys = row && typeof row === 'object' ? Object.keys(row).slice(0, 20).join(', ') : typeof row;
      throw new IncrementalCursorPathError(
        `resource ${this.#name}: cursor_path '${this.cursorPath}' has no value in an item (available keys: ${keys}); set incremental.on_cursor_value_missing to 'include' or 'exclude' to accept such rows`,
      );
    }
    return mode;
  }

  /** A cursor is a number, string, boolean or Date; an object or list would be compared as JSON text and stored whole. */
  #notAValue(value: object): never {
    const list = Array.isArray(value);
    const plain = !/[[\]()?*@]/.test(this.cursorPath); // a field name or dotted path: suggest the fields below
    const inside = list || !plain ? '' : Object.keys(value).slice(0, 5).map((k) => `${this.cursorPath}.${k}`).join(', ');
    throw new IncrementalCursorPathError(
      `resource ${this.#name}: cursor_path '${this.cursorPath}' points at ${list ? 'a list' : 'an object'} in an item, not at a cursor value; point it at a field inside it${inside ? ` (${inside})` : ''}`,
    );
  }

  /** True when `a` lies strictly beyond `b` in the direction of last_value_func. */
  #beyond(a: unknown, b: unknown): boolean {
    return compareCursor(a, b) !== 0 && compareCursor(this.#pick(a, b), a) === 0;
  }

  /** The cursor value of the row being filtered, for the message of a failed compare. */
  #rowValue: unknown;

  filter(page: Page): Page {
    try {
      return this.#filter(page);
    } catch (e) {
      if (!(e instanceof CursorKindMismatch)) throw e;
      throw new IncrementalCursorInvalidCoercion(
        `resource ${this.#name}: cursor_path '${this.cursorPath}': an item's value ${describe(this.#rowValue)} has no order against ${describe(e.a === this.#rowValue ? e.b : e.a)}; the bounds in play are initial_value ${describe(this.initialValue)}, end_value ${describe(this.endValue)}, last_value ${describe(this.#last)}. A cursor field must keep one type — give initial_value / end_value in the field's type (a number for a number field, an ISO string or Date for a timestamp field)`,
        { cause: e },
      );
    }
  }

  #filter(page: Page): Page {
    const out: unknown[] = [];
    const start = this.startValue;
    const end = this.endValue;
    const hasStart = start !== undefined && start !== null;
    const closedEnd = this.spec.range_end === 'closed';
    for (const row of page) {
      const found = findValues(row, this.cursorPath);
      const value = (this.#rowValue = found[0]);
      if (found.length === 0 || value === undefined || value === null) {
        if (this.#missing(row) === 'include') out.push(row);
        continue;
      }
      if (typeof value === 'object' && !(value instanceof Date)) this.#notAValue(value);
      if (end !== undefined && end !== null) {
        const eq = compareCursor(value, end) === 0;
        if (this.#beyond(value, end) || (eq && !closedEnd)) {
          if (this.spec.row_order === 'asc') this.#exhausted = true;
          continue;
        }
      }
      let h: string | undefined;
      if (hasStart) {
        if (this.#beyond(start, value)) {
          if (this.spec.row_order === 'desc') this.#exhausted = true;
          continue;
        }
        if (compareCursor(value, start) === 0) {
          if (this.spec.range_start === 'open') continue;
          if (this.dedup) {
            h = this.#hash(row);
            if (this.#startHashes.has(h)) continue;
          }
        }
      }
      out.push(row);
      this.#advance(value, row, h);
    }
    return out;
  }

  #advance(value: unknown, row: unknown, h: string | undefined): void {
    const last = this.#last;
    if (last === undefined || last === null || this.#beyond(value, last)) {
      this.#last = value;
      if (this.dedup) this.#boundary = new Set([h ?? this.#hash(row)]);
    } else if (this.dedup && compareCursor(value, last) === 0) {
      const hh = h ?? this.#hash(row);
      this.#boundary.delete(hh);
      this.#boundary.add(hh);
      if (this.#boundary.size > this.#cap) {
        const oldest = this.#boundary.values().next().value as string;
        this.#boundary.delete(oldest);
        if (!this.#capWarned) {
          this.#capWarned = true;
          log.warn(
            `resource ${this.#name}: more than ${this.#cap} rows share the cursor value ${JSON.stringify(value)} at '${this.cursorPath}'; keeping the newest ${this.#cap} dedup hashes in state. Rows at that boundary may load again on the next run — a primary_key with write_disposition 'merge' makes that harmless.`,
          );
        }
      }
    }
  }

  commit(): void {
    if (this.#stateless) return;
    const s = this.#state;
    if (this.#last !== undefined) s.last_value = this.#last;
    s.unique_hashes = this.dedup ? [...this.#boundary] : [];
  }
}

/** The persisted shape of a resumable (opaque) cursor: `resourceState.resume_cursor`. */
export interface ResumeCursorState {
  /** The last cursor the API handed out. */
  cursor: string;
  /** When it was saved (ISO). */
  saved_at: string;
}

/** An opaque feed cursor bound to a resource's state for one run. */
export interface ResumableCursor {
  /** The cursor saved by the previous run, if any; the first request of this run carries it. */
  readonly initial: string | undefined;
  /** The newest cursor seen so far (initial until the API hands out a new one). */
  readonly current: string | undefined;
  /** Records a cursor the API returned; empty/null values are ignored (the previous one stays valid). */
  update(cursor: unknown): void;
  /** Writes the current cursor into state; call after the page it came with was handed on. */
  commit(): void;
}

/**
 * Binds the resumable-cursor mode: the state slot `resourceState.resume_cursor = { cursor, saved_at }`
 * holds the last cursor of a feed API, so the next run continues from it instead of starting over.
 * The state is written only on `commit()`, i.e. together with the data of the page that carried it.
 */
export function bindResumableCursor(resourceState: Record<string, unknown>): ResumableCursor {
  const prev = resourceState.resume_cursor as ResumeCursorState | undefined;
  const initial = prev && typeof prev.cursor === 'string' && prev.cursor !== '' ? prev.cursor : undefined;
  let current = initial;
  return {
    initial,
    get current() {
      return current;
    },
    update(cursor: unknown) {
      if (cursor === undefined || cursor === null || cursor === '') return;
      current = String(cursor);
    },
    commit() {
      if (current !== undefined && current !== (resourceState.resume_cursor as ResumeCursorState | undefined)?.cursor) {
        resourceState.resume_cursor = { cursor: current, saved_at: new Date().toISOString() } satisfies ResumeCursorState;
      }
    },
  };
}
