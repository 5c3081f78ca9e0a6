/**
 * The features an Events Reporting token is scoped to, read from its JWT claims without verifying it
 * (`1password.com/fts`: `auditevents`, `itemusages`, `signinattempts`), as 1Password's own events
 * beat does to pick the feeds it polls. The API answers a feed outside the token's scope with the same
 * 401 "Unauthorized" as a bad token, so knowing the scope up front is the only way to load the feeds the
 * token has and skip the rest instead of failing the run.
 */
const FEATURES_CLAIM = '1password.com/fts';

/** The feature names in the token's claims, or undefined when it is no JWT with that claim (the server decides then). */
export function tokenFeatures(token: string): string[] | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const fts = claims[FEATURES_CLAIM];
    return Array.isArray(fts) && fts.every((f) => typeof f === 'string') ? fts : undefined;
  } catch {
    return undefined;
  }
}
