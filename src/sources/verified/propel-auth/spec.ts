/** The registry entry of the PropelAuth source. */
import type { VerifiedSourceSpec } from '../registry.js';
import { PROPEL_AUTH_SECTION, propelAuthSource } from './source.js';
import { startPropelAuthSimulator } from './simulator.js';

export const propelAuthSpec: VerifiedSourceSpec = {
  name: 'propel_auth',
  aliases: ['propelauth', 'propel-auth'],
  description: 'PropelAuth B2B auth: users (with orgs), orgs, org_users',
  section: PROPEL_AUTH_SECTION,
  keys: [
    { key: 'api_key', description: 'PropelAuth dashboard → Backend Integration → API Keys', secret: true, required: true },
    { key: 'auth_url', description: 'PropelAuth dashboard → Backend Integration → Auth URL (e.g. https://auth.yourdomain.com)', secret: false, required: true },
  ],
  pipelineName: 'propel_auth_pipeline',
  datasetName: 'propel_auth_data',
  duckdbFile: 'propel_auth.duckdb',
  create: (values, context) => propelAuthSource(values as Parameters<typeof propelAuthSource>[0], { pipelineName: context?.pipelineName }),
  async startSimulator(options) {
    const sim = await startPropelAuthSimulator({ port: options?.port, seed: options?.seed });
    return { values: { api_key: sim.credentials.api_key, auth_url: sim.url }, close: () => sim.close() };
  },
};
