/**
 * A 403 from each verified API fails the load with a message naming the API, the refused request, the
 * secret to check and the API's own reason from its error body (never the secret itself).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempPipeline } from '../../helpers.js';
import { startPasswordlessSimulator } from '../../../src/sources/verified/passwordless/simulator.js';
import { passwordlessSourceWith } from '../../../src/sources/verified/passwordless/source.js';
import { startAuthsignalSimulator } from '../../../src/sources/verified/authsignal/simulator.js';
import { authsignalSourceWith } from '../../../src/sources/verified/authsignal/source.js';
import { startPropelAuthSimulator } from '../../../src/sources/verified/propel-auth/simulator.js';
import { propelAuthSourceWith } from '../../../src/sources/verified/propel-auth/source.js';
import { startDescopeSimulator } from '../../../src/sources/verified/descope/simulator.js';
import { descopeSourceWith } from '../../../src/sources/verified/descope/source.js';
import { startOnePasswordSimulator } from '../../../src/sources/verified/onepassword/simulator.js';
import { onePasswordSourceWith } from '../../../src/sources/verified/onepassword/source.js';

const FIXED = Date.UTC(2025, 2, 1);
const FAST = { requestBackoffFactor: 0.001, requestMaxRetryDelay: 0.01 };

/** The message of `e` and of its causes, joined. */
function messages(e: unknown): string {
  const out: string[] = [];
  for (let cur = e, i = 0; cur instanceof Error && i < 6; cur = cur.cause, i++) out.push(cur.message);
  return out.join(' | ');
}

async function refusal(run: () => Promise<unknown>, secrets: readonly string[]): Promise<string> {
  let text = '';
  await assert.rejects(run(), (e: unknown) => ((text = messages(e)), true));
  for (const s of secrets) assert.ok(!text.includes(s), `secret leaked in: ${text}`);
  return text;
}

test('passwordless: a locked api_secret (403 api_key_locked) names the key and the reason, also on /events', async () => {
  for (const forbidden of [/^\/users\/list$/, /^\/events$/]) {
    const sim = await startPasswordlessSimulator({ baseTime: FIXED, plan: 'enterprise', forbidden });
    try {
      const secret = sim.credentials.api_secret!;
      const text = await refusal(() => tempPipeline('passwordless_pipeline').p.run(passwordlessSourceWith({ api_secret: secret, base_url: sim.url }, FAST)), [secret]);
      const path = forbidden.source.replace(/\\|\^|\$/g, '');
      assert.ok(
        text.includes(
          `Passwordless refused GET ${path} for the api_secret (sources.passwordless_source.api_secret, env SOURCES__PASSWORDLESS_SOURCE__API_SECRET): 403 api_key_locked: The API key is locked.`,
        ),
        text,
      );
    } finally {
      await sim.close();
    }
  }
});

test('authsignal: a 403 names the secret_key and the API reason', async () => {
  const sim = await startAuthsignalSimulator({ baseTime: FIXED, forbidden: /^\/v1\/users$/ });
  try {
    const secret = sim.credentials.secret_key!;
    const text = await refusal(() => tempPipeline('authsignal_pipeline').p.run(authsignalSourceWith({ secret_key: secret, base_url: sim.url }, FAST)), [secret]);
    assert.match(text, /Authsignal refused GET \/v1\/users for the secret_key \(sources\.authsignal_source\.secret_key, env SOURCES__AUTHSIGNAL_SOURCE__SECRET_KEY\): 403 forbidden: The API secret key is not allowed/);
  } finally {
    await sim.close();
  }
});

test('propel_auth: a 403 names the api_key and the text body', async () => {
  const sim = await startPropelAuthSimulator({ baseTime: FIXED, forbidden: /\/user\/query$/ });
  try {
    const key = sim.credentials.api_key!;
    const text = await refusal(() => tempPipeline('propel_auth_pipeline').p.run(propelAuthSourceWith({ api_key: key, auth_url: sim.url }, FAST)), [key]);
    assert.match(text, /PropelAuth refused GET \/api\/backend\/v1\/user\/query for the api_key \(sources\.propel_auth_source\.api_key, env SOURCES__PROPEL_AUTH_SOURCE__API_KEY\): 403 Forbidden/);
  } finally {
    await sim.close();
  }
});

test('descope: a 403 names the management_key and the error code', async () => {
  const sim = await startDescopeSimulator({ baseTime: FIXED, forbidden: /^\/v1\/mgmt\/tenant\/all$/ });
  try {
    const { project_id, management_key } = sim.credentials as { project_id: string; management_key: string };
    const text = await refusal(() => tempPipeline('descope_pipeline').p.run(descopeSourceWith({ project_id, management_key, base_url: sim.url }, FAST)), [management_key]);
    assert.match(text, /Descope refused GET \/v1\/mgmt\/tenant\/all for the management_key \(sources\.descope_management_users_source\.management_key, env [A-Z_]+\): 403 E011403: Access denied The management key is not allowed/);
  } finally {
    await sim.close();
  }
});

test('1password: a vault outside the Connect token scope names the vault and the access_token', async () => {
  const sim = await startOnePasswordSimulator({ baseTime: FIXED, forbidden: /^\/v1\/vaults\/[^/]+\/items$/ });
  try {
    const token = sim.credentials.access_token!;
    const text = await refusal(() => tempPipeline('_1password_pipeline').p.run(onePasswordSourceWith({ access_token: token, base_url: sim.url }, FAST)), [token]);
    assert.match(text, /1Password Connect refused GET \/v1\/vaults\/(\w+)\/items for the access_token \(sources\._1password_source\.access_token, env SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN\): 403 vault (\w+) is not in scope/);
    const m = /vaults\/(\w+)\/items .* vault (\w+) is not/.exec(text)!;
    assert.equal(m[1], m[2]);
  } finally {
    await sim.close();
  }
});
