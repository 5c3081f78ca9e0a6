/** The script `sluice init <verified source>` writes: what it tells the user to set must exist. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifiedScript } from '../../src/cli/init/template-verified.js';
import '../../src/sources/verified/index.js';
import { verifiedSources } from '../../src/sources/verified/registry.js';

test('the env var the scaffolded script suggests is one of the source\'s own keys (1Password suggested SOURCES___1PASSWORD_SOURCE__API_KEY, a key it does not read)', () => {
  const specs = verifiedSources();
  assert.ok(specs.length >= 5);
  for (const spec of specs) {
    const script = verifiedScript(spec, { pipelineName: spec.pipelineName, datasetName: spec.datasetName, destinationValue: "'duckdb'", scriptFile: `${spec.pipelineName}.ts` });
    const m = new RegExp(`SOURCES__${spec.section.toUpperCase()}__([A-Z0-9_]+)`).exec(script);
    assert.ok(m, `${spec.name}: no env var example`);
    const keys = spec.keys.map((k) => k.key.toUpperCase());
    assert.ok(keys.includes(m[1]!), `${spec.name}: suggests ${m[0]}, the source reads ${keys.join(', ')}`);
  }
});
