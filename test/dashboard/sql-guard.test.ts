import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReadOnlySql } from '../../src/dashboard/sql-guard.js';

const ok = (sql: string) => {
  const r = checkReadOnlySql(sql);
  assert.ok(r.ok, `${sql} should be allowed: ${r.ok ? '' : r.reason}`);
  return r;
};
const refused = (sql: string, pattern: RegExp) => {
  const r = checkReadOnlySql(sql);
  assert.ok(!r.ok, `${sql} should be refused`);
  assert.match(r.reason, pattern);
};

test('reads are allowed, with comments, strings and a trailing semicolon', () => {
  assert.equal(ok('SELECT * FROM users;').sql, 'SELECT * FROM users');
  assert.equal(ok('select 1 -- note; drop table x\n ;  -- trailing').sql, 'select 1');
  assert.equal(ok('select 2 -- note\nfrom t -- end').sql, 'select 2 -- note\nfrom t');
  ok("SELECT 'DROP TABLE users; DELETE' AS s");
  ok('SELECT "update" FROM t');
  ok('WITH x AS (SELECT 1 AS a) SELECT * FROM x');
  ok('(SELECT 1) UNION ALL (SELECT 2)');
  ok('FROM users LIMIT 3');
  ok('SHOW TABLES');
  ok('DESCRIBE users');
  ok('VALUES (1), (2)');
  ok("SELECT $$; DROP TABLE t$$ AS x");
  ok('SELECT updated_at, created_at FROM users WHERE name LIKE \'%x%\'');
});

test('writes, settings and several statements are refused with a clear message', () => {
  refused('DROP TABLE users', /DROP is not allowed.*never changes data/);
  refused('drop table users;', /DROP is not allowed/);
  refused('DELETE FROM users', /DELETE/);
  refused('INSERT INTO users VALUES (1)', /INSERT/);
  refused('UPDATE users SET name = 1', /UPDATE/);
  refused('ALTER TABLE users ADD COLUMN x int', /ALTER/);
  refused('CREATE TABLE x AS SELECT 1', /CREATE/);
  refused("COPY users TO '/tmp/x.csv'", /COPY/);
  refused("ATTACH 'other.duckdb'", /ATTACH/);
  refused('PRAGMA table_info(users)', /PRAGMA/);
  refused('SET search_path = x', /SET is not allowed/);
  refused("CALL pragma_version()", /CALL/);
  refused('SELECT 1; DROP TABLE users', /Only one statement/);
  refused('SELECT 1; SELECT 2', /Only one statement/);
  refused('WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d', /DELETE/);
  refused('EXPLAIN ANALYZE DELETE FROM users', /DELETE/);
  refused('EXPLAIN SELECT 1', /EXPLAIN is not allowed/);
  refused('BEGIN', /BEGIN/);
  refused('', /empty/);
  refused('-- only a comment', /empty/);
  refused("SELECT 'unterminated", /unterminated/);
});

test('reading files, the environment or other databases is refused', () => {
  refused("SELECT * FROM read_csv('/etc/passwd')", /read_csv\(\) is not allowed/);
  refused("SELECT * FROM '/etc/passwd'", /file/);
  refused("SELECT getenv('HOME')", /getenv/);
  refused("SELECT * FROM query('DROP TABLE users')", /query\(\)/);
  refused("SELECT pg_read_file('/etc/passwd')", /pg_read_file/);
  refused("SELECT set_config('x', 'y', false)", /set_config/);
});

test('a quoted function name, a file after a comma in FROM, a quoted file name and the parquet metadata functions are refused', () => {
  refused(`SELECT * FROM "read_text"('/etc/passwd')`, /read_text\(\) is not allowed/);
  refused(`SELECT * FROM "main"."glob"('/etc/*')`, /glob\(\) is not allowed/);
  refused(`SELECT "pg_read_file"('/etc/passwd')`, /pg_read_file\(\) is not allowed/);
  refused(`SELECT * FROM parquet_metadata('/data/x.parquet')`, /parquet_metadata\(\) is not allowed/);
  refused(`SELECT * FROM users, '/tmp/x.csv'`, /file/);
  refused(`SELECT * FROM users u, events e, '/tmp/x.csv' f`, /file/);
  refused(`SELECT * FROM "/tmp/x.csv"`, /file/);
  refused(`SELECT * FROM users, "data.parquet"`, /file/);
  refused(`SELECT * FROM users JOIN "C:\\data\\x.csv" ON true`, /file/);
  // strings and quoted names elsewhere stay fine
  ok(`SELECT 'a', 'b' FROM users, events WHERE name IN ('x', 'y')`);
  ok(`SELECT "rows/sec", "update" FROM "users", (SELECT 'x.csv' AS f) s`);
  ok(`SELECT * FROM users, LATERAL (SELECT 'a', 'b') t`);
});
