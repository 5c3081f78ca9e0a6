/**
 * Packages being written live in `tmp/<load_id>.<pid>.<owner>.<random>` until their commit renames them
 * into place. A process killed while writing one (SIGKILL, out of memory) leaves it behind; the next
 * pipeline in this working dir removes such folders of processes that no longer run, so crashes do not
 * pile up disk. Folders of live processes — another run writing right now — are left alone.
 *
 * A pid means something only on the machine, and in the pid namespace (container), that wrote it: the
 * `owner` tag is a hash of the host name and the pid namespace, and only folders with this process's
 * tag are removed. A working dir shared between machines or containers (NFS, a shared volume) never
 * loses a live run's folder to another machine's check; a crashed container's leftovers stay.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning } from '../common/process.js';
import type { WorkingDir } from './layout.js';

function pidNamespace(): string {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return ''; // not Linux: the host name alone
  }
}

/** This process's owner tag: 8 hex digits of a hash of host name and pid namespace. */
const OWNER = createHash('sha256').update(`${hostname()}\0${pidNamespace()}`).digest('hex').slice(0, 8);

/** The name of a temp package folder of this process. */
export function tempPackageName(loadId: string, random: string): string {
  return `${loadId}.${process.pid}.${OWNER}.${random}`;
}

/** Removes temp package folders of this host and pid namespace whose writing process is gone. Returns how many. */
export function removeStaleTempPackages(wd: WorkingDir): number {
  if (!existsSync(wd.tmpDir)) return 0;
  let removed = 0;
  for (const name of readdirSync(wd.tmpDir)) {
    const m = /^\d+\.\d+\.(\d+)\.([0-9a-f]{8})\.[0-9a-f]+$/.exec(name);
    if (!m || m[2] !== OWNER || isProcessRunning(Number(m[1]))) continue;
    rmSync(join(wd.tmpDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}
