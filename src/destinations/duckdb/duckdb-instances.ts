/**
 * Open DuckDB databases of this process, shared per file and reference-counted: the file is opened on
 * the first lease and closed {@link IDLE_CLOSE_MS} after the last lease is released, so its lock is
 * given back soon after no step uses it (not whenever the garbage collector gets to it), while
 * back-to-back steps and runs reuse the open database. Another process — the dashboard, a BI tool,
 * the next pipeline — can then open the file.
 *
 * The file is attached under the catalog name {@link CATALOG} to an in-memory instance rather than
 * opened as the instance's own database, whose catalog would be named after the file: a dataset named
 * like the file (`crm` in `crm.duckdb`, which `pipeline({ pipelineName: 'crm', datasetName: 'crm' })`
 * gives) then made every `crm.table` reference ambiguous between catalog and schema.
 *
 * A database can also be opened **sealed** for readers that run SQL they did not write (the dashboard's
 * SQL editor): attached `READ_ONLY`, with `enable_external_access = false` and then
 * `lock_configuration = true`, so DuckDB itself refuses files, extensions, other databases and any
 * `SET`. Both settings are global to an instance (not per connection) and cannot be undone, so a
 * sealed instance is one of its own. A process never holds two instances of one file (DuckDB's file
 * lock is per process: closing either would drop the other's lock), so the two kinds take turns: a
 * writer waits until the sealed instance's leases end (it then closes at once); a sealed lease while
 * the writable instance is in use shares that one (unsealed), and closes it first when it is idle.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The catalog name of the attached file: a name no dataset gets (snake_case never has a colon). */
export const CATALOG = 'sluice:db';

/** SQL that makes a new connection's unqualified names resolve in the attached file. */
export const USE_CATALOG = `USE "${CATALOG}"`;

const sqlString = (s: string) => "'" + s.replace(/'/g, "''") + "'";

async function openAttached(path: string, options: Record<string, string>, sealed: boolean): Promise<DuckDBInstance> {
  // A file in a folder that does not exist yet (`path: 'data/users.duckdb'`): the folder is made, as DuckDB makes the file.
  if (!sealed && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Spill files go beside the database, as when DuckDB opens the file itself (not into the cwd).
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: `${path}.tmp`, ...options });
  let conn: DuckDBConnection | undefined;
  try {
    conn = await instance.connect();
    await conn.run(`ATTACH ${sqlString(path)} AS "${CATALOG}"${sealed ? ' (READ_ONLY)' : ''}`);
    // The in-memory instance's own catalog is named `memory`: gone, a dataset may be named that too.
    await conn.run(USE_CATALOG);
    await conn.run('DETACH memory');
    if (sealed) {
      await conn.run('SET enable_external_access = false');
      await conn.run('SET lock_configuration = true');
    }
    return instance;
  } catch (e) {
    instance.closeSync();
    throw e;
  } finally {
    conn?.closeSync();
  }
}

/** How long an unused database stays open for the next step. */
export const IDLE_CLOSE_MS = 300;

interface Entry {
  instance: Promise<DuckDBInstance>;
  leases: number;
  idle?: NodeJS.Timeout;
  /** The inode of the file opened (undefined while opening, or for `:memory:`). */
  inode?: number;
  /** Opened sealed (read-only, no external access, configuration locked). */
  sealed: boolean;
  /** Set when the entry left the map for an instance of the other kind: called once its instance is closed. */
  onClosed?: () => void;
}

const open = new Map<string, Entry>();

/**
 * Every instance opened and not yet closed. The idle timer does not keep the process alive, so a
 * process that ends within {@link IDLE_CLOSE_MS} of its last step (the CLI, a script's last `run()`)
 * would leave its rows only in the `.wal` file beside the database — a copy of the `.duckdb` file alone
 * would be empty. Closing them at exit checkpoints each file, as a DuckDB process that shuts down does.
 */
const live = new Set<DuckDBInstance>();
let exitHookInstalled = false;

function closeInstance(instance: DuckDBInstance): void {
  if (!live.delete(instance)) return;
  instance.closeSync();
}

function track(instance: DuckDBInstance): void {
  live.add(instance);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const i of [...live]) {
      try {
        closeInstance(i);
      } catch {
        // exiting anyway: the WAL still holds what was committed
      }
    }
  });
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

/** How a database is leased. */
export interface LeaseOptions {
  /** DuckDB settings for a new instance (an open one keeps its own). */
  settings?: Record<string, string>;
  /** Ask for a sealed instance (see the module comment); `lease.sealed` tells whether it is one. */
  sealed?: boolean;
}

/** A lease on an open database; `release` it when done (once; later calls are no-ops). */
export interface Lease {
  instance: DuckDBInstance;
  /** Whether the instance is sealed. */
  sealed: boolean;
  release: () => void;
}

/** Takes an entry out of the map for an instance of the other kind; resolves once its last lease is released and it is closed. */
function retire(path: string, e: Entry): Promise<void> {
  open.delete(path);
  clearTimeout(e.idle);
  const closed = new Promise<void>((resolve) => (e.onClosed = resolve));
  if (e.leases === 0) void e.instance.then(closeInstance, () => undefined).finally(e.onClosed);
  return closed;
}

/**
 * A lease on the database at `path`, opened with `options.settings` when it is not open yet. A file
 * deleted or replaced since it was opened (a user starting over with a new database) is opened anew:
 * the open instance holds the old file, whose rows would vanish with it. Holders of the old instance
 * keep it until they release it.
 */
export async function leaseInstance(path: string, options: LeaseOptions = {}): Promise<Lease> {
  const { settings = {}, sealed = false } = options;
  let entry = open.get(path);
  if (entry?.inode !== undefined && inodeOf(path) !== entry.inode) {
    open.delete(path);
    clearTimeout(entry.idle);
    if (entry.leases === 0) void entry.instance.then(closeInstance).catch(() => undefined);
    entry = undefined;
  }
  let before: Promise<void> = Promise.resolve();
  // A writer never shares a sealed instance; a sealed lease shares a writable one only while it is in use.
  if (entry && entry.sealed !== sealed && (entry.sealed || entry.leases === 0)) {
    before = retire(path, entry);
    entry = undefined;
  }
  if (!entry) {
    const e: Entry = { instance: before.then(() => openAttached(path, settings, sealed)), leases: 0, sealed };
    entry = e;
    open.set(path, e);
    e.instance.then(
      (i) => {
        track(i);
        e.inode = inodeOf(path);
      },
      () => open.get(path) === e && open.delete(path),
    );
  }
  clearTimeout(entry.idle);
  entry.leases++;
  const e = entry;
  let instance: DuckDBInstance;
  try {
    instance = await e.instance;
  } catch (err) {
    if (--e.leases === 0) e.onClosed?.();
    throw err;
  }
  let released = false;
  return {
    instance,
    sealed: e.sealed,
    release: () => {
      if (released) return;
      released = true;
      if (--e.leases > 0) return;
      // Replaced by a newer instance of the path (its file was deleted, or a writer waits for it): nothing else will use this one.
      if (open.get(path) !== e) {
        try {
          return closeInstance(instance);
        } finally {
          e.onClosed?.();
        }
      }
      e.idle = setTimeout(() => {
        if (e.leases > 0 || open.get(path) !== e) return;
        open.delete(path);
        closeInstance(instance);
      }, IDLE_CLOSE_MS).unref();
    },
  };
}
