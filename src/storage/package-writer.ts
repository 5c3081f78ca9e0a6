/**
 * Writes one load package: buffers normalized rows per table (up to `bufferMaxItems`), flushes them to
 * CSV job files in a private temp folder, and on `commit()` writes the schema and package state and
 * renames the folder into `load/normalized/<load_id>` — so a package is either complete or absent
 * (DESIGN.md contract 1). `abort()` removes the temp folder.
 */
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Row, RowSink } from '../normalize/relational.js';
import type { Schema } from '../schema/schema.js';
import type { ColumnSchema } from '../schema/types.js';
import { csvHeader, encodeCsvRows } from './csv.js';
import type { WorkingDir } from './layout.js';

/** Rows buffered per table before a flush to disk (dlt `data_writer.buffer_max_items`). */
export const DEFAULT_BUFFER_MAX_ITEMS = 5000;

interface OpenFile {
  fd: number;
  path: string;
  columns: number;
}

/** What a package records about itself besides its jobs. */
export interface PackageState {
  load_id: string;
  schema_name: string;
  created_at: string;
  /** Rows per table. */
  row_counts: Record<string, number>;
  /** Root tables whose data is in this package, with their write disposition (for replace truncation). */
  tables: string[];
}

export class PackageWriter implements RowSink {
  readonly dir: string;
  readonly #buffers = new Map<string, Row[]>();
  readonly #files = new Map<string, OpenFile>();
  readonly #schema: () => Schema;

  constructor(
    readonly wd: WorkingDir,
    readonly loadId: string,
    schema: () => Schema,
    readonly bufferMaxItems = DEFAULT_BUFFER_MAX_ITEMS,
  ) {
    this.#schema = schema;
    this.dir = join(wd.tmpDir, `${loadId}.${randomBytes(4).toString('hex')}`);
    mkdirSync(join(this.dir, 'new_jobs'), { recursive: true });
  }

  addRow(table: string, row: Row): void {
    let buf = this.#buffers.get(table);
    if (!buf) this.#buffers.set(table, (buf = []));
    buf.push(row);
    if (buf.length >= this.bufferMaxItems) this.#flush(table, buf);
  }

  #flush(table: string, rows: Row[]): void {
    if (!rows.length) return;
    const columns: ColumnSchema[] = Object.values(this.#schema().tables[table]!.columns).filter((c) => c.data_type);
    let f = this.#files.get(table);
    if (f && f.columns !== columns.length) {
      closeSync(f.fd);
      f = undefined;
    }
    if (!f) {
      const path = join(this.dir, 'new_jobs', `${table}.${randomBytes(5).toString('hex')}.0.csv`);
      f = { fd: openSync(path, 'w'), path, columns: columns.length };
      writeSync(f.fd, csvHeader(columns));
      this.#files.set(table, f);
    }
    writeSync(f.fd, encodeCsvRows(rows, columns));
    rows.length = 0;
  }

  /** Flushes all buffers and closes files. */
  flushAll(): void {
    for (const [t, rows] of this.#buffers) this.#flush(t, rows);
    for (const f of this.#files.values()) closeSync(f.fd);
    this.#files.clear();
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
    for (const f of this.#files.values()) {
      try {
        closeSync(f.fd);
      } catch {
        /* already closed */
      }
    }
    this.#files.clear();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
