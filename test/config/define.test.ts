import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigFieldMissingError } from '../../src/config/config-errors.js';
import { config, defineSource, secrets } from '../../src/config/define.js';
import { Secret } from '../../src/config/secret.js';
import { fixture } from './helpers.js';

/** Compile-time check: `expectType<T>()(value)` fails to typecheck unless value's type is exactly T. */
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T>() {
  return <V>(_v: V & (Equal<T, V> extends true ? unknown : never)) => {};
}

const passwordlessSource = defineSource(
  {
    name: 'passwordless_source',
    config: {
      api_secret: secrets.value(),
      base_url: config.value('https://v4.passwordless.dev'),
      page_size: config.value(100),
      include_events: config.value(true),
      events_key: secrets.optional(),
      since: config.optional(),
      limit: config.optional('number'),
    },
  },
  (values, ctx) => ({ values, ctx }),
);

describe('defineSource', () => {
  it('infers resolved and explicit types', () => {
    const f = fixture({ env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'def-secret-1' } });
    const { values } = passwordlessSource({}, { providers: f.providers() });
    expectType<Secret>()(values.api_secret);
    expectType<string>()(values.base_url);
    expectType<number>()(values.page_size);
    expectType<boolean>()(values.include_events);
    expectType<Secret | undefined>()(values.events_key);
    expectType<string | undefined>()(values.since);
    expectType<number | undefined>()(values.limit);
    // explicit values: strings accepted for secrets; wrong types rejected at compile time
    passwordlessSource({ api_secret: 'x', page_size: 5 }, { providers: f.providers() });
    // @ts-expect-error page_size is a number
    void (() => passwordlessSource({ page_size: 'five' }));
    // @ts-expect-error unknown field
    void (() => passwordlessSource({ nope: 1 }));
  });

  it('resolves from providers, explicit values win, defaults fill in', () => {
    const f = fixture({ secrets: '[sources.passwordless_source]\napi_secret = "def-secret-2"\npage_size = 20\n' });
    const a = passwordlessSource({}, { providers: f.providers() });
    assert.equal(a.values.api_secret.reveal(), 'def-secret-2');
    assert.equal(a.values.base_url, 'https://v4.passwordless.dev');
    assert.equal(a.values.page_size, 20);
    assert.equal(a.values.include_events, true);
    assert.equal(a.values.events_key, undefined);
    assert.deepEqual(a.ctx, { sourceName: 'passwordless_source', pipelineName: undefined });
    const b = passwordlessSource({ api_secret: 'explicit-secret', base_url: 'http://mock' }, { providers: f.providers() });
    assert.ok(b.values.api_secret instanceof Secret);
    assert.equal(b.values.api_secret.reveal(), 'explicit-secret');
    assert.equal(b.values.base_url, 'http://mock');
  });

  it('withContext sets the pipeline name', () => {
    const f = fixture({ env: { SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'plain-1234', PIPE1__SOURCES__PASSWORDLESS_SOURCE__API_SECRET: 'piped-1234' } });
    const bound = passwordlessSource.withContext({ pipelineName: 'pipe1', providers: f.providers() });
    const r = bound();
    assert.equal(r.values.api_secret.reveal(), 'piped-1234');
    assert.equal(r.ctx.pipelineName, 'pipe1');
    assert.equal(passwordlessSource.sourceName, 'passwordless_source');
    assert.equal(passwordlessSource.section, 'passwordless_source');
  });

  it('a missing secret throws before the build function runs', () => {
    let built = false;
    const src = defineSource({ name: 'descope_source', config: { project_id: config.value(), management_key: secrets.value() } }, () => {
      built = true;
    });
    assert.throws(() => src({}, { providers: fixture({}).providers() }), (e: unknown) => e instanceof ConfigFieldMissingError && e.fields.length === 2);
    assert.equal(built, false);
  });

  it('uses the real project dir and shows .dlt/secrets.toml relative to the cwd', () => {
    const f = fixture({ secrets: '[sources.passwordless_source]\nbase_url = "from-cwd"\n' });
    const cwd = process.cwd();
    process.chdir(f.projectDir);
    try {
      const src = defineSource({ name: 'passwordless_source', config: { base_url: config.value(), other: config.value() } }, (v) => v);
      assert.throws(
        () => src({}, { env: {}, globalDir: f.globalDir }),
        (e: unknown) => e instanceof ConfigFieldMissingError && / \.dlt\/secrets\.toml \[sources\.passwordless_source\] other/.test(e.message),
      );
      assert.equal(src({ other: 'o' }, { env: {}, globalDir: f.globalDir }).base_url, 'from-cwd');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('eager lookups', () => {
  it('secrets.get / require and config.get / require look at exactly the path', () => {
    const f = fixture({ secrets: '[sources.x]\ny = "eager-secret"\n[destination.pg.credentials]\nhost = "h"\n', config: '[sources.x]\nurl = "http://u"\nn = 3\n' });
    const opts = { providers: f.providers() };
    const s = secrets.get('sources.x.y', opts);
    expectType<Secret | undefined>()(s);
    assert.equal(s?.reveal(), 'eager-secret');
    assert.equal(secrets.get('sources.y', opts), undefined, 'no fallback to other sections for eager lookups');
    assert.equal(secrets.require('sources.x.y', opts).reveal(), 'eager-secret');
    assert.throws(() => secrets.require('sources.x.zz', opts), /Missing secret zz\. Set it in .* Looked in: env SOURCES__X__ZZ;/);
    assert.equal(config.get('sources.x.url', opts), 'http://u');
    assert.equal(config.get('sources.x.n', opts), 3);
    assert.deepEqual(config.get('destination.pg.credentials', opts), { host: 'h' });
    assert.equal(config.get('sources.x.nope', opts), undefined);
    assert.throws(() => config.require('sources.x.nope', opts), ConfigFieldMissingError);
  });
});
