import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { RecordHasher, canonicalText } from '../../src/engine/snapshot/record-hash';

describe('record hashes', () => {
  test('canonicalText sorts keys at every depth, drops undefined members, and cannot be fooled by separators in values', () => {
    assert.equal(
      canonicalText({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, u: undefined }),
      canonicalText({ a: { c: null, d: [3, { y: 2, z: 1 }] }, b: 1 }),
    );
    assert.equal(canonicalText({ a: 'x', b: 'y' }), 'o{1:as1:x1:bs1:y}');
    assert.notEqual(canonicalText({ a: 'x', b: 'y' }), canonicalText({ a: 'x1:bs1:y' }), 'lengths keep values apart');
    assert.notEqual(canonicalText('1'), canonicalText(1));
    assert.notEqual(canonicalText(null), canonicalText('null'));
    assert.notEqual(canonicalText(['a', 'b']), canonicalText(['ab']));
    assert.equal(canonicalText(new Date('2024-03-01T10:00:00Z')), canonicalText('2024-03-01T10:00:00.000Z'));
    assert.equal(canonicalText(12n), 'i12;');
  });

  test('equal records hash equally whatever their key order; any value change changes the hash', () => {
    const hasher = new RecordHasher({ object: 'contact', mappings: [{ from: 'name', to: 'firstName' }] });
    const a = hasher.hash({ email: 'a@x.io', firstName: 'Ann', lists: ['1', '2'] });
    assert.equal(a, hasher.hash({ lists: ['1', '2'], firstName: 'Ann', email: 'a@x.io' }));
    assert.notEqual(a, hasher.hash({ email: 'a@x.io', firstName: 'Anne', lists: ['1', '2'] }));
    assert.notEqual(a, hasher.hash({ email: 'a@x.io', firstName: 'Ann', lists: ['2', '1'] }), 'array order is data');
    assert.notEqual(a, hasher.hash({ email: 'a@x.io', firstName: 'Ann' }));
  });

  test('with the field keys given up front, records hash exactly as with the general encoding', () => {
    const general = new RecordHasher({ object: 'contact' });
    const keyed = new RecordHasher({ object: 'contact' }, ['lists', 'email', 'firstName']);
    for (const record of [{ email: 'a@x.io', firstName: 'Ann', lists: ['1'] }, { email: 'b@x.io' }, { firstName: 'C', email: 'c@x.io' }]) {
      assert.equal(keyed.hash(record), general.hash(record));
    }
  });

  test("the sync's identity is part of every hash, so a changed mapping changes them all", () => {
    const record = { email: 'a@x.io', firstName: 'Ann' };
    const before = new RecordHasher({ object: 'contact', behavior: 'UPDATE_OR_CREATE', mappings: [{ from: 'name', to: 'firstName' }] });
    const after = new RecordHasher({ object: 'contact', behavior: 'UPDATE_OR_CREATE', mappings: [{ from: 'given_name', to: 'firstName' }] });
    const otherBehavior = new RecordHasher({ object: 'contact', behavior: 'UPDATE_ONLY', mappings: [{ from: 'name', to: 'firstName' }] });
    assert.notEqual(before.hash(record), after.hash(record));
    assert.notEqual(before.hash(record), otherBehavior.hash(record));
    assert.equal(
      before.hash(record),
      new RecordHasher({ mappings: [{ to: 'firstName', from: 'name' }], behavior: 'UPDATE_OR_CREATE', object: 'contact' }).hash(record),
    );
  });
});
