/** The registry entry of the 1Password source. */
import type { VerifiedSourceSpec } from '../registry.js';
import { CONNECT_BASE_URL, EVENTS_BASE_URL, ONEPASSWORD_SECTION, onePasswordSource } from './source.js';
import { startOnePasswordSimulator } from './simulator.js';

export const onePasswordSpec: VerifiedSourceSpec = {
  name: '_1password',
  aliases: ['1password', 'onepassword'],
  description: '1Password Connect (vaults, item metadata, activity) and Events API (audit events, item usages, sign-in attempts)',
  section: ONEPASSWORD_SECTION,
  keys: [
    { key: 'access_token', description: '1Password → Developer → Connect servers → your server → access token', secret: true, required: false },
    { key: 'base_url', description: 'Your Connect server URL', secret: false, default: CONNECT_BASE_URL },
    { key: 'events_access_token', description: '1Password → Integrations → Events Reporting → bearer token', secret: true, required: false },
    { key: 'events_base_url', description: 'Events API host for your region (.com, .ca, .eu, ent.)', secret: false, default: EVENTS_BASE_URL },
  ],
  pipelineName: '_1password_pipeline',
  datasetName: '_1password_data',
  duckdbFile: '_1password.duckdb',
  create: (values, context) => onePasswordSource(values as Parameters<typeof onePasswordSource>[0], { pipelineName: context?.pipelineName }),
  async startSimulator(options) {
    const sim = await startOnePasswordSimulator({ port: options?.port, seed: options?.seed });
    return { values: { ...sim.credentials, base_url: sim.url }, close: () => sim.close() };
  },
};
