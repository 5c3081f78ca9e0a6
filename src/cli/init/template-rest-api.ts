/** The `sluice init rest_api <destination>` script: a commented declarative REST API pipeline. */

export interface ScriptTemplateOptions {
  pipelineName: string;
  datasetName: string;
  destinationValue: string;
  scriptFile: string;
}

export function restApiScript(o: ScriptTemplateOptions): string {
  return `/**
 * A REST API pipeline, scaffolded by \`sluice init rest_api\`.
 *
 *   1. Put your API's base URL and token in .dlt/secrets.toml under [sources.rest_api]
 *      (or in env vars SOURCES__REST_API__BASE_URL and SOURCES__REST_API__TOKEN).
 *   2. Describe the endpoints you want in \`resources\` below. The keys are dlt's REST API config keys,
 *      so any dlt rest_api example pastes in.
 *   3. Run it:      npx sluice run ${o.scriptFile}      (or: npm start)
 *   4. Inspect it:  npx sluice pipeline ${o.pipelineName} show
 */
import { config, pipeline, restApiSource, secrets } from 'sluice';

const source = restApiSource(
  {
    client: {
      // Config and secrets are looked up in env vars, .dlt/secrets.toml, then .dlt/config.toml.
      base_url: String(config.require('sources.rest_api.base_url')),
      // Other auth types: { type: 'api_key', name: 'X-API-Key', api_key }, { type: 'http_basic', username, password },
      // { type: 'oauth2_client_credentials', access_token_url, client_id, client_secret }.
      auth: { type: 'bearer', token: secrets.require('sources.rest_api.token') },
      // The paginator is detected from the first response; set it to be explicit, e.g.
      // paginator: { type: 'page_number', page_param: 'page', total_path: 'total_pages', base_page: 1 },
    },
    // Hints and request settings every resource starts from.
    resource_defaults: {
      primary_key: 'id',
      write_disposition: 'merge',
    },
    resources: [
      // A plain GET endpoint; the records are found in the response (or name them: data_selector: 'data').
      { name: 'users', endpoint: { path: 'users' } },
      // A child endpoint, called once per user (its parent's field fills the placeholder):
      // { name: 'user_posts', endpoint: { path: 'users/{resources.users.id}/posts' }, include_from_parent: ['id'] },
      // Incremental loading: only records updated since the last run.
      // {
      //   name: 'events',
      //   endpoint: {
      //     path: 'events',
      //     params: { since: { type: 'incremental', cursor_path: 'updated_at', initial_value: '2024-01-01T00:00:00Z' } },
      //   },
      // },
    ],
  },
  { name: 'rest_api' },
);

const p = pipeline({
  pipelineName: ${JSON.stringify(o.pipelineName)},
  destination: ${o.destinationValue},
  datasetName: ${JSON.stringify(o.datasetName)},
});

const info = await p.run(source);
console.log(String(info));
`;
}
