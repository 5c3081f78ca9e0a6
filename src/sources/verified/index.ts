/**
 * The verified sources: registers each one (`registerVerifiedSource`) for the CLI and re-exports the
 * source factories. Importing this module has the side effect of filling the registry.
 */
import { registerVerifiedSource } from './registry.js';
import { passwordlessSpec } from './passwordless/spec.js';
import { authsignalSpec } from './authsignal/spec.js';
import { propelAuthSpec } from './propel-auth/spec.js';
import { onePasswordSpec } from './onepassword/spec.js';
import { descopeSpec } from './descope/spec.js';

export { findVerifiedSource, verifiedSources, registerVerifiedSource, type VerifiedSourceSpec } from './registry.js';
export { passwordlessSource, passwordlessConfig } from './passwordless/source.js';
export { authsignalSource, authsignalConfig } from './authsignal/source.js';
export { propelAuthSource, propelAuthConfig } from './propel-auth/source.js';
export { onePasswordSource, onePasswordConfig } from './onepassword/source.js';
export { descopeSource, descopeConfig } from './descope/source.js';

for (const spec of [passwordlessSpec, authsignalSpec, propelAuthSpec, onePasswordSpec, descopeSpec]) registerVerifiedSource(spec);
