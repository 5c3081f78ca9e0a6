/**
 * Writes one load package: encodes each normalized row to a CSV line as it arrives (rows are not kept,
 * so they die young and memory stays bounded), buffers up to `bufferMaxItems` lines per table, flushes
 * them to job files in a private temp folder, and on `commit()` writes the schema and package state and
 * renames the folder into `load/normalized/<load_id>` — so a package is either complete or absent
 * (DESIGN.md contract 1). A table that gains a column starts a new job file with the new header, and
 * so does a file past `fileMaxBytes`. `abort()` removes the temp folder.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { RowSink } from '../normalize/relational.js';
import type { Schema } from '../schema/schema.js';
import type { ColumnSchema } from '../schema/types.js';
import { csvEncoders, csvHeader, encodeCsvRow, type Encoder } from './csv.js';
import type { WorkingDir } from './layout.js';

/** Rows buffered per table before a flush to disk (dlt `data_writer.buffer_max_items`). */
export const DEFAULT_BUFFER_MAX_ITEMS = 5000;

/** Bytes of encoded lines buffered per table before a write (besides the row limit). */
const BUFFER_BYTES = 256 * 1024;

/** One table's open job file and its pending lines, encoded as UTF-8 as they arrive. */
interface TableWriter {
  columns: readonly ColumnSchema[];
  encoders: Encoder[];
  /** Open job file, created at the first flush. */
  fd?: number;
  /** Bytes written to the open job file. */
  written: number;
  buf: Buffer;
  bytes: number;
  /** Lines not yet copied into `buf` (a short string: copying line by line costs a native call each). */
  pending: string;
  count: number;
}

/** Characters of lines gathered before they are copied into the table's buffer. */
const PENDING_CHARS = 16 * 1024;

/** What a package records about itself besides its jobs. */
export interface PackageState {
  load_id: string;
  schema_name: string;
  created_at: string;
  /** Rows per table. */
  row_counts: Record<string, number>;
  /** Root tables whose data is in this package, with their write disposition (for replace truncation). */
  tables: string[];
  /**
   * Tables whose rows the destination deletes before loading this package's data, in the same
   * transaction (`refresh: 'drop_data'`). Absent when none.
   */
  truncated_tables?: string[];
}

/** Options of a {@link PackageWriter}. */
export interface PackageWriterOptions {
  /** Rows buffered per table before a write. Default {@link DEFAULT_BUFFER_MAX_ITEMS}. */
  bufferMaxItems?: number;
  /**
   * Start a new job file once a table's file holds this many bytes (dlt `file_max_bytes`), checked each
   * time ~16K characters of rows are buffered, so a file can exceed it by that much. Default: no limit.
   */
  fileMaxBytes?: number;
}

export class PackageWriter implements RowSink {
  readonly dir: string;
  readonly #tables = new Map<string, TableWriter>();
  readonly bufferMaxItems: number;

  constructor(
    readonly wd: WorkingDir,
    readonly loadId: string,
    readonly options: PackageWriterOptions = {},
  ) {
    this.bufferMaxItems = options.bufferMaxItems ?? DEFAULT_BUFFER_MAX_ITEMS;
    this.dir = join(wd.tmpDir, `${loadId}.${randomBytes(4).toString('hex')}`);
    mkdirSync(join(this.dir, 'new_jobs'), { recursive: true });
  }

  addRow(table: string, values: readonly unknown[], columns: readonly ColumnSchema[]): void {
    let t = this.#tables.get(table);
    if (t === undefined || t.columns !== columns) t = this.#switchColumns(table, t, columns);
    t.pending += encodeCsvRow(values, t.encoders);
    if (t.pending.length >= PENDING_CHARS) this.#take(table, t);
    if (++t.count >= this.bufferMaxItems) this.#flush(table, t);
  }

  /** Copies the pending lines into the buffer, writing the buffer out first when they may not fit. */
  #take(table: string, t: TableWriter): void {
    const text = t.pending;
    t.pending = '';
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (t.bytes + text.length * 3 > t.buf.length) {
      this.#writeOut(table, t);
      if (text.length * 3 > t.buf.length) {
        this.#open(table, t);
        t.written += writeSync(t.fd!, text);
        if (this.#full(t)) this.#close(t);
        return;
      }
    }
    t.bytes += t.buf.write(text, t.bytes);
    if (this.#full(t, t.bytes)) this.#writeOut(table, t);
  }

  /** Whether the table's file, with `buffered` more bytes, reaches `fileMaxBytes`. */
  #full(t: TableWriter, buffered = 0): boolean {
    const max = this.options.fileMaxBytes;
    return max !== undefined && t.written + buffered >= max;
  }

  /** The table's column list changed: pending lines go to the current file, later rows to a new one. */
  #switchColumns(table: string, t: TableWriter | undefined, columns: readonly ColumnSchema[]): TableWriter {
    if (t) {
      this.#flush(table, t);
      this.#close(t);
    }
    const next: TableWriter = { columns, encoders: csvEncoders(columns), buf: t?.buf ?? Buffer.allocUnsafe(BUFFER_BYTES), bytes: 0, pending: '', count: 0, written: 0 };
    this.#tables.set(table, next);
    return next;
  }

  /** Writes everything pending for the table to its job file. */
  #flush(table: string, t: TableWriter): void {
    if (t.pending) this.#take(table, t);
    this.#writeOut(table, t);
    t.count = 0;
  }

  /** Writes the buffer to the job file (opened on first use); rotates the file past `fileMaxBytes`. */
  #writeOut(table: string, t: TableWriter): void {
    if (!t.bytes) return;
    this.#open(table, t);
    t.written += writeSync(t.fd!, t.buf, 0, t.bytes);
    t.bytes = 0;
    if (this.#full(t)) this.#close(t);
  }

  #open(table: string, t: TableWriter): void {
    if (t.fd !== undefined) return;
    t.fd = openSync(join(this.dir, 'new_jobs', `${table}.${randomBytes(5).toString('hex')}.0.csv`), 'w');
    t.written = writeSync(t.fd, csvHeader(t.columns));
  }

  /** Closes the table's job file (the next write opens a new one). */
  #close(t: TableWriter): void {
    if (t.fd === undefined) return;
    closeSync(t.fd);
    t.fd = undefined;
  }

  /** Flushes all buffers and closes files. */
  flushAll(): void {
    for (const [table, t] of this.#tables) {
      this.#flush(table, t);
      this.#close(t);
    }
    this.#tables.clear();
  }

  /** Writes schema + package state and atomically moves the package into `load/normalized`. Returns its path. */
  commit(schema: Schema, state: PackageState): string {
    this.flushAll();
    writeFileSync(join(this.dir, 'schema.json'), JSON.stringify(schema.toStored()));
    writeFileSync(join(this.dir, 'load_package_state.json'), JSON.stringify(state, null, 2));
    mkdirSync(this.wd.normalizedDir, { recursive: true });
    const target = join(this.wd.normalizedDir, this.loadId);
    renameSync(this.dir, target);
    return target;
  }

  /** Discards the unfinished package. */
  abort(): void {
    for (const t of this.#tables.values()) {
      try {
        if (t.fd !== undefined) closeSync(t.fd);
      } catch {
        /* already closed */
      }
    }
    this.#tables.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
