/** The registry entry of the Descope Management API source (`sluice init descope_management_users` / `descope`). */
import type { VerifiedSourceSpec } from '../registry.js';
import { DESCOPE_SECTION, descopeSource } from './source.js';
import { startDescopeSimulator } from './simulator.js';

export const descopeSpec: VerifiedSourceSpec = {
  name: 'descope_management_users',
  aliases: ['descope'],
  description: 'Descope Management API: users, test users, tenants, roles, permissions, access keys, audits, login history',
  section: DESCOPE_SECTION,
  keys: [
    { key: 'project_id', description: 'Descope console → Project settings → Project ID (P2...)', secret: false, required: true },
    { key: 'management_key', description: 'Descope console → Company settings → Management keys → + Management key', secret: true, required: true },
    {
      key: 'base_url',
      description: 'API base URL; unset: https://api.<region>.descope.com for a regional project ID (32+ characters), else https://api.descope.com',
      secret: false,
      required: false,
    },
  ],
  pipelineName: 'descope_management_users_pipeline',
  datasetName: 'descope_management_users_data',
  duckdbFile: 'descope_management_users.duckdb',
  create: (values, context) => descopeSource(values as Parameters<typeof descopeSource>[0], { pipelineName: context?.pipelineName }),
  async startSimulator(options) {
    const sim = await startDescopeSimulator({ port: options?.port, seed: options?.seed });
    return {
      values: { project_id: sim.credentials.project_id, management_key: sim.credentials.management_key, base_url: sim.url },
      close: () => sim.close(),
    };
  },
};
