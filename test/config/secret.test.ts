import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { SluiceError } from '../../src/common/errors.js';
import { Secret, asSecret, maskSecrets, registerCredentialSecrets, registerSecret, reveal } from '../../src/config/secret.js';

describe('Secret', () => {
  const s = new Secret('sk_live_abcdef123');

  it('masks itself in String, template literals, JSON and inspect', () => {
    assert.equal(String(s), '***');
    assert.equal(`${s}`, '***');
    assert.equal(`token=${s}`, 'token=***');
    assert.equal('' + s, '***');
    assert.equal(JSON.stringify({ s }), '{"s":"***"}');
    assert.equal(inspect(s), 'Secret(***)');
    assert.equal(inspect({ nested: { s } }), '{ nested: { s: Secret(***) } }');
    assert.equal(s.reveal(), 'sk_live_abcdef123');
    assert.equal(reveal(s), 'sk_live_abcdef123');
    assert.equal(asSecret(s), s);
  });

  it('maskSecrets scrubs raw, URL-encoded and base64 forms from any text', () => {
    assert.equal(maskSecrets('GET https://api.example.com/x?key=sk_live_abcdef123&y=1'), 'GET https://api.example.com/x?key=***&y=1');
    new Secret('p@ss word!');
    assert.equal(maskSecrets('u=p%40ss%20word! raw=p@ss word!'), 'u=*** raw=***');
    const basic = Buffer.from('user:p@ss word!').toString('base64');
    registerSecret('user:p@ss word!');
    assert.equal(maskSecrets(`Authorization: Basic ${basic}`), 'Authorization: Basic ***');
  });

  it('maskSecrets scrubs a secret quoted twice: URL-encoded inside a URL, JSON-escaped inside a JSON string', () => {
    const value = 'ab/cd+ef"gh\\ij k';
    registerSecret(value);
    const inUrl = encodeURIComponent(`https://api.example.com/next?key=${encodeURIComponent(value)}`);
    const inJson = JSON.stringify(JSON.stringify({ key: value }));
    for (const text of [inUrl, inJson, JSON.stringify(inUrl)]) {
      const masked = maskSecrets(text);
      assert.ok(masked.includes('***'), masked);
      for (const tail of ['ef', 'gh', 'ij']) assert.ok(!masked.includes(tail), `${tail} left in ${masked}`);
    }
  });

  it('maskSecrets masks a run of 8+ leading characters of a secret (an API echoing "it started with ..." leaked them)', () => {
    registerSecret('wrongkey0123456789abcdef');
    assert.equal(maskSecrets("It started with: 'wrongkey01'."), "It started with: '***'.");
    assert.equal(maskSecrets('prefix wrongkey0 then wrongkey0123456789abcdefX'), 'prefix *** then ***X');
    assert.equal(maskSecrets('wrongke is too short to say'), 'wrongke is too short to say');
  });

  it('SluiceError messages are masked', () => {
    assert.equal(new SluiceError('failed with sk_live_abcdef123').message, 'failed with ***');
  });

  it('registerCredentialSecrets masks passwords, not hosts', () => {
    registerCredentialSecrets({ host: 'pg-host.internal', username: 'loader', password: 'cred-pw-42', nested: { client_secret: 'cs-777777' } });
    assert.equal(maskSecrets('loader@pg-host.internal cred-pw-42 cs-777777'), 'loader@pg-host.internal *** ***');
    registerCredentialSecrets('postgresql://loader:dsn%2Fpw99@pg-host.internal/db');
    assert.equal(maskSecrets('dsn/pw99 and dsn%2Fpw99 at pg-host.internal'), '*** and *** at pg-host.internal');
  });

  it('registerCredentialSecrets: a credentials table (secrets.toml, a resolved field) hides its secret leaves only; a table under a secret key is secret whole', () => {
    registerCredentialSecrets({ destination: { postgres: { credentials: { host: 'pg-box-9', username: 'loader9', database: 'warehouse9', password: 'tbl-pw-9981' } } } });
    registerCredentialSecrets({ host: 'pg-box-8', password: 'field-pw-8872' }, 'credentials');
    registerCredentialSecrets({ type: 'bearer', token: 'auth-tok-7763' }, 'auth');
    registerCredentialSecrets({ value: 'wrapped-key-6654' }, 'api_key');
    assert.equal(
      maskSecrets('postgresql://loader9:tbl-pw-9981@pg-box-9/warehouse9 pg-box-8 field-pw-8872 bearer auth-tok-7763 wrapped-key-6654'),
      'postgresql://loader9:***@pg-box-9/warehouse9 pg-box-8 *** bearer *** ***',
    );
  });
});
