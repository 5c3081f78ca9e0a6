/**
 * Creating a dataset's folder in the bucket, with errors that name `bucket_url` and the cause: a bucket
 * that is a file (or under one), or a folder the process may not write to. Node's own errors name only
 * the dataset path and the syscall.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SluiceError } from '../../common/errors.js';
import type { FilesystemLayout } from './filesystem-layout.js';

/** What a file system error code means for a bucket. */
const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/** `stat`, or undefined when nothing is at `path` (ENOENT) or a parent is a file (ENOTDIR). */
function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** The nearest existing path at or above `path`, if it is a file. */
function fileAbove(path: string): string | undefined {
  for (let p = path; ; p = dirname(p)) {
    const st = statOrUndefined(p);
    if (st) return st.isDirectory() ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
}

/** Makes `<bucket>/<dataset>` (and the bucket) and checks it is writable; throws a named error when not. */
export function ensureDatasetDir(layout: FilesystemLayout): void {
  const file = fileAbove(layout.datasetDir);
  if (file !== undefined) {
    const where = file === layout.bucket ? '' : ` (${file} is)`;
    throw new SluiceError(`filesystem: bucket_url ${layout.bucket} is a file, not a folder${where}; point bucket_url at a folder`);
  }
  try {
    mkdirSync(layout.datasetDir, { recursive: true });
    accessSync(layout.datasetDir, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const cause = CAUSES[code];
    if (!cause) throw e;
    throw new SluiceError(`filesystem: cannot write to bucket_url ${layout.bucket} (dataset folder ${layout.datasetDir}): ${cause} (${code})`, { cause: e });
  }
}
