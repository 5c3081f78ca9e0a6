/**
 * The SQL editor's guard: only one read-only statement may run. It strips comments and quoted text,
 * then checks the statement's first keyword against a list of reads and scans the rest for keywords and
 * functions that change data or reach outside the dataset (files, environment, other databases).
 * The guard is the first line of defence; queries also run inside a read-only transaction that is always
 * rolled back (see read-only.ts).
 */

/** The outcome of `checkReadOnlySql`. */
export type SqlCheck =
  | { ok: true; /** The statement without a trailing semicolon. */ sql: string; /** First keyword, upper case. */ kind: string }
  | { ok: false; reason: string };

/** First keywords of statements that only read. */
const READ_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'SHOW', 'DESCRIBE', 'DESC', 'SUMMARIZE', 'TABLE']);

/** Keywords that change data, schema, settings or the session; refused anywhere in the statement. */
const WRITE_KEYWORDS = [
  'INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CREATE', 'COPY', 'ATTACH', 'DETACH', 'PRAGMA', 'CALL', 'TRUNCATE',
  'MERGE', 'UPSERT', 'GRANT', 'REVOKE', 'VACUUM', 'INSTALL', 'LOAD', 'EXPORT', 'IMPORT', 'CHECKPOINT', 'REINDEX',
  'CLUSTER', 'LOCK', 'COMMENT', 'REFRESH', 'NOTIFY', 'LISTEN', 'DO', 'EXECUTE', 'PREPARE', 'DEALLOCATE', 'RESET',
];

/** First keywords of other statements the databases know (session, transactions, plans): refused as not read-only. */
const OTHER_STATEMENTS = new Set([
  'SET', 'BEGIN', 'START', 'COMMIT', 'ROLLBACK', 'END', 'ABORT', 'SAVEPOINT', 'RELEASE', 'USE', 'EXPLAIN', 'ANALYZE',
  'DISCARD', 'FETCH', 'MOVE', 'CLOSE', 'DECLARE', 'SECURITY', 'UNLISTEN', 'PIVOT', 'UNPIVOT', 'UNLOAD',
]);

/** Functions that read files, the environment or other databases, or change settings and sequences. */
const FORBIDDEN_FUNCTIONS =
  /\b(read_\w+|\w+_scan|parquet_\w+|iceberg_\w+|glob|getenv|sniff_csv|query|query_table|duckdb_secrets|pg_read_\w+|pg_ls_\w+|pg_stat_file|lo_\w+|dblink\w*|set_config|nextval|setval|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_sleep\w*)\s*\(/i;

/** A piece of SQL text: code, a quoted literal/identifier, or a comment. */
interface Piece {
  kind: 'code' | 'quoted' | 'comment';
  text: string;
}

/** Splits SQL into code, quoted text and comments. Returns undefined when a quote or comment is not closed. */
function scan(sql: string): Piece[] | undefined {
  const out: Piece[] = [];
  let code = '';
  const push = (kind: Piece['kind'], text: string) => {
    if (code) out.push({ kind: 'code', text: code });
    code = '';
    out.push({ kind, text });
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      push('comment', sql.slice(i, stop));
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) return undefined;
      push('comment', sql.slice(i, end + 2));
      i = end + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const escapes = c === "'" && /[eE]/.test(sql[i - 1] ?? '');
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return undefined;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j += escapes && sql[j] === '\\' ? 2 : 1;
      }
      push('quoted', sql.slice(i, j + 1));
      i = j + 1;
    } else if (c === '$' && /^\$([A-Za-z_]\w*)?\$/.test(sql.slice(i))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      if (end === -1) return undefined;
      push('quoted', sql.slice(i, end + tag.length));
      i = end + tag.length;
    } else {
      code += c;
      i += 1;
    }
  }
  if (code) out.push({ kind: 'code', text: code });
  return out;
}

/**
 * The SQL with comments replaced by a space and quoted text by placeholders (`'?'` for strings, `"q"`
 * for identifiers), so keywords inside them are not mistaken for statements. Undefined when a quote or
 * comment is not closed.
 */
export function stripQuoted(sql: string): string | undefined {
  return scan(sql)
    ?.map((p) => (p.kind === 'code' ? p.text : p.kind === 'comment' ? ' ' : p.text.startsWith('"') || p.text.startsWith('`') ? '"q"' : "'?'"))
    .join('');
}

/** The SQL with comments replaced by a space, strings by `'?'` and quoted names by their text, so `"read_text"(` reads as a call. */
function unquotedNames(pieces: Piece[]): string {
  return pieces.map((p) => (p.kind === 'code' ? p.text : p.kind === 'comment' ? ' ' : p.text.startsWith("'") || p.text.startsWith('$') ? "'?'" : ` ${p.text.slice(1, -1)} `)).join('');
}

/** A quoted name DuckDB would read as a file (`"data.csv"`, `"/tmp/x"`), not as a table of the dataset. */
const FILE_NAME = /[/\\]|\.(csv|tsv|txt|json|jsonl|ndjson|parquet|arrow|xlsx|gz|zst|duckdb|db|sqlite)$/i;

/** Words that end the table list of a FROM clause. */
const CLAUSE_END = new Set(['WHERE', 'GROUP', 'ORDER', 'LIMIT', 'OFFSET', 'HAVING', 'QUALIFY', 'WINDOW', 'UNION', 'EXCEPT', 'INTERSECT', 'SELECT', 'ON', 'USING', 'JOIN', 'RETURNING']);

/**
 * Whether a string, or a quoted name that looks like a file, stands where a table goes: right after
 * `FROM`/`JOIN` or after a comma in a FROM list (DuckDB reads `FROM t, 'x.csv'` as the file).
 */
function namesFileInFrom(pieces: Piece[]): boolean {
  const tokens: { word?: string; punct?: string; quoted?: string }[] = [];
  for (const p of pieces) {
    if (p.kind === 'quoted') tokens.push({ quoted: p.text });
    else if (p.kind === 'code') for (const m of p.text.matchAll(/[A-Za-z_][A-Za-z0-9_$]*|[(),]/g)) tokens.push(/^[(),]$/.test(m[0]) ? { punct: m[0] } : { word: m[0].toUpperCase() });
  }
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.word !== 'FROM' && tokens[i]!.word !== 'JOIN') continue;
    let depth = 0;
    let tablePosition = true;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!;
      if (t.punct === '(') {
        depth += 1;
        continue;
      }
      if (t.punct === ')') {
        if (depth-- === 0) break;
        continue;
      }
      if (depth > 0) continue;
      if (t.punct === ',') {
        tablePosition = true;
        continue;
      }
      if (t.word && CLAUSE_END.has(t.word)) break;
      if (tablePosition && t.quoted && (t.quoted.startsWith("'") || t.quoted.startsWith('$') || FILE_NAME.test(t.quoted.slice(1, -1)))) return true;
      tablePosition = false;
    }
  }
  return false;
}

/** The SQL without trailing semicolons, comments and whitespace (so it can be wrapped in a subquery). */
function trimTrailing(sql: string): string {
  const pieces = scan(sql) ?? [];
  while (pieces.length) {
    const last = pieces[pieces.length - 1]!;
    if (last.kind === 'comment') pieces.pop();
    else if (last.kind === 'code' && /^[\s;]*$/.test(last.text)) pieces.pop();
    else if (last.kind === 'code' && /[\s;]$/.test(last.text)) last.text = last.text.replace(/[\s;]+$/, '');
    else break;
  }
  return pieces.map((p) => p.text).join('');
}

const REFUSED = 'The dashboard runs read-only queries only (one SELECT, WITH, FROM, VALUES, SHOW, DESCRIBE or SUMMARIZE statement).';

/**
 * Checks that `sql` is a single statement that only reads the dataset.
 * @returns `{ ok: true, sql, kind }` or `{ ok: false, reason }` with a message for the user.
 */
export function checkReadOnlySql(sql: string): SqlCheck {
  const stripped = stripQuoted(sql);
  if (stripped === undefined) return { ok: false, reason: 'The query has an unterminated quote or comment.' };
  const statements = stripped.split(';').map((s) => s.trim()).filter(Boolean);
  if (statements.length === 0) return { ok: false, reason: 'The query is empty.' };
  if (statements.length > 1) return { ok: false, reason: `Only one statement can run at a time; found ${statements.length}. ${REFUSED}` };
  const body = statements[0]!;
  const first = /^[(\s]*([A-Za-z_]+)/.exec(body)?.[1]?.toUpperCase() ?? '';
  const words = new Set((body.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).map((w) => w.toUpperCase()));
  const write = WRITE_KEYWORDS.find((k) => words.has(k)) ?? (OTHER_STATEMENTS.has(first) ? first : undefined);
  if (write) return { ok: false, reason: `${write} is not allowed: the dashboard never changes data. ${REFUSED}` };
  if (!READ_KEYWORDS.has(first)) return { ok: false, reason: `${first || 'This'} is not a statement the dashboard runs. ${REFUSED}` };
  const pieces = scan(sql)!;
  const fn = FORBIDDEN_FUNCTIONS.exec(body) ?? FORBIDDEN_FUNCTIONS.exec(unquotedNames(pieces));
  if (fn) return { ok: false, reason: `${fn[1]}() is not allowed: queries may read the dataset only, not files, settings or other databases.` };
  if (/\b(FROM|JOIN)[\s(]*'/i.test(body) || namesFileInFrom(pieces)) {
    return { ok: false, reason: 'Reading a file by naming it in FROM is not allowed: queries may read the dataset only.' };
  }
  return { ok: true, sql: trimTrailing(sql), kind: first };
}
