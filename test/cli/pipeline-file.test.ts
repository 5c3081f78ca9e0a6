/** readPipelineFile: a file that does not parse is reported without quoting it (it may hold a token inline). */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { readPipelineFile } from '../../src/cli/run/pipeline-file.js';
import { tempDir } from '../helpers.js';

const TOKEN = 'inline-token-Zq9x7abc';

test('a malformed YAML or JSON pipeline file: the error, its stack and causes show no line of it', () => {
  const dir = tempDir('pipeline-file-errors');
  const files = {
    'bad.yaml': `pipeline_name: x\nsource:\n  client:\n    auth: {token: ${TOKEN}\n  resources: [a]\n`,
    'bad.json': `{"pipeline_name":"x","source":{"client":{"auth":{"token":${TOKEN}}}}}`,
  };
  for (const [name, text] of Object.entries(files)) {
    const file = join(dir, name);
    writeFileSync(file, text);
    let err: unknown;
    try {
      readPipelineFile(file);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof Error, name);
    assert.match(err.message, /not valid (YAML|JSON)/);
    let shown = inspect(err, { depth: 10 });
    for (let c: unknown = err; c instanceof Error; c = c.cause) shown += `${c.stack}\n${c.message}`;
    assert.ok(!shown.includes(TOKEN.slice(0, 10)) && !shown.includes(TOKEN.slice(-10)), shown);
  }
});
