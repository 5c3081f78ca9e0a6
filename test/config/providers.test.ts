import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EnvProvider, envVarName, splitEnvVarName } from '../../src/config/providers/env-provider.js';
import { TomlProvider } from '../../src/config/providers/toml-provider.js';
import { ConfigFileError } from '../../src/config/config-errors.js';
import { ConfigError } from '../../src/common/errors.js';
import { fixture } from './helpers.js';
import { join } from 'node:path';
import { inspect } from 'node:util';

describe('env provider', () => {
  it('names env vars upper-case with __ between sections', () => {
    assert.equal(envVarName(['sources', 'passwordless_source'], 'api_secret'), 'SOURCES__PASSWORDLESS_SOURCE__API_SECRET');
    assert.equal(envVarName(['destination', 'postgres'], 'credentials'), 'DESTINATION__POSTGRES__CREDENTIALS');
    assert.equal(envVarName(['runtime'], 'request_timeout'), 'RUNTIME__REQUEST_TIMEOUT');
  });

  it('keeps the leading underscore of a section like _1password_source', () => {
    assert.equal(envVarName(['sources', '_1password_source'], 'access_token'), 'SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN');
    assert.deepEqual(splitEnvVarName('SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN'), ['sources', '_1password_source', 'access_token']);
    const p = new EnvProvider({ SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN: 'tok-1234' });
    assert.equal(p.get(['sources', '_1password_source'], 'access_token')?.value, 'tok-1234');
  });

  it('assembles a table from sub-keys only when a table is wanted', () => {
    const p = new EnvProvider({
      DESTINATION__POSTGRES__CREDENTIALS__PASSWORD: 'pw-9876',
      DESTINATION__POSTGRES__CREDENTIALS__HOST: 'db.local',
      DESTINATION__POSTGRES__CREDENTIALS__OPTIONS___X__Y: 'z',
    });
    assert.equal(p.get(['destination', 'postgres'], 'credentials'), undefined);
    assert.deepEqual(p.get(['destination', 'postgres'], 'credentials', true)?.value, {
      password: 'pw-9876',
      host: 'db.local',
      options: { _x: { y: 'z' } },
    });
  });

  it('treats empty variables as unset', () => {
    assert.equal(new EnvProvider({ API_SECRET: '' }).get([], 'api_secret'), undefined);
  });
});

describe('toml provider', () => {
  it('reads tables, nested credential tables and DSN strings', () => {
    const f = fixture({
      secrets: `
[sources.passwordless_source]
api_secret = "sec-abc"

[destination.postgres.credentials]
host = "localhost"
port = 5432

[destination.other]
credentials = "postgresql://u:p4ss@h:5432/db"
`,
    });
    const [, secrets] = f.providers();
    assert.equal(secrets!.name.endsWith('secrets.toml'), true);
    assert.equal(secrets!.get(['sources', 'passwordless_source'], 'api_secret')?.value, 'sec-abc');
    assert.deepEqual(secrets!.get(['destination', 'postgres'], 'credentials')?.value, { host: 'localhost', port: 5432 });
    assert.equal(secrets!.get(['destination', 'other'], 'credentials')?.value, 'postgresql://u:p4ss@h:5432/db');
    assert.equal(secrets!.get(['sources'], 'api_secret'), undefined);
    assert.equal(secrets!.describe(['sources', '_1password_source'], 'access_token'), '[sources._1password_source] access_token');
  });

  it('a missing file is an empty provider', () => {
    const p = new TomlProvider('/nonexistent/dir/secrets.toml', 'secrets');
    assert.equal(p.get(['a'], 'b'), undefined);
  });

  it('a malformed file is an error naming file, line and column, without its content', () => {
    const f = fixture({ secrets: 'ok = 1\n[sources.x\napi_secret = "do-not-show-me"\n' });
    const secrets = f.providers()[1]!;
    assert.throws(
      () => secrets.get(['sources', 'x'], 'api_secret'),
      (e: unknown) => {
        assert.ok(e instanceof ConfigFileError && e instanceof ConfigError);
        assert.match(e.message, /^Malformed TOML in .*\.dlt\/secrets\.toml:2:\d+: /);
        assert.equal(e.line, 2);
        assert.doesNotMatch(e.message, /do-not-show-me/);
        return true;
      },
    );
  });

  it('a malformed file: what console.log and the CLI --verbose print (stack, cause chain) has no value of it', () => {
    const f = fixture({ secrets: '[sources.x]\napi_secret = "do-not-show-me"\nother = = 1\n' });
    const secrets = f.providers()[1]!;
    const e = (() => {
      try {
        secrets.get(['sources', 'x'], 'api_secret');
      } catch (err) {
        return err as Error;
      }
    })();
    assert.ok(e instanceof ConfigFileError);
    let text = inspect(e, { depth: 10 });
    for (let c: unknown = e; c instanceof Error; c = c.cause) text += `${c.stack}\n${c.message}`;
    assert.doesNotMatch(text, /do-not-show-me/);
  });

  it('names project files relative to the cwd and global ones by path', () => {
    const f = fixture({});
    const names = f.providers().map((p) => p.name);
    assert.equal(names[0], 'env');
    assert.equal(names[3], join(f.globalDir, 'secrets.toml'));
    assert.equal(names[4], join(f.globalDir, 'config.toml'));
  });
});
