import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { RecordMapper, type MappingSpec } from '../../src/engine/transfer/mapping';
import { FailedPreconditionError } from '../../src/errors';
import type { DestinationObject } from '../../src/plugins/contract';
import { activeCampaignDestination } from '../../src/plugins/destinations/activecampaign';

const contact: DestinationObject = {
  key: 'contact',
  label: 'Contact',
  identifiers: ['email'],
  behaviors: ['UPDATE_OR_CREATE'],
  fields: [
    { key: 'email', label: 'Email', type: 'email', required: true, identifier: true, array: false },
    { key: 'firstName', label: 'First name', type: 'text', required: false, identifier: false, array: false },
    { key: 'tags', label: 'Tags', type: 'tags', required: false, identifier: false, array: true },
    { key: 'field:7', label: 'Birthday', type: 'date', required: false, identifier: false, array: false },
  ],
};
const coerce = activeCampaignDestination.coerce;

function mapper(mappings: MappingSpec['mappings']): RecordMapper {
  return new RecordMapper({ object: 'contact', syncKey: { column: 'mail', field: 'email' }, mappings }, contact, coerce);
}

describe('RecordMapper: model rows → destination records through the plugin coerce', () => {
  const spec = [
    { from: 'name', constant: null, to: 'firstName' },
    { from: 'born', constant: null, to: 'field:7' },
    { from: null, constant: 'warehouse', to: 'tags' },
  ];

  test('maps the key, each column and each constant; empty values are left out', () => {
    const result = mapper(spec).map({ mail: ' ann@x.io ', name: 'Ann', born: '1990-05-04T10:00:00Z' });
    assert.deepEqual(result, {
      ok: true,
      record: { key: 'ann@x.io', fields: { email: 'ann@x.io', firstName: 'Ann', 'field:7': '1990-05-04', tags: ['warehouse'] } },
    });
    const sparse = mapper(spec).map({ mail: 'bob@x.io', name: '', born: null });
    assert.deepEqual(sparse, { ok: true, record: { key: 'bob@x.io', fields: { email: 'bob@x.io', tags: ['warehouse'] } } });
  });

  test('rejects an empty key and values that cannot be coerced, with every reason and the mapped record', () => {
    const m = mapper(spec);
    const empty = m.map({ mail: '   ', name: 'Nobody', born: null });
    assert.equal(empty.ok, false);
    assert.deepEqual(!empty.ok && [empty.key, empty.reason], ['', 'The sync key column "mail" is empty: every row needs a Email to be matched']);
    const bad = m.map({ mail: 'c@x.io', name: ['a', 'b'], born: 'someday' });
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.key, 'c@x.io');
    assert.match(
      bad.reason,
      /^Field "First name" \(firstName\): \["a","b"\] is a list, but this field takes one value; Field "Birthday" \(field:7\): "someday" is not a date/,
    );
    assert.deepEqual(bad.record, { email: 'c@x.io', firstName: ['a', 'b'], 'field:7': 'someday', tags: ['warehouse'] });
  });

  test('fails the run when the model lost a column or the destination lost a field', () => {
    assert.throws(
      () => mapper(spec).map({ mail: 'a@x.io', name: 'A' }),
      (error: unknown) => {
        assert.ok(error instanceof FailedPreconditionError);
        assert.match(error.message, /^The model no longer returns the column "born" that the sync reads/);
        return true;
      },
    );
    assert.throws(
      () => mapper([{ from: 'x', constant: null, to: 'field:99' }]),
      /^Contact no longer has the field "field:99" \(mapped from column "x"\): edit the sync's mappings/,
    );
    assert.throws(
      () => mapper([{ from: null, constant: 'tomorrow', to: 'field:7' }]),
      /The constant mapped to field:7 cannot be written: Field "Birthday" \(field:7\): "tomorrow" is not a date/,
    );
  });
});
