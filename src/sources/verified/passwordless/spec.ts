/** The registry entry of the Passwordless.dev source (`sluice init passwordless`, `sluice demo passwordless`). */
import type { VerifiedSourceSpec } from '../registry.js';
import { PASSWORDLESS_BASE_URL, PASSWORDLESS_SECTION, passwordlessSource } from './source.js';
import { startPasswordlessSimulator } from './simulator.js';

export const passwordlessSpec: VerifiedSourceSpec = {
  name: 'passwordless',
  aliases: [],
  description: 'Passwordless.dev (Bitwarden) passkeys: users, credentials, aliases, auth configs, events',
  section: PASSWORDLESS_SECTION,
  keys: [
    { key: 'api_secret', description: 'Passwordless.dev admin console → Applications → your app → Getting started → API Secret (app:secret:...)', secret: true, required: true },
    { key: 'base_url', description: 'API base URL (self-hosted instances use their own)', secret: false, default: PASSWORDLESS_BASE_URL },
  ],
  pipelineName: 'passwordless_pipeline',
  datasetName: 'passwordless_data',
  duckdbFile: 'passwordless.duckdb',
  create: (values, context) => passwordlessSource(values as Parameters<typeof passwordlessSource>[0], { pipelineName: context?.pipelineName }),
  async startSimulator(options) {
    const sim = await startPasswordlessSimulator({ port: options?.port, seed: options?.seed, plan: 'enterprise' });
    return { values: { api_secret: sim.credentials.api_secret, base_url: sim.url }, close: () => sim.close() };
  },
};
