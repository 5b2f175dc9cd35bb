import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { ExclusionList } from '../../../src/plugins/destinations/activecampaign/exclusions';

function list(...entries: Array<[string, string]>): ExclusionList {
  const exclusions = new ExclusionList();
  for (const [matchPhrase, matchType] of entries) exclusions.add({ matchPhrase, matchType });
  return exclusions;
}

describe('exclusion list matching', () => {
  test('an exact entry matches the whole email, ignoring case and spaces', () => {
    const exclusions = list(['No@Example.com', 'exact']);
    assert.ok(exclusions.has(' no@example.COM '));
    assert.ok(!exclusions.has('xno@example.com'));
    assert.ok(!exclusions.has('no@example.com.au'));
  });

  test('a pattern with * must match the whole email, * standing for any text', () => {
    const exclusions = list(['spam*@x.com', 'wildcard'], ['*@blocked.example', 'contains']);
    assert.ok(exclusions.has('spam@x.com'));
    assert.ok(exclusions.has('Spam123@X.com'));
    assert.ok(!exclusions.has('nospam1@x.com'), 'anchored at the start');
    assert.ok(!exclusions.has('spam1@x.com.evil'), 'anchored at the end');
    assert.ok(exclusions.has('anyone@blocked.example'));
    assert.ok(!exclusions.has('anyone@blocked.example.org'));
  });

  test('a pattern without * matches anywhere in the email; regex characters are literal', () => {
    const exclusions = list(['@blocked.example', 'contains'], ['a+b@', 'contains']);
    assert.ok(exclusions.has('someone@blocked.example'));
    assert.ok(!exclusions.has('someone@blockedxexample'), 'the dot is a dot');
    assert.ok(exclusions.has('a+b@x.com'));
    assert.ok(!exclusions.has('aab@x.com'));
  });
});
