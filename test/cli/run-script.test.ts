import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { pipelineFileJsonSchema } from '../../src/cli/run/pipeline-file-schema.js';
import { parseJson, Project, ROOT, show } from './helpers.js';

describe('sluice run <script.ts>', () => {
  const p = new Project();
  p.write('package.json', JSON.stringify({ type: 'module' }));
  after(() => p.remove());

  it("runs a TS script whose `import 'sluice'` resolves to the CLI, passing script args", async () => {
    p.write(
      'ok.ts',
      `import { pipeline } from 'sluice';
const rows: { id: number; arg: string }[] = [{ id: 1, arg: process.argv[2] ?? 'none' }];
const info = await pipeline({ pipelineName: 'script_ok' }).run(rows, { table_name: 'things' });
console.log(String(info));`,
    );
    const r = await p.run(['run', 'ok.ts', '--', 'hello']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /Pipeline script_ok load step completed/);
    const info = parseJson(await p.run(['pipeline', 'script_ok', 'info', '--json']));
    assert.equal(info.dataset_name, 'script_ok_dataset');
  });

  it('a .ts or .js script outside a "type": "module" project runs as an ES module (import, top-level await)', async () => {
    const loose = new Project();
    try {
      const body = (types: boolean) => `import { pipeline } from 'sluice';
const rows${types ? ': { id: number }[]' : ''} = [{ id: 1 }];
const info = await pipeline({ pipelineName: 'loose_${types ? 'ts' : 'js'}' }).run(rows, { table_name: 'things' });
console.log(String(info));`;
      loose.write('loose.ts', body(true));
      loose.write('plain.js', body(false));
      for (const file of ['loose.ts', 'plain.js']) {
        const r = await loose.run(['run', file]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /load step completed/, file);
      }
    } finally {
      loose.remove();
    }
  });

  it("a script tests its pipeline against a simulator from 'sluice/testing' (requests and data handles included)", async () => {
    p.write(
      'sim.ts',
      `import { pipeline } from 'sluice';
import { simulators } from 'sluice/testing';
import { verifiedSource } from 'sluice/verified';
const sim = await simulators.passwordless({ seed: 3, plan: 'enterprise' });
try {
  const source = verifiedSource('passwordless').create({ api_secret: sim.credentials.api_secret, base_url: sim.url });
  const info = await pipeline({ pipelineName: 'script_sim' }).run(source);
  const held = sim.data.counts() as Record<string, number>;
  const authed = sim.requests.filter((r) => r.headers['apisecret'] === sim.credentials.api_secret).length;
  console.log(JSON.stringify({ users: info.rowCounts['users'], held: held['users'], authed, all: sim.requests.length }));
} finally {
  await sim.close();
}`,
    );
    const r = await p.run(['run', 'sim.ts']);
    assert.equal(r.code, 0, show(r));
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { users: number; held: number; authed: number; all: number };
    assert.ok(out.held > 0);
    assert.equal(out.users, out.held);
    assert.ok(out.all > 1);
    assert.equal(out.authed, out.all);
  });

  it('a config error in the script → exit 2, one message, no stack', async () => {
    p.write('missing.ts', `import { secrets } from 'sluice';\nsecrets.require('sources.nowhere.api_key');\n`);
    const r = await p.run(['run', 'missing.ts']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /api_key/);
    assert.match(r.stderr, /SOURCES__NOWHERE__API_KEY/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('an unexpected error → exit 1; the stack only with --verbose', async () => {
    p.write('boom.ts', `throw new TypeError('boom');\n`);
    const r = await p.run(['run', 'boom.ts']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /unexpected error: boom/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
    const v = await p.run(['run', 'boom.ts', '--verbose']);
    assert.equal(v.code, 1);
    assert.match(v.stderr, /\n\s+at .*boom\.ts/);
  });

  it('schemas/pipeline-file.schema.json is up to date (npm run schemas)', () => {
    const committed = JSON.parse(readFileSync(`${ROOT}schemas/pipeline-file.schema.json`, 'utf8'));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(pipelineFileJsonSchema())));
  });
});
