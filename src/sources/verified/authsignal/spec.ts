/** The registry entry of the Authsignal source. */
import type { VerifiedSourceSpec } from '../registry.js';
import { AUTHSIGNAL_BASE_URL, AUTHSIGNAL_SECTION, authsignalSource } from './source.js';
import { startAuthsignalSimulator } from './simulator.js';

export const authsignalSpec: VerifiedSourceSpec = {
  name: 'authsignal',
  aliases: [],
  description: 'Authsignal MFA/passkeys: users, authenticators, actions (Server API); user_authenticators (Client API)',
  section: AUTHSIGNAL_SECTION,
  keys: [
    { key: 'secret_key', description: 'Authsignal Portal → Settings → API keys → Secret key (Server API list endpoints)', secret: true, required: false },
    { key: 'token', description: 'A Client API token from a track-action response (valid 10 minutes); enables user_authenticators', secret: true, required: false },
    { key: 'base_url', description: 'Regional Server API base (US/AU/EU/CA); the Client API is at <base_url>/client', secret: false, default: AUTHSIGNAL_BASE_URL },
  ],
  pipelineName: 'authsignal_pipeline',
  datasetName: 'authsignal_data',
  duckdbFile: 'authsignal.duckdb',
  create: (values, context) => authsignalSource(values as Parameters<typeof authsignalSource>[0], { pipelineName: context?.pipelineName }),
  async startSimulator(options) {
    const sim = await startAuthsignalSimulator({ port: options?.port, seed: options?.seed });
    // the simulator's tenant_id serves its anonymous Client API calls; the source takes no tenant_id
    const { tenant_id: _tenantId, ...values } = sim.credentials;
    return { values: { ...values, base_url: sim.url }, close: () => sim.close() };
  },
};
