/**
 * `sluice/verified` inside scripts run by `sluice run`: the verified source registry.
 *
 * ```ts
 * import { verifiedSource } from 'sluice/verified';
 * const source = verifiedSource('passwordless').create({}, { pipelineName: 'passwordless_pipeline' });
 * ```
 */
import { ConfigError } from '../../common/errors.js';
import { findVerifiedSource, verifiedSources, type VerifiedSourceSpec } from '../../sources/verified/registry.js';
import { didYouMean } from '../../common/suggest.js';
import { loadVerifiedSources } from '../verified.js';

await loadVerifiedSources();

export { verifiedSources, type VerifiedSourceSpec };

/** The verified source named `name` (or one of its aliases). @throws ConfigError listing the known names. */
export function verifiedSource(name: string): VerifiedSourceSpec {
  const spec = findVerifiedSource(name);
  if (spec) return spec;
  const names = verifiedSources().map((s) => s.name);
  throw new ConfigError(`'${name}' is not a verified source${didYouMean(name, names)} (known: ${names.join(', ') || 'none'})`);
}
