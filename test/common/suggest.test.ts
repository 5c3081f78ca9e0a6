import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didYouMean, nearest, similarity } from '../../src/common/suggest.js';

test('similarity is difflib SequenceMatcher.ratio(), case-insensitive with - and _ alike', () => {
  assert.equal(similarity('abcd', 'bcde'), 0.75); // difflib: SequenceMatcher(None, 'abcd', 'bcde').ratio() == 0.75
  assert.equal(similarity('nope', 'ops'), 4 / 7);
  assert.equal(similarity('Load-Package', 'load_package'), 1);
});

test('plausible typos get a suggestion', () => {
  assert.equal(didYouMean('infos', ['info', 'show', 'drop']), "; did you mean 'info'?");
  assert.equal(nearest('pasword', ['passwordless', 'authsignal']), 'passwordless');
  assert.equal(nearest('frozen', ['evolve', 'freeze', 'discard_row']), 'freeze');
  assert.equal(nearest('cursor', ['cursor_path', 'initial_value']), 'cursor_path');
  assert.equal(nearest('api_secret', ['type', 'api_key', 'location']), 'api_key');
});

test('a far-off name gets no suggestion', () => {
  assert.equal(didYouMean('nope', ['passwordless_demo']), '');
  assert.equal(didYouMean('nope', ['ops']), '');
  assert.equal(didYouMean('mydemo', ['passwordless_demo', 'authsignal_demo']), '');
  assert.equal(didYouMean('nope', ['info', 'show', 'trace', 'drop', 'sync', 'schema']), '');
  // cli.md: `sluice pipeline nope info` suggests none of the pipelines, also not one whose beginning
  // ('prope') shares 'ope' with it.
  assert.equal(didYouMean('nope', ['passwordless_demo', 'propel_auth_demo', 'authsignal_demo']), '');
});

test('a mistyped beginning of a longer name counts as close', () => {
  assert.equal(nearest('pasword', ['passwordless', 'authsignal', '_1password']), 'passwordless');
  assert.equal(nearest('credentails', ['credentials_list', 'credentials']), 'credentials');
});
