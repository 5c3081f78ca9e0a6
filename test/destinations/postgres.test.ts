/**
 * PostgreSQL specifics: credentials (DSN, parts, config), masking, type mapping, and bad input —
 * unreachable server, wrong password, a dataset schema owned by another role, rejected data. Each
 * bad-input case gives one clear error naming the DSN with the password masked, and leaves the package
 * pending for a later run (or, for rejected data, fails only that job).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { pipeline, postgres, PostgresCredentials, PipelineStepFailed, resource, Secret } from '../../src/index.js';
import { isPostgresDataError, POSTGRES_TYPES } from '../../src/destinations/postgres/postgres-dialect.js';
import { PostgresSqlClient } from '../../src/destinations/postgres/postgres-sql-client.js';
import { uniquePgDataset, PG, PG_DSN, pgAdmin, postgresSelected } from './targets.js';
import { tempDir } from '../helpers.js';

const skip = !postgresSelected() && 'DESTINATIONS does not select postgres';
const uniqueDataset = uniquePgDataset;

describe('postgres credentials', () => {
  test('a DSN parses into parts; the display form masks the password', () => {
    const c = PostgresCredentials.parse('postgresql://loader:s3cr%40t-pw@db.example.com:6543/dlt_data?connect_timeout=7');
    assert.equal(c.username, 'loader');
    assert.equal(c.password?.reveal(), 's3cr@t-pw');
    assert.equal(c.host, 'db.example.com');
    assert.equal(c.port, 6543);
    assert.equal(c.database, 'dlt_data');
    assert.equal(c.connectTimeout, 7);
    assert.equal(c.toDisplayString(), 'postgresql://loader:***@db.example.com:6543/dlt_data?connect_timeout=7');
    assert.ok(!JSON.stringify(c).includes('s3cr'));
  });

  test('parts get dlt defaults: port 5432, connect_timeout 15', () => {
    const c = PostgresCredentials.from({ database: 'db', username: 'loader', password: 'pw-secret', host: 'localhost' });
    assert.equal(c.port, 5432);
    assert.equal(c.connectTimeout, 15);
    assert.ok(c.password instanceof Secret);
    assert.equal(c.toDisplayString(), 'postgresql://loader:***@localhost:5432/db');
    assert.equal(postgres({ credentials: { database: 'db', username: 'u', password: 'x-secret', host: 'h', port: '5433' } })('p').displayLocation(), 'postgresql://u:***@h:5433/db');
  });

  test('bad credentials are config errors that say what is expected', () => {
    assert.throws(() => PostgresCredentials.parse('mysql://u:p@h/db'), /scheme 'mysql' is not postgresql/);
    assert.throws(() => PostgresCredentials.parse('not a dsn'), /not a connection string/);
    assert.throws(() => PostgresCredentials.from({ database: '', username: 'u' }), /database is required/);
    assert.throws(() => PostgresCredentials.from({ database: 'd', port: 'abc' }), /port must be a non-negative integer, got "abc"/);
  });

  test('credentials resolve from DESTINATION__POSTGRES__CREDENTIALS and [destination.postgres.credentials]', () => {
    const dir = tempDir();
    const saved = { ...process.env };
    try {
      process.env.SLUICE_PROJECT_DIR = dir;
      process.env.DESTINATION__POSTGRES__CREDENTIALS = 'postgresql://envuser:env-secret-pw@envhost:5432/envdb';
      assert.equal(postgres()('p').displayLocation(), 'postgresql://envuser:***@envhost:5432/envdb');
      delete process.env.DESTINATION__POSTGRES__CREDENTIALS;
      mkdirSync(join(dir, '.dlt'));
      writeFileSync(
        join(dir, '.dlt', 'secrets.toml'),
        '[destination.postgres.credentials]\ndatabase = "tomldb"\nusername = "tomluser"\npassword = "toml-secret-pw"\nhost = "tomlhost"\n',
      );
      const p = pipeline({ pipelineName: 'cred_p', destination: 'postgres', pipelinesDir: dir });
      return p.destination().then((d) => assert.equal(d.displayLocation(), 'postgresql://tomluser:***@tomlhost:5432/tomldb'));
    } finally {
      process.env = saved;
    }
  });

  test('missing credentials name the keys that were tried', async () => {
    const dir = tempDir();
    const saved = { ...process.env };
    try {
      process.env.SLUICE_PROJECT_DIR = dir;
      process.env.SLUICE_GLOBAL_DIR = dir;
      delete process.env.DESTINATION__POSTGRES__CREDENTIALS;
      delete process.env.CREDENTIALS;
      assert.throws(() => postgres()('p'), /DESTINATION__POSTGRES__CREDENTIALS/);
    } finally {
      process.env = saved;
    }
  });
});

describe('postgres error classification', () => {
  test('SQLSTATE classes 22 and 23 are data errors; 08, 57P01, 28, 42 are not', () => {
    for (const code of ['22P02', '22003', '22001', '23505', '23502']) assert.equal(isPostgresDataError({ code }), true, code);
    for (const code of ['08006', '08001', '57P01', '28P01', '42501', '42P01', undefined]) assert.equal(isPostgresDataError({ code }), false, String(code));
    assert.equal(isPostgresDataError(new Error('x', { cause: { code: '22007' } })), true);
  });
});

describe('postgres against a server', { skip }, () => {
  test('type mapping: every data type lands as its postgres type and round-trips', async () => {
    const ds = uniqueDataset();
    const dir = tempDir();
    const p = pipeline({ pipelineName: 'types_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir });
    await p.run(
      [
        {
          s: 'text "quoted", with comma\nand newline',
          empty: '',
          i: 9007199254740993n,
          f: 1.25,
          ok: true,
          ts: '2024-02-03T04:05:06.789Z',
          d: '2024-02-03',
          t: '10:11:12',
          n: '12.500000001',
          j: { a: [1, { b: null }] },
          b: Buffer.from([0, 1, 254, 255]),
        },
      ],
      {
        table_name: 'typed',
        columns: { i: { data_type: 'bigint' }, d: { data_type: 'date' }, t: { data_type: 'time' }, n: { data_type: 'decimal' }, j: { data_type: 'json' }, b: { data_type: 'binary' } },
      },
    );
    const cols = await pgAdmin<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '${ds}' AND table_name = 'typed'`,
    );
    assert.deepEqual(Object.fromEntries(cols.map((c) => [c.column_name, c.data_type])), {
      s: 'character varying',
      empty: 'character varying',
      i: 'bigint',
      f: 'double precision',
      ok: 'boolean',
      ts: 'timestamp with time zone',
      d: 'date',
      t: 'time without time zone',
      n: 'numeric',
      j: 'jsonb',
      b: 'bytea',
      _dlt_load_id: 'character varying',
      _dlt_id: 'character varying',
    });
    const [row] = await p.dataset().query('SELECT s, empty, i, f, ok, ts, d, t, n::text AS n, j, b FROM typed');
    assert.deepEqual(row, {
      s: 'text "quoted", with comma\nand newline',
      empty: '',
      i: 9007199254740993n,
      f: 1.25,
      ok: true,
      ts: new Date('2024-02-03T04:05:06.789Z'),
      d: new Date('2024-02-03T00:00:00Z'),
      t: '10:11:12',
      n: '12.500000001',
      j: { a: [1, { b: null }] },
      b: Buffer.from([0, 1, 254, 255]),
    });
    assert.equal(POSTGRES_TYPES.decimal, 'numeric(38,9)');
  });

  test('precision and timezone hints size the postgres types; a timezone: false column holds the UTC wall time', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'hinted_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: tempDir() });
    await p.run([{ naive: '2024-05-01T23:30:00.5-05:00', ms: '2024-05-01T10:00:00.123456Z', small: 7, code: 'abc', at: '10:11:12.345678' }], {
      table_name: 'hinted',
      columns: {
        naive: { data_type: 'timestamp', timezone: false },
        ms: { data_type: 'timestamp', precision: 3 },
        small: { data_type: 'bigint', precision: 16 },
        code: { data_type: 'text', precision: 8 },
        at: { data_type: 'time', precision: 0 },
      },
    });
    const cols = await pgAdmin<{ column_name: string; data_type: string; datetime_precision: number | null; character_maximum_length: number | null }>(
      `SELECT column_name, data_type, datetime_precision, character_maximum_length FROM information_schema.columns WHERE table_schema = '${ds}' AND table_name = 'hinted'`,
    );
    const by = Object.fromEntries(cols.map((c) => [c.column_name, c]));
    assert.equal(by.naive!.data_type, 'timestamp without time zone');
    assert.deepEqual([by.ms!.data_type, by.ms!.datetime_precision], ['timestamp with time zone', 3]);
    assert.equal(by.small!.data_type, 'smallint');
    assert.deepEqual([by.code!.data_type, by.code!.character_maximum_length], ['character varying', 8]);
    assert.deepEqual([by.at!.data_type, by.at!.datetime_precision], ['time without time zone', 0]);
    const [row] = await pgAdmin(`SELECT naive::text AS naive, ms, small, at::text AS at FROM "${ds}".hinted`);
    assert.deepEqual(row, { naive: '2024-05-02 04:30:00.5', ms: new Date('2024-05-01T10:00:00.123Z'), small: 7, at: '10:11:12' });
    const [read] = await p.dataset().query('SELECT naive FROM hinted');
    assert.deepEqual(read, { naive: new Date('2024-05-02T04:30:00.500Z') }, 'a naive timestamp reads back as that UTC instant, whatever the process time zone');
  });

  test('the load report shows the DSN with the password masked', async () => {
    const dir = tempDir();
    const p = pipeline({
      pipelineName: 'report_p',
      destination: { type: 'postgres', credentials: { database: PG.database, username: PG.user, password: 'report-secret-pw', host: PG.host, port: PG.port } },
      datasetName: uniqueDataset(),
      pipelinesDir: dir,
    });
    const info = await p.run([{ id: 1 }], { table_name: 'x' });
    const text = String(info);
    assert.match(text, new RegExp(`The postgres destination used postgresql://${PG.user}:\\*\\*\\*@127\\.0\\.0\\.1:${PG.port}/test location to store data`));
    assert.ok(!text.includes('report-secret-pw'));
  });

  test('unreachable server: one clear error with the masked DSN; the package stays pending and loads later', async () => {
    const dir = tempDir();
    const ds = uniqueDataset();
    const good = pipeline({ pipelineName: 'unreach_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir });
    await good.run([{ id: 1 }], { table_name: 'users' });
    // The server goes away: extract and normalize still work, the load cannot.
    const bad = pipeline({
      pipelineName: 'unreach_p',
      destination: postgres({ credentials: 'postgresql://loader:unreach-secret-pw@127.0.0.1:1/test?connect_timeout=3' }),
      datasetName: ds,
      pipelinesDir: dir,
    });
    await bad.extract([{ id: 2 }, { id: 3 }], { table_name: 'users' });
    await bad.normalize();
    assert.equal(bad.pendingPackages().length, 1);
    const err = await bad.load().then(
      () => assert.fail('load should fail'),
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof PipelineStepFailed);
    assert.match(err.message, /cannot connect to postgresql:\/\/loader:\*\*\*@127\.0\.0\.1:1\/test\?connect_timeout=3: .*ECONNREFUSED.*is the server running/);
    assert.match(err.message, /the package stays pending/);
    assert.ok(!err.message.includes('unreach-secret-pw'));
    assert.equal(bad.pendingPackages().length, 1);

    await good.load();
    assert.equal(good.pendingPackages().length, 0);
    assert.equal(await good.dataset().table('users').count(), 3);
  });

  describe('wrong password', () => {
    let server: Server;
    before(async () => {
      server = fakeAuthFailingServer();
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    test('names the masked DSN and the SQLSTATE; the package stays pending', async () => {
      const port = (server.address() as AddressInfo).port;
      const dir = tempDir();
      // The package is made with working credentials; the password is then changed to a wrong one.
      const ds = uniqueDataset();
      const good = pipeline({ pipelineName: 'pw_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir });
      await good.extract([{ id: 1 }], { table_name: 'users' });
      await good.normalize();
      const p = pipeline({
        pipelineName: 'pw_p',
        destination: postgres({ credentials: `postgresql://loader:wrong-secret-pw@127.0.0.1:${port}/test` }),
        datasetName: ds,
        pipelinesDir: dir,
      });
      const err = await p.load().then(
        () => assert.fail('load should fail'),
        (e: unknown) => e as Error,
      );
      assert.match(err.message, new RegExp(`cannot connect to postgresql://loader:\\*\\*\\*@127\\.0\\.0\\.1:${port}/test: password authentication failed for user "loader" \\(28P01\\) — check the username and password`));
      assert.ok(!err.message.includes('wrong-secret-pw'));
      assert.equal(p.pendingPackages().length, 1);
    });
  });

  test('a dataset schema owned by another role: clear permission error, package stays pending, loads once granted', async () => {
    const tag = `${process.pid}_${Date.now().toString(36)}`;
    const owner = `sluice_owner_${tag}`;
    const loader = `sluice_loader_${tag}`;
    const ds = uniqueDataset();
    await pgAdmin(`CREATE ROLE ${owner} NOLOGIN; CREATE ROLE ${loader} LOGIN; CREATE SCHEMA "${ds}" AUTHORIZATION ${owner}; GRANT CREATE ON DATABASE ${PG.database} TO ${loader}`);
    after(async () => {
      await pgAdmin(`DROP SCHEMA IF EXISTS "${ds}" CASCADE; DROP SCHEMA IF EXISTS "${ds}_staging" CASCADE; REVOKE CREATE ON DATABASE ${PG.database} FROM ${loader}; DROP OWNED BY ${loader}; DROP ROLE IF EXISTS ${loader}; DROP ROLE IF EXISTS ${owner}`);
    });
    const dir = tempDir();
    const dsn = `postgresql://${loader}:owner-secret-pw@${PG.host}:${PG.port}/${PG.database}`;
    const p = pipeline({ pipelineName: 'owned_p', destination: postgres({ credentials: dsn }), datasetName: ds, pipelinesDir: dir });
    const err = await p.run([{ id: 1 }], { table_name: 'users' }).then(
      () => assert.fail('load should fail'),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, /permission denied for schema/);
    assert.match(err.message, /42501/);
    assert.match(err.message, new RegExp(`dataset schema "${ds}"`));
    assert.match(err.message, new RegExp(`destination postgresql://${loader}:\\*\\*\\*@127\\.0\\.0\\.1:${PG.port}/test`));
    assert.ok(!err.message.includes('owner-secret-pw'));
    assert.equal(p.pendingPackages().length, 1);

    await pgAdmin(`GRANT USAGE, CREATE ON SCHEMA "${ds}" TO ${loader}`);
    await p.load();
    assert.equal(p.pendingPackages().length, 0);
    assert.equal(await p.dataset().table('users').count(), 1);
  });

  test('rejected data fails only its job (terminally); the rest of the package loads', async () => {
    const dir = tempDir();
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'data_err_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir, raiseOnFailedJobs: false });
    await p.extract([resource([{ id: 1 }, { id: 2 }], { name: 'good' }), resource([{ n: 1 }], { name: 'bad' })]);
    await p.normalize();
    const [pkg] = p.pendingPackages();
    const badJob = pkg!.jobs().find((j) => j.table === 'bad')!;
    const path = pkg!.jobPath(badJob);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n1,/, '\nnot-a-number,'));
    const info = await p.load();
    assert.equal(info.hasFailedJobs, true);
    assert.match(String(info), /\[bad\.[0-9a-f]+\.csv\]: .*invalid input syntax for type bigint.*22P02/);
    assert.equal(p.pendingPackages().length, 0);
    assert.equal(await p.dataset().table('good').count(), 2);
    const failed = readdirSync(join(p.workingDir.loadedDir, pkg!.loadId, 'failed_jobs'));
    assert.ok(failed.some((f) => f.startsWith('bad.') && f.endsWith('.exception')));
  });

  test('a NUL character in text or json (PostgreSQL stores none) fails the load with a hint that names it', async () => {
    for (const [table, rec, columns] of [
      ['nul_text', { s: 'a\u0000b' }, undefined],
      ['nul_json', { j: { k: 'a\u0000b' } }, { j: { data_type: 'json' as const } }],
    ] as const) {
      const p = pipeline({ pipelineName: `p_${table}`, destination: postgres({ credentials: PG_DSN }), datasetName: uniqueDataset(), pipelinesDir: tempDir() });
      await assert.rejects(p.run([rec], { table_name: table, columns }), (e: Error) => {
        assert.match(e.message, new RegExp(`job ${table}\\.[0-9a-f]+\\.csv failed: .*\\[SQLSTATE 22(021|P05)\\] — PostgreSQL text and jsonb cannot hold the NUL character \\(\\\\u0000\\); remove it from the data before it is loaded`));
        return true;
      });
    }
  });

  test('a backend terminated during COPY: clear error, nothing half-loaded, the rerun loads every row once', async () => {
    const ds = uniqueDataset();
    const dir = tempDir();
    const mk = () => pipeline({ pipelineName: 'term_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir });
    const p = mk();
    await p.run([{ id: 0 }], { table_name: 'big' });
    const rows = function* () {
      for (let i = 1; i <= 200_000; i += 10_000) yield Array.from({ length: 10_000 }, (_, k) => ({ id: i + k, s: `row ${i + k} `.repeat(10), kids: [1, 2] }));
    };
    await p.extract(resource(rows, { name: 'big' }));
    await p.normalize();
    let killed = false;
    const killer = (async () => {
      for (let i = 0; i < 2000 && !killed; i++) {
        const [copy] = await pgAdmin<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'sluice' AND state = 'active' AND query LIKE 'COPY "${ds}"%'`);
        if (copy) killed = (await pgAdmin(`SELECT pg_terminate_backend(${copy.pid})`)).length > 0;
      }
    })();
    await assert.rejects(p.load(), /COPY into .* failed: terminating connection due to administrator command \[SQLSTATE 57P01\].*the package stays pending/s);
    await killer;
    assert.ok(killed);
    assert.equal(p.pendingPackages().length, 1);
    assert.deepEqual(await pgAdmin(`SELECT (SELECT count(*)::int FROM "${ds}".big) AS big, (SELECT count(*)::int FROM "${ds}"._dlt_loads) AS loads`), [{ big: 1, loads: 1 }]);
    await mk().load();
    assert.deepEqual(await pgAdmin(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, (SELECT count(*)::int FROM "${ds}".big__kids) AS kids FROM "${ds}".big`), [{ n: 200_001, ids: 200_001, kids: 400_000 }]);
  });

  test('a table locked by another session: the load waits (as dlt); with lock_timeout in options it fails clearly and stays pending', async () => {
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'lock_p', destination: postgres({ credentials: `${PG_DSN}?options=-c%20lock_timeout%3D500` }), datasetName: ds, pipelinesDir: tempDir() });
    await p.run([{ id: 1 }], { table_name: 't' });
    const locker = new pg.Client({ ...PG });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${ds}".t IN ACCESS EXCLUSIVE MODE`);
      await assert.rejects(p.run([{ id: 2 }], { table_name: 't' }), /canceling statement due to lock timeout \[SQLSTATE 55P03\].*the package stays pending/s);
      assert.equal(p.pendingPackages().length, 1);
      await locker.query('ROLLBACK');
      await p.load();
      assert.equal(await p.dataset().table('t').count(), 2);
    } finally {
      await locker.end();
    }
  });

  test('large job files stream through COPY', async () => {
    const dir = tempDir();
    const ds = uniqueDataset();
    const p = pipeline({ pipelineName: 'copy_p', destination: postgres({ credentials: PG_DSN }), datasetName: ds, pipelinesDir: dir });
    const rows = function* () {
      for (let i = 0; i < 50_000; i += 5000) yield Array.from({ length: 5000 }, (_, k) => ({ id: i + k, s: `row ${i + k}` }));
    };
    const info = await p.run(resource(rows, { name: 'big' }));
    assert.equal(info.loadPackages[0]!.rowCounts.big, 50_000);
    assert.equal(await p.dataset().table('big').count(), 50_000);
  });

  test('a dropped connection is not a data error: the package stays pending', async () => {
    const c = await PostgresSqlClient.connect(PostgresCredentials.parse(PG_DSN));
    const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }];
    await pgAdmin(`SELECT pg_terminate_backend(${pid})`);
    const err = await c.query('SELECT 1').then(
      () => assert.fail('query should fail'),
      (e: unknown) => e,
    );
    assert.equal(isPostgresDataError(err), false);
    await c.close();
  });
});

/** A TCP server speaking just enough of the PostgreSQL protocol to refuse a password (SQLSTATE 28P01). */
function fakeAuthFailingServer(): Server {
  return createServer((sock) => {
    let stage = 0;
    sock.on('data', () => {
      if (stage++ === 0) {
        // AuthenticationCleartextPassword
        const r = Buffer.alloc(9);
        r.write('R', 0);
        r.writeInt32BE(8, 1);
        r.writeInt32BE(3, 5);
        sock.write(r);
        return;
      }
      const fields = Buffer.concat(
        [
          ['S', 'FATAL'],
          ['V', 'FATAL'],
          ['C', '28P01'],
          ['M', 'password authentication failed for user "loader"'],
        ]
          .map(([k, v]) => Buffer.from(`${k}${v}\0`))
          .concat([Buffer.from('\0')]),
      );
      const head = Buffer.alloc(5);
      head.write('E', 0);
      head.writeInt32BE(fields.length + 4, 1);
      sock.end(Buffer.concat([head, fields]));
    });
    sock.on('error', () => undefined);
  });
}
