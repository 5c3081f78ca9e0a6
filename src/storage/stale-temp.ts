/**
 * Packages being written live in `tmp/<load_id>.<pid>.<random>` until their commit renames them into
 * place. A process killed while writing one (SIGKILL, out of memory) leaves it behind; the next pipeline
 * in this working dir removes such folders of processes that no longer run, so crashes do not pile up
 * disk. Folders of live processes — another run writing right now — are left alone.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkingDir } from './layout.js';

/** The name of a temp package folder of this process. */
export function tempPackageName(loadId: string, random: string): string {
  return `${loadId}.${process.pid}.${random}`;
}

/** Removes temp package folders whose writing process is gone. Returns how many were removed. */
export function removeStaleTempPackages(wd: WorkingDir): number {
  if (!existsSync(wd.tmpDir)) return 0;
  let removed = 0;
  for (const name of readdirSync(wd.tmpDir)) {
    const pid = Number(/^\d+\.\d+\.(\d+)\.[0-9a-f]+$/.exec(name)?.[1]);
    if (!pid || isRunning(pid)) continue;
    rmSync(join(wd.tmpDir, name), { recursive: true, force: true });
    removed++;
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
