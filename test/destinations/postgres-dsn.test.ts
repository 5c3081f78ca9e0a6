/**
 * PostgreSQL connection strings as dlt reads them (SQLAlchemy's URL grammar, libpq's query parameters):
 * passwords with `@ : / # ? %`, encoded or not; `?sslmode=...&connect_timeout=...` reaching the
 * connection; a DSN completed by field values from other providers.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveDestinationCredentials } from '../../src/config/resolve.js';
import { maskSecrets } from '../../src/config/secret.js';
import { PostgresSqlClient } from '../../src/destinations/postgres/postgres-sql-client.js';
import { PostgresCredentials } from '../../src/index.js';
import { fixture } from '../config/helpers.js';
import { PG, postgresSelected } from './targets.js';

const skip = !postgresSelected() && 'DESTINATIONS does not select postgres';

describe('postgres DSN passwords', () => {
  const cases: [string, string][] = [
    ['p:ss-word', 'p:ss-word'],
    ['p/ss-word', 'p/ss-word'],
    ['p#ss-word', 'p#ss-word'],
    ['p?ss-word', 'p?ss-word'],
    ['p@ss-word', 'p@ss-word'],
    ['p%ss-word', 'p%ss-word'], // not an escape: kept as written (Python's unquote)
    ['100%-sure', '100%-sure'],
    ['p%40%3A%2F%23%25x', 'p@:/#%x'], // encoded
  ];
  for (const [written, password] of cases) {
    for (const port of ['', ':6543']) {
      test(`${written} ${port ? 'with' : 'without'} a port`, () => {
        const c = PostgresCredentials.parse(`postgresql://loader:${written}@db.example.com${port}/dlt_data?sslmode=require&connect_timeout=5`);
        assert.equal(c.password?.reveal(), password);
        assert.equal(c.username, 'loader');
        assert.equal(c.host, 'db.example.com');
        assert.equal(c.port, port ? 6543 : 5432);
        assert.equal(c.database, 'dlt_data');
        assert.equal(c.connectTimeout, 5);
        assert.deepEqual(c.query, { sslmode: 'require', connect_timeout: '5' });
        // the query is shown as dlt's to_url() renders it (it was dropped: sslmode=require was invisible)
        assert.equal(c.toDisplayString(), `postgresql://loader:***@db.example.com:${port ? 6543 : 5432}/dlt_data?sslmode=require&connect_timeout=5`);
        // masked wherever the DSN text or the password shows up
        assert.ok(!maskSecrets(`dsn postgresql://loader:${written}@db.example.com${port}/dlt_data, password ${password}`).includes(password));
      });
    }
  }

  test('a malformed DSN names the problem, never the DSN', () => {
    const err = (() => {
      try {
        PostgresCredentials.parse('postgresql://loader:s3cret-value@db:notaport/db');
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    assert.match(err.message, /port must be a non-negative integer/);
    assert.ok(!err.message.includes('s3cret-value'));
  });
});

describe('postgres DSN query parameters', () => {
  test('sslmode becomes the TLS options libpq would use', () => {
    const ssl = (mode: string) => PostgresCredentials.parse(`postgresql://u:pw@h/db?sslmode=${mode}`).toClientConfig().ssl;
    assert.equal(ssl('disable'), false);
    assert.equal(ssl('prefer'), false);
    assert.deepEqual(ssl('require'), { rejectUnauthorized: false });
    assert.deepEqual(ssl('verify-full'), {});
    assert.equal(PostgresCredentials.parse('postgresql://u:pw@h/db').toClientConfig().ssl, undefined);
  });

  test('application_name, options and client_encoding reach the client; a query table in TOML too', () => {
    const c = PostgresCredentials.parse('postgresql://u:pw@h/db?application_name=etl&options=-c%20search_path%3Dx&client_encoding=UTF8');
    const cfg = c.toClientConfig();
    assert.equal(cfg.application_name, 'etl');
    assert.equal(cfg.options, '-c search_path=x');
    assert.equal(cfg.client_encoding, 'UTF8');
    const f = fixture({ secrets: '[destination.postgres.credentials]\ndatabase = "d"\nusername = "u"\nhost = "h"\nquery = { sslmode = "require", connect_timeout = 3 }\n' });
    const t = PostgresCredentials.from(resolveDestinationCredentials('postgres', { providers: f.providers(), required: true }) as never);
    assert.deepEqual(t.toClientConfig().ssl, { rejectUnauthorized: false });
    assert.equal(t.connectTimeout, 3);
  });

  test('an unknown parameter or sslmode is an error with a suggestion, not silently dropped', () => {
    assert.throws(() => PostgresCredentials.parse('postgresql://u:pw@h/db?sslmod=require'), /query parameter 'sslmod' is not supported; did you mean 'sslmode'\?/);
    assert.throws(() => PostgresCredentials.parse('postgresql://u:pw@h/db?sslmode=requir'), /sslmode: expected one of disable, allow, prefer, require, verify-ca, verify-full, got "requir"; did you mean 'require'\?/);
  });

  test('sslmode=require is honoured by a real connection (the test server has no TLS)', { skip }, async () => {
    const dsn = (mode: string) => `postgresql://${PG.user}:pw-unused@${PG.host}:${PG.port}/${PG.database}?sslmode=${mode}&application_name=dsn_probe`;
    await assert.rejects(PostgresSqlClient.connect(PostgresCredentials.parse(dsn('require'))), /does not support SSL/);
    const client = await PostgresSqlClient.connect(PostgresCredentials.parse(dsn('disable')));
    try {
      const rows = await client.query('SELECT current_setting(\'application_name\') AS application_name');
      assert.equal(rows[0]?.application_name, 'dsn_probe');
    } finally {
      await client.close();
    }
  });
});

describe('a DSN completed by fields (dlt: the DSN parts are explicit, fields fill the rest)', () => {
  test('a DSN without password in secrets.toml + DESTINATION__POSTGRES__CREDENTIALS__PASSWORD', () => {
    const f = fixture({
      secrets: '[destination.postgres]\ncredentials = "postgresql://loader@db.example.com:6543/dlt_data?sslmode=require"\n',
      env: { DESTINATION__POSTGRES__CREDENTIALS__PASSWORD: 'env-pw-8f3k2' },
    });
    const c = PostgresCredentials.from(resolveDestinationCredentials('postgres', { providers: f.providers(), required: true }) as never);
    assert.equal(c.password?.reveal(), 'env-pw-8f3k2');
    assert.equal(c.host, 'db.example.com');
    assert.equal(c.port, 6543);
    assert.equal(c.username, 'loader');
    assert.deepEqual(c.query, { sslmode: 'require' });
  });

  test('a field does not override a part the DSN has; a DSN in env is completed by a secrets.toml table', () => {
    const f = fixture({
      secrets: '[destination.postgres.credentials]\npassword = "toml-pw-2k9d"\nhost = "toml-host"\n',
      env: { DESTINATION__POSTGRES__CREDENTIALS: 'postgresql://loader@env-host/dlt_data' },
    });
    const c = PostgresCredentials.from(resolveDestinationCredentials('postgres', { providers: f.providers(), required: true }) as never);
    assert.equal(c.host, 'env-host');
    assert.equal(c.password?.reveal(), 'toml-pw-2k9d');
  });
});
