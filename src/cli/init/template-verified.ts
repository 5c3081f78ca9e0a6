/** The `sluice init <verified source> <destination>` script: the verified source with the seed's names. */
import { envVarName } from '../../config/providers/env-provider.js';
import type { VerifiedSourceSpec } from '../../sources/verified/registry.js';
import type { ScriptTemplateOptions } from './template-rest-api.js';

export function verifiedScript(spec: VerifiedSourceSpec, o: ScriptTemplateOptions): string {
  const required = spec.keys.filter((k) => k.secret && k.required !== false).map((k) => k.key);
  // the env var example names a key the source has (a source whose secrets are all optional has no required one)
  const example = required[0] ?? spec.keys.find((k) => k.secret)?.key ?? spec.keys[0]?.key ?? 'api_key';
  return `/**
 * ${spec.description}
 * Scaffolded by \`sluice init ${spec.name}\`.
 *
 *   1. Fill in .dlt/secrets.toml ([sources.${spec.section}]${required.length ? ': ' + required.join(', ') : ''}),
 *      or set env vars such as ${envVarName(['sources', spec.section], example)}.
 *   2. Run it:      npx sluice run ${o.scriptFile}      (or: npm start)
 *   3. Inspect it:  npx sluice pipeline ${o.pipelineName} show
 *
 * Try it first without an account: \`npx sluice demo ${spec.name}\` runs it against a local simulator.
 */
import { pipeline } from 'sluice';
import { verifiedSource } from 'sluice/verified';

const p = pipeline({
  pipelineName: ${JSON.stringify(o.pipelineName)},
  destination: ${o.destinationValue},
  datasetName: ${JSON.stringify(o.datasetName)},
});

// Values not passed here are read from env vars, .dlt/secrets.toml and .dlt/config.toml
// under [sources.${spec.section}] (pipeline-prefixed keys first).
const source = verifiedSource(${JSON.stringify(spec.name)}).create({}, { pipelineName: p.pipelineName });

const info = await p.run(source);
console.log(String(info));
`;
}
