import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/common/errors.js';
import { setLogSink, type LogLevel } from '../../src/common/log.js';
import { ConfigFieldMissingError, ConfigValueTypeError, ValueNotSecretError } from '../../src/config/config-errors.js';
import { CONFIG_PLACEHOLDER } from '../../src/config/placeholder.js';
import { config, secrets } from '../../src/config/define.js';
import { resolveDestinationCredentials, resolveFields, resolveRuntimeConfig } from '../../src/config/resolve.js';
import { Secret, maskSecrets } from '../../src/config/secret.js';
import { clearResolvedConfigTraces, resolvedConfigTraces } from '../../src/config/trace.js';
import { fixture } from './helpers.js';

const source = { kind: 'source', name: 'passwordless_source' } as const;
const apiSecret = { api_secret: secrets.value() };

function resolveSecret(f: ReturnType<typeof fixture>, pipelineName?: string, scope: Parameters<typeof resolveFields>[1] = source): string {
  return resolveFields(apiSecret, scope, {}, { providers: f.providers(), pipelineName }).api_secret.reveal();
}

describe('provider precedence', () => {
  const all = {
    env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'from-env' },
    secrets: '[sources.passwordless_source]\napi_secret = "from-secrets"\n',
    globalSecrets: '[sources.passwordless_source]\napi_secret = "from-global"\n',
  };

  it('env beats secrets.toml beats global', () => {
    assert.equal(resolveSecret(fixture(all)), 'from-env');
    assert.equal(resolveSecret(fixture({ ...all, env: {} })), 'from-secrets');
    assert.equal(resolveSecret(fixture({ globalSecrets: all.globalSecrets })), 'from-global');
  });

  it('secrets.toml beats config.toml beats global config for config values', () => {
    const fields = { base_url: config.value('https://default') };
    const r = (files: Parameters<typeof fixture>[0]) => resolveFields(fields, source, {}, { providers: fixture(files).providers() }).base_url;
    const sec = '[sources.passwordless_source]\nbase_url = "s"\n';
    const cfg = '[sources.passwordless_source]\nbase_url = "c"\n';
    const glob = '[sources.passwordless_source]\nbase_url = "g"\n';
    assert.equal(r({ secrets: sec, config: cfg, globalConfig: glob }), 's');
    assert.equal(r({ config: cfg, globalConfig: glob }), 'c');
    assert.equal(r({ globalConfig: glob }), 'g');
    assert.equal(r({}), 'https://default');
    assert.equal(r({ env: { BASE_URL: 'e' }, secrets: sec }), 'e', 'env, even at the least specific path, beats any file (provider-major)');
  });

  it('a more specific section beats a more general one within a provider', () => {
    const toml = (...lines: string[]) => fixture({ secrets: lines.join('\n') });
    assert.equal(resolveSecret(toml('api_secret = "v-top"', '[sources]', 'api_secret = "v-sources"', '[sources.passwordless_source]', 'api_secret = "v-named"')), 'v-named');
    assert.equal(resolveSecret(toml('api_secret = "v-top"', '[sources]', 'api_secret = "v-sources"')), 'v-sources');
    assert.equal(resolveSecret(toml('api_secret = "v-top"')), 'v-top');
    assert.equal(resolveSecret(fixture({ env: { SOURCES__API_SECRET: 'v-general', SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'v-specific' } })), 'v-specific');
  });

  it('with a section different from the name: sources.<section>.<name> first, then sources.<section>, then sources.<name>', () => {
    const scope = { kind: 'source', name: 'passwordless_source', section: 'passwordless' } as const;
    const env = {
      SOURCES__PASSWORDLESS__PASSWORDLESS_SOURCE__API_SECRET: 'a',
      SOURCES__PASSWORDLESS__API_SECRET: 'b',
      SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'c',
    };
    assert.equal(resolveSecret(fixture({ env }), undefined, scope), 'a');
    const { SOURCES__PASSWORDLESS__PASSWORDLESS_SOURCE__API_SECRET: _a, ...env2 } = env;
    assert.equal(resolveSecret(fixture({ env: env2 }), undefined, scope), 'b');
    const { SOURCES__PASSWORDLESS__API_SECRET: _b, ...env3 } = env2;
    assert.equal(resolveSecret(fixture({ env: env3 }), undefined, scope), 'c');
  });

  it('in a pipeline context the pipeline-prefixed search runs first, across all providers', () => {
    const f = fixture({
      env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'plain-env' },
      secrets: '[my_pipe.sources.passwordless_source]\napi_secret = "pipe-toml"\n',
    });
    assert.equal(resolveSecret(f, 'my_pipe'), 'pipe-toml');
    assert.equal(resolveSecret(f), 'plain-env');
    assert.equal(resolveSecret(fixture({ env: { MY_PIPE__SOURCES__API_SECRET: 'pipe-general', SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'x' } }), 'my_pipe'), 'pipe-general');
    assert.equal(resolveSecret(fixture({ env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'v-fallback' } }), 'my_pipe'), 'v-fallback');
  });

  it('reads _1password_source from env and TOML', () => {
    const scope = { kind: 'source', name: '_1password_source' } as const;
    const fields = { access_token: secrets.value() };
    const viaEnv = resolveFields(fields, scope, {}, { providers: fixture({ env: { SOURCES___1PASSWORD_SOURCE__ACCESS_TOKEN: 'tok-env' } }).providers() });
    assert.equal(viaEnv.access_token.reveal(), 'tok-env');
    const viaToml = resolveFields(fields, scope, {}, { providers: fixture({ secrets: '[sources._1password_source]\naccess_token = "tok-toml"\n' }).providers() });
    assert.equal(viaToml.access_token.reveal(), 'tok-toml');
  });
});

describe('missing values', () => {
  it('one error lists every key and provider tried', () => {
    const f = fixture({});
    assert.throws(
      () => resolveFields(apiSecret, source, {}, { providers: f.providers() }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigFieldMissingError && e instanceof ConfigError);
        assert.equal(e.exitCode, 2);
        assert.match(
          e.message,
          /^Missing secret api_secret for source passwordless_source\. Set it in \.dlt\/secrets\.toml \(\[sources\.passwordless_source\] api_secret = "\.\.\."\) or in the env var SOURCES__PASSWORDLESS_SOURCE__API_SECRET\. Looked in: env SOURCES__PASSWORDLESS_SOURCE__API_SECRET, SOURCES__API_SECRET, API_SECRET; \S*\.dlt\/secrets\.toml \[sources\.passwordless_source\] api_secret, \[sources\] api_secret, api_secret; .*config\.toml/,
        );
        assert.equal(e.fields[0]!.tried.length, 5);
        assert.deepEqual(e.fields[0]!.tried[0], { provider: 'env', keys: ['SOURCES__PASSWORDLESS_SOURCE__API_SECRET', 'SOURCES__API_SECRET', 'API_SECRET'] });
        assert.match(e.message, /Set it in \.dlt\/secrets\.toml \(\[sources\.passwordless_source\] api_secret = "\.\.\."\)/);
        return true;
      },
    );
  });

  it('several missing fields make one error; pipeline-prefixed keys are listed first', () => {
    const fields = { token: secrets.value(), tenant_id: config.value(), region: config.value('us') };
    assert.throws(
      () => resolveFields(fields, { kind: 'source', name: 'authsignal_source' }, {}, { providers: fixture({}).providers(), pipelineName: 'p' }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigFieldMissingError);
        assert.deepEqual(e.fields.map((x) => x.key), ['token', 'tenant_id']);
        assert.match(e.message, /^Missing 2 values for source authsignal_source:\n  - Missing secret token/);
        assert.match(e.message, /Missing config value tenant_id/);
        assert.deepEqual(e.fields[0]!.tried[0]!.keys.slice(0, 4), ['P__SOURCES__AUTHSIGNAL_SOURCE__TOKEN', 'P__SOURCES__TOKEN', 'P__TOKEN', 'SOURCES__AUTHSIGNAL_SOURCE__TOKEN']);
        return true;
      },
    );
  });

  it('optional fields resolve to undefined', () => {
    const r = resolveFields({ a: secrets.optional(), b: config.optional('number') }, source, {}, { providers: fixture({}).providers() });
    assert.equal(r.a, undefined);
    assert.equal(r.b, undefined);
  });
});

describe('secrets in config.toml', () => {
  it('a value requested as secret found in config.toml is an error', () => {
    const f = fixture({ config: '[sources.passwordless_source]\napi_secret = "oops-in-config"\n' });
    assert.throws(
      () => resolveFields(apiSecret, source, {}, { providers: f.providers() }),
      (e: unknown) => {
        assert.ok(e instanceof ValueNotSecretError && e instanceof ConfigError);
        assert.match(e.message, /api_secret is a secret, but it was found in .*config\.toml \[sources\.passwordless_source\] api_secret/);
        assert.match(e.message, /SOURCES__PASSWORDLESS_SOURCE__API_SECRET/);
        assert.doesNotMatch(e.message, /oops-in-config/);
        return true;
      },
    );
  });

  it('is fine when a higher provider has it', () => {
    const f = fixture({ config: '[sources.passwordless_source]\napi_secret = "x"\n', secrets: '[sources.passwordless_source]\napi_secret = "good-one"\n' });
    assert.equal(resolveSecret(f), 'good-one');
  });

  it('global config.toml is refused too', () => {
    assert.throws(() => resolveSecret(fixture({ globalConfig: 'api_secret = "x"\n' })), ValueNotSecretError);
  });
});

describe('placeholders', () => {
  it('warn and count as missing', () => {
    const lines: string[] = [];
    const prev = setLogSink((_l: LogLevel, line: string) => lines.push(line));
    try {
      const f = fixture({ secrets: `[sources.passwordless_source]\napi_secret = "${CONFIG_PLACEHOLDER}"\n` });
      assert.throws(
        () => resolveFields(apiSecret, source, {}, { providers: f.providers() }),
        (e: unknown) => e instanceof ConfigFieldMissingError && /placeholder left by `sluice init` in .*secrets\.toml \[sources\.passwordless_source\] api_secret/.test(e.message),
      );
      assert.equal(lines.length, 1);
      assert.match(lines[0]!, /WARNING.*secrets\.toml \[sources\.passwordless_source\] api_secret still holds the placeholder/);
      // a lower provider's real value is used
      const g = fixture({ secrets: `[sources.passwordless_source]\napi_secret = "${CONFIG_PLACEHOLDER}"\n`, globalSecrets: 'api_secret = "real-global"\n' });
      assert.equal(resolveSecret(g), 'real-global');
    } finally {
      setLogSink(prev);
    }
  });

  it('placeholder fields of a credentials table are dropped', () => {
    const prev = setLogSink(() => {});
    try {
      const f = fixture({ secrets: `[destination.postgres.credentials]\nhost = "h"\npassword = "${CONFIG_PLACEHOLDER}"\n` });
      assert.deepEqual(resolveDestinationCredentials('postgres', { providers: f.providers() }), { host: 'h' });
    } finally {
      setLogSink(prev);
    }
  });
});

describe('value types', () => {
  it('parses numbers and booleans from env strings; TOML keeps its types', () => {
    const fields = { page_size: config.value(100), include_deleted: config.value(false), name: config.value('n'), key: secrets.value() };
    const r = resolveFields(fields, source, {}, { providers: fixture({ env: { SOURCES__PAGE_SIZE: '250', SOURCES__INCLUDE_DELETED: 'true', KEY: '12345678' } }).providers() });
    assert.equal(r.page_size, 250);
    assert.equal(r.include_deleted, true);
    assert.equal(r.name, 'n');
    assert.ok(r.key instanceof Secret);
    const t = resolveFields(fields, source, {}, { providers: fixture({ secrets: 'page_size = 7\ninclude_deleted = true\nkey = 99999\n' }).providers() });
    assert.equal(t.page_size, 7);
    assert.equal(t.key.reveal(), '99999');
  });

  it('a bad number names where it came from', () => {
    assert.throws(
      () => resolveFields({ page_size: config.value(100) }, source, {}, { providers: fixture({ env: { SOURCES__PAGE_SIZE: 'lots' } }).providers() }),
      (e: unknown) => e instanceof ConfigValueTypeError && e.message === 'env SOURCES__PAGE_SIZE: expected a number, got "lots"',
    );
  });

  it('explicit values win and are converted', () => {
    const r = resolveFields({ key: secrets.value(), n: config.value(1) }, source, { key: 'explicit-key', n: undefined }, { providers: fixture({ env: { KEY: 'env-key', N: '5' } }).providers() });
    assert.equal(r.key.reveal(), 'explicit-key');
    assert.equal(r.n, 5);
  });
});

describe('destination credentials', () => {
  it('returns a DSN string, masking its password', () => {
    const f = fixture({ env: { DESTINATION__POSTGRES__CREDENTIALS: 'postgresql://loader:dsn-p%40ss@db:5432/dlt' } });
    const c = resolveDestinationCredentials('postgres', { providers: f.providers() });
    assert.equal(c, 'postgresql://loader:dsn-p%40ss@db:5432/dlt');
    assert.equal(maskSecrets('auth failed: dsn-p@ss / dsn-p%40ss'), 'auth failed: *** / ***');
  });

  it('returns a TOML table, merged with single-field env vars, masking only secret fields', () => {
    const f = fixture({
      env: { DESTINATION__POSTGRES__CREDENTIALS__PASSWORD: 'env-pw-123' },
      secrets: '[destination.postgres.credentials]\nhost = "pg.example"\nusername = "loader"\npassword = "toml-pw"\ndatabase = "d"\n',
    });
    const c = resolveDestinationCredentials('postgres', { providers: f.providers() });
    assert.deepEqual(c, { password: 'env-pw-123', host: 'pg.example', username: 'loader', database: 'd' });
    assert.equal(maskSecrets('env-pw-123 at pg.example as loader'), '*** at pg.example as loader');
  });

  it('accepts JSON in env, falls back to destination.credentials, honours the pipeline prefix', () => {
    const json = fixture({ env: { DESTINATION__CREDENTIALS: '{"host":"j"}' } });
    assert.deepEqual(resolveDestinationCredentials('postgres', { providers: json.providers() }), { host: 'j' });
    const piped = fixture({ env: { P1__DESTINATION__POSTGRES__CREDENTIALS: 'postgresql://a:b1234@p1/db', DESTINATION__POSTGRES__CREDENTIALS: 'postgresql://a:zzzz@x/db' } });
    assert.equal(resolveDestinationCredentials('postgres', { providers: piped.providers(), pipelineName: 'p1' }), 'postgresql://a:b1234@p1/db');
  });

  it('missing: undefined, or one error when required', () => {
    const f = fixture({});
    assert.equal(resolveDestinationCredentials('postgres', { providers: f.providers() }), undefined);
    assert.throws(
      () => resolveDestinationCredentials('postgres', { providers: f.providers(), required: true }),
      /^ConfigFieldMissingError|Missing secret credentials for destination postgres\. .* Looked in: env DESTINATION__POSTGRES__CREDENTIALS, DESTINATION__CREDENTIALS, CREDENTIALS;/,
    );
  });

  it('missing with fields: the error names the per-field env vars and the TOML table too', () => {
    const f = fixture({});
    assert.throws(
      () => resolveDestinationCredentials('postgres', { providers: f.providers(), required: true, fields: ['database', 'password'] }),
      (e: Error) =>
        e.message.includes('Or field by field: the env vars DESTINATION__POSTGRES__CREDENTIALS__DATABASE, DESTINATION__POSTGRES__CREDENTIALS__PASSWORD, or a [destination.postgres.credentials] table in .dlt/secrets.toml (database = ..., password = ...).'),
    );
  });

  it('refuses credentials in config.toml', () => {
    assert.throws(() => resolveDestinationCredentials('postgres', { providers: fixture({ config: '[destination.postgres]\ncredentials = "postgresql://a:b@c/d"\n' }).providers() }), ValueNotSecretError);
  });
});

describe('runtime config', () => {
  it('defaults, env overrides and TOML', () => {
    assert.deepEqual(resolveRuntimeConfig({ providers: fixture({}).providers() }), {
      request_timeout: 60,
      request_max_attempts: 5,
      request_backoff_factor: 1,
      request_max_retry_delay: 300,
      request_rate_limit_backoff_factor: 5,
      log_level: 'WARNING',
    });
    const r = resolveRuntimeConfig({ providers: fixture({ env: { RUNTIME__REQUEST_TIMEOUT: '5', RUNTIME__LOG_LEVEL: 'info' }, config: '[runtime]\nrequest_max_attempts = 2\n' }).providers() });
    assert.equal(r.request_timeout, 5);
    assert.equal(r.request_max_attempts, 2);
    assert.equal(r.log_level, 'INFO');
    assert.throws(() => resolveRuntimeConfig({ providers: fixture({ env: { RUNTIME__LOG_LEVEL: 'loud' } }).providers() }), ConfigError);
  });
});

describe('trace', () => {
  it('records the provider of each value, never a secret value', () => {
    clearResolvedConfigTraces();
    const f = fixture({ env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'traced-secret-1' }, config: '[sources.passwordless_source]\nbase_url = "http://b"\n' });
    resolveFields({ api_secret: secrets.value(), base_url: config.value('x') }, source, {}, { providers: f.providers() });
    const t = resolvedConfigTraces();
    assert.equal(t.length, 2);
    assert.deepEqual(t[0], { key: 'api_secret', sections: ['sources', 'passwordless_source'], provider: 'env', location: 'SOURCES__PASSWORDLESS_SOURCE__API_SECRET', secret: true });
    assert.equal(t[1]!.value, 'http://b');
    assert.match(t[1]!.provider, /config\.toml$/);
    assert.doesNotMatch(JSON.stringify(t), /traced-secret-1/);
  });
});
