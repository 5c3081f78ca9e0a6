/** SluiceError: what console.log/util.inspect print for it never shows a secret, its cause chain included. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { PipelineStepFailed } from '../../src/common/errors.js';
import { registerSecret } from '../../src/config/secret.js';

test('inspecting a step failure masks a secret in the raw error it wraps', () => {
  const secret = 'cause-chain-secret-7Qx';
  registerSecret(secret);
  const raw = new Error(`upstream rejected key ${secret}`);
  const e = new PipelineStepFailed('extract', 'resource users failed', { cause: raw });
  for (const text of [inspect(e), inspect(e, { colors: true, depth: 5 }), inspect({ wrapped: e })]) {
    assert.ok(!text.includes(secret), text);
    assert.match(text, /upstream rejected key \*\*\*/);
  }
});
