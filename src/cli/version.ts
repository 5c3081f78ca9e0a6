/** The package version, read from package.json next to `dist/` or `src/`, and how a project depends on this copy. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const SLUICE_VERSION = readVersion();

/** The folder of this sluice package (where its package.json is). */
export const SLUICE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The `dependencies.sluice` entry a scaffolded project gets: `^<version>` when this sluice was
 * installed from a registry (it sits in a `node_modules` folder), else `file:<its folder>` — a git
 * checkout or an `npm link`, which the registry does not have.
 */
export function sluiceDependency(root = SLUICE_ROOT, version = SLUICE_VERSION): string {
  return /[\\/]node_modules[\\/]/.test(root) ? `^${version}` : `file:${root.replace(/[\\/]$/, '')}`;
}
