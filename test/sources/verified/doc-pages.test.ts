/**
 * Guards docs/sources/*.md against drift from the verified sources: every setting in the registry (and
 * only those) is in the page's settings table with its env var, secret flag and default, and every
 * resource the source builds (and only those) is in the page's table list with its primary key and write
 * disposition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifiedSources, type VerifiedSourceSpec } from '../../../src/sources/verified/index.js';
import { SnakeCaseNaming } from '../../../src/schema/naming.js';

const DOCS = join(import.meta.dirname, '../../../docs/sources');
/** The doc page of each verified source. */
const PAGES: Record<string, string> = {
  passwordless: 'passwordless.md',
  authsignal: 'authsignal.md',
  propel_auth: 'propel-auth.md',
  descope_management_users: 'descope.md',
  _1password: 'onepassword.md',
};

/** The rows (cells) of the markdown table whose first header cell is `first`. */
function tableRows(md: string, first: string): string[][] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(l));
  assert.ok(start >= 0, `a table with first column '${first}'`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  return rows;
}

/** Backticked names in `s`. */
const ticks = (s: string): string[] => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
/** The part of a cell before its first note: `(`, or also `,`/`;` with `andList` false. */
const head = (s: string, andList = false): string => s.split(andList ? /\(/ : /[(,;]/)[0]!;

interface DocSetting { secret: boolean; default?: string; env: string }
interface DocTable { primaryKey: string[]; disposition: string }

function docSettings(md: string): Map<string, DocSetting> {
  const out = new Map<string, DocSetting>();
  for (const [key, env] of tableRows(md, 'key')) {
    out.set(ticks(key!)[0]!, { secret: /\(secret\b/.test(key!), default: /default `([^`]+)`/.exec(key!)?.[1], env: ticks(env!)[0]! });
  }
  return out;
}

function docTables(md: string): Map<string, DocTable> {
  const out = new Map<string, DocTable>();
  for (const row of tableRows(md, 'table')) {
    const key = row[row.length - 1]!;
    const entry = { primaryKey: ticks(head(key)), disposition: /\b(merge|append|replace)\b/.exec(key)?.[1] ?? '(none)' };
    for (const name of ticks(head(row[0]!, true))) out.set(name, entry);
  }
  return out;
}

/** Values that build every resource of the source (no request is made). */
function allValues(spec: VerifiedSourceSpec): Record<string, string> {
  return Object.fromEntries(spec.keys.map((k) => [k.key, k.secret ? 'doc-check' : (k.default ?? 'http://127.0.0.1:9')]));
}

test('doc pages: one page per verified source', () => {
  assert.deepEqual(verifiedSources().map((s) => s.name).sort(), Object.keys(PAGES).sort());
  assert.deepEqual(readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort(), Object.values(PAGES).sort());
});

for (const spec of verifiedSources()) {
  const page = PAGES[spec.name] ?? '(no page)';
  test(`doc pages: ${page} lists the settings of ${spec.name}: keys, env vars, secret flags, defaults`, () => {
    const md = readFileSync(join(DOCS, page), 'utf8');
    const settings = docSettings(md);
    assert.deepEqual([...settings.keys()].sort(), spec.keys.map((k) => k.key).sort());
    for (const k of spec.keys) {
      const d = settings.get(k.key)!;
      assert.equal(d.env, `SOURCES__${spec.section.toUpperCase()}__${k.key.toUpperCase()}`, `${page}: env var of ${k.key}`);
      assert.equal(d.secret, k.secret, `${page}: ${k.key} is ${k.secret ? '' : 'not '}a secret`);
      assert.equal(d.default, k.default, `${page}: default of ${k.key}`);
    }
    assert.ok(md.includes(`sources.${spec.section}`), `${page} names the section sources.${spec.section}`);
    assert.ok(md.includes(`\`${spec.pipelineName}\``) && md.includes(`\`${spec.datasetName}\``) && md.includes(`\`${spec.duckdbFile}\``), `${page}: pipeline, dataset, file`);
  });

  test(`doc pages: ${page} lists the tables of ${spec.name}: names, primary keys, write dispositions`, () => {
    const md = readFileSync(join(DOCS, page), 'utf8');
    const tables = docTables(md);
    const naming = new SnakeCaseNaming();
    const resources = spec.create(allValues(spec)).resources;
    assert.deepEqual([...tables.keys()].sort(), resources.map((r) => r.name).sort());
    for (const r of resources) {
      const pk = r.hints.primary_key === undefined ? [] : [r.hints.primary_key].flat().map((c) => naming.normalizeIdentifier(c));
      const wd = r.hints.write_disposition;
      const disposition = wd === undefined ? 'append' : typeof wd === 'string' ? wd : wd.disposition;
      assert.deepEqual(tables.get(r.name), { primaryKey: pk, disposition }, `${page}: table ${r.name}`);
    }
  });
}
