/**
 * The data files each attempt at loading a package into a filesystem dataset may have put there.
 *
 * A load that is killed after some data files were renamed into place, and before its `_dlt_loads`
 * commit marker, is re-run as a whole. The re-run names its files from the settings of the moment, and
 * those can name a job's file differently: compression switched on or off (`.jsonl` / `.jsonl.gz`), a
 * `current_datetime` function (a new `{timestamp}` for every attempt), another `layout`. So before
 * anything is written, each attempt records the paths it is about to write in the package folder
 * (`filesystem_files.json`, next to `load_package_state.json`), added to those of earlier attempts; the
 * files of earlier attempts that this one does not write again are then removed before its own go in
 * place. The current settings win, and no row lands twice. A package given up instead of re-run (dropped
 * pending) has the files of all its attempts removed (`FilesystemClient.discardPackage`).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { LoadPackage } from '../../storage/load-package.js';

/** The record's file name in the package folder. */
export const ATTEMPTS_FILE = 'filesystem_files.json';

interface AttemptsRecord {
  /** Data file paths relative to the dataset folder, `/`-separated. */
  files: string[];
}

/**
 * Records `targets` (absolute paths inside `datasetDir`) as written by an attempt at loading `pkg`, and
 * returns the paths earlier attempts recorded that are not among them: files to remove before this
 * attempt's files go in place. A path outside the dataset folder is never returned.
 */
export function recordAttempt(pkg: LoadPackage, datasetDir: string, targets: string[]): string[] {
  const earlier = recordedFiles(pkg, datasetDir);
  const current = new Set(targets);
  const files = [...new Set([...earlier, ...targets])].map((f) => relative(datasetDir, f).split(sep).join('/'));
  const path = join(pkg.dir, ATTEMPTS_FILE);
  writeFileSync(path + '.tmp', JSON.stringify({ files } satisfies AttemptsRecord));
  renameSync(path + '.tmp', path);
  return earlier.filter((f) => !current.has(f));
}

/** Removes `files` and their unfinished `.tmp` writes. */
export function removeFiles(files: Iterable<string>): void {
  for (const f of files) {
    rmSync(f, { force: true });
    rmSync(f + '.tmp', { force: true });
  }
}

/** The absolute paths recorded for `pkg`, inside `datasetDir` only (none when nothing was recorded). */
export function recordedFiles(pkg: LoadPackage, datasetDir: string): string[] {
  const path = join(pkg.dir, ATTEMPTS_FILE);
  if (!existsSync(path)) return [];
  const { files } = JSON.parse(readFileSync(path, 'utf8')) as AttemptsRecord;
  const root = resolve(datasetDir);
  return files
    .filter((f) => typeof f === 'string' && !isAbsolute(f))
    .map((f) => resolve(root, ...f.split('/')))
    .filter((f) => f.startsWith(root + sep));
}
