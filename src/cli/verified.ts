/**
 * Access to the verified source registry for `init`, `demo` and `--list-sources`. The sources register
 * themselves when `src/sources/verified/index.ts` is imported; while it does not exist the registry is
 * simply empty.
 */
import { findVerifiedSource, verifiedSources, type VerifiedSourceSpec } from '../sources/verified/registry.js';

let loaded: Promise<void> | undefined;

function isMissingModule(e: unknown, name: string): boolean {
  const err = e as { code?: string; message?: string };
  return (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') && String(err.message ?? '').includes(name);
}

/** Imports the verified sources once (for their registration side effects). */
export function loadVerifiedSources(): Promise<void> {
  loaded ??= (async () => {
    const spec = '../sources/verified/index.js';
    try {
      await import(spec);
    } catch (e) {
      if (!isMissingModule(e, 'verified')) throw e;
    }
  })();
  return loaded;
}

/** All verified sources. */
export async function listVerifiedSources(): Promise<VerifiedSourceSpec[]> {
  await loadVerifiedSources();
  return verifiedSources();
}

/** A verified source by name or alias. */
export async function getVerifiedSource(name: string): Promise<VerifiedSourceSpec | undefined> {
  await loadVerifiedSources();
  return findVerifiedSource(name);
}
