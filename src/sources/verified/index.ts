/**
 * The verified sources: registers each one (`registerVerifiedSource`) for the CLI and re-exports the
 * source factories. Importing this module has the side effect of filling the registry.
 */
import { registerVerifiedSource } from './registry.js';
import { passwordlessSpec } from './passwordless/spec.js';

export { findVerifiedSource, verifiedSources, registerVerifiedSource, type VerifiedSourceSpec } from './registry.js';
export { passwordlessSource, passwordlessConfig } from './passwordless/source.js';

for (const spec of [passwordlessSpec]) registerVerifiedSource(spec);
