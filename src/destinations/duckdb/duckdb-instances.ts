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
 */
import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The catalog name of the attached file: a name no dataset gets (snake_case never has a colon). */
export const CATALOG = 'sluice:db';

/** SQL that makes a new connection's unqualified names resolve in the attached file. */
export const USE_CATALOG = `USE "${CATALOG}"`;

const sqlString = (s: string) => "'" + s.replace(/'/g, "''") + "'";

async function openAttached(path: string, options: Record<string, string> = {}): Promise<DuckDBInstance> {
  // Spill files go beside the database, as when DuckDB opens the file itself (not into the cwd).
  const instance = await DuckDBInstance.create(':memory:', { temp_directory: `${path}.tmp`, ...options });
  let conn: DuckDBConnection | undefined;
  try {
    conn = await instance.connect();
    await conn.run(`ATTACH ${sqlString(path)} AS "${CATALOG}"`);
    // The in-memory instance's own catalog is named `memory`: gone, a dataset may be named that too.
    await conn.run(USE_CATALOG);
    await conn.run('DETACH memory');
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

/**
 * A lease on the database at `path`, opened with `options` when it is not open yet. A file deleted or
 * replaced since it was opened (a user starting over with a new database) is opened anew: the open
 * instance holds the old file, whose rows would vanish with it. Holders of the old instance keep it
 * until they release it.
 */
export async function leaseInstance(path: string, options?: Record<string, string>): Promise<{ instance: DuckDBInstance; release: () => void }> {
  let entry = open.get(path);
  if (entry?.inode !== undefined && inodeOf(path) !== entry.inode) {
    open.delete(path);
    clearTimeout(entry.idle);
    if (entry.leases === 0) void entry.instance.then(closeInstance).catch(() => undefined);
    entry = undefined;
  }
  if (!entry) {
    const e: Entry = { instance: openAttached(path, options), leases: 0 };
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
    e.leases--;
    throw err;
  }
  let released = false;
  return {
    instance,
    release: () => {
      if (released) return;
      released = true;
      if (--e.leases > 0) return;
      // Replaced by a newer instance of the path (its file was deleted): nothing else will use this one.
      if (open.get(path) !== e) return closeInstance(instance);
      e.idle = setTimeout(() => {
        if (e.leases > 0 || open.get(path) !== e) return;
        open.delete(path);
        closeInstance(instance);
      }, IDLE_CLOSE_MS).unref();
    },
  };
}
