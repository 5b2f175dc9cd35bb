import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import type { DestinationField } from '../../../src/plugins/contract';
import { activeCampaignDestination } from '../../../src/plugins/destinations/activecampaign';

const { coerce } = activeCampaignDestination;

function field(type: string, key = 'field:3', label = 'Birthday'): DestinationField {
  return { key, label, type, required: false, identifier: false, array: false };
}

const ok = (value: unknown) => ({ ok: true, value });

describe('coerce', () => {
  test('null, undefined, "" and blank strings are left out, never sent as ""', () => {
    for (const type of ['text', 'date', 'datetime', 'number', 'listbox', 'listIds', 'tags', 'dropdown']) {
      for (const value of [null, undefined, '', '   ']) assert.deepEqual(coerce(field(type), value), ok(null), `${type} ${String(value)}`);
      assert.deepEqual(coerce(field(type), []), ok(null), `${type} []`);
    }
  });

  test('date → YYYY-MM-DD from Date, ISO strings and YYYY-MM-DD', () => {
    const date = field('date');
    assert.deepEqual(coerce(date, '2024-02-29'), ok('2024-02-29'));
    assert.deepEqual(coerce(date, '2024-03-01T23:30:00-05:00'), ok('2024-03-01'), 'the date as written');
    assert.deepEqual(coerce(date, '2024-03-01 10:00:00'), ok('2024-03-01'));
    assert.deepEqual(coerce(date, new Date('2024-03-01T15:00:00Z')), ok('2024-03-01'));
    assert.deepEqual(coerce(date, new Date(2024, 2, 1)), ok('2024-03-01'), 'a pg date column (local midnight) keeps its day');
  });

  test('a value that is not a date names the field and the fix', () => {
    assert.deepEqual(coerce(field('date'), '31/02/2024'), {
      ok: false,
      reason: 'Field "Birthday" (field:3): "31/02/2024" is not a date (use YYYY-MM-DD)',
    });
    for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', 'tomorrow', 20240301, true, new Date('nope')]) {
      const result = coerce(field('date'), bad);
      assert.equal(result.ok, false, String(bad));
      assert.match((result as { reason: string }).reason, /^Field "Birthday" \(field:3\): .* is not a date \(use YYYY-MM-DD\)$/);
    }
  });

  test('datetime → ISO 8601 with an offset', () => {
    const dt = field('datetime', 'field:4', 'Last seen');
    assert.deepEqual(coerce(dt, new Date('2024-03-01T10:00:00.123Z')), ok('2024-03-01T10:00:00Z'));
    assert.deepEqual(coerce(dt, '2024-03-01T13:05:00-06:00'), ok('2024-03-01T13:05:00-06:00'));
    assert.deepEqual(coerce(dt, '2024-03-01T13:05+0530'), ok('2024-03-01T13:05:00+05:30'));
    assert.deepEqual(coerce(dt, '2024-03-01 10:00:00'), ok('2024-03-01T10:00:00Z'), 'no offset is read as UTC');
    assert.deepEqual(coerce(dt, '2024-03-01'), ok('2024-03-01T00:00:00Z'));
    const bad = coerce(dt, '2024-03-01T25:00:00Z');
    assert.deepEqual(bad, {
      ok: false,
      reason: 'Field "Last seen" (field:4): "2024-03-01T25:00:00Z" is not a date-time (use ISO 8601, e.g. 2024-03-01T10:00:00Z)',
    });
  });

  test('listbox, checkbox and multiselect → ||a||b|| from an array or a single value', () => {
    for (const type of ['listbox', 'checkbox', 'multiselect']) {
      const multi = field(type, 'field:5', 'Interests');
      assert.deepEqual(coerce(multi, ['Red', 'Blue']), ok('||Red||Blue||'), type);
      assert.deepEqual(coerce(multi, 'Red'), ok('||Red||'), type);
      assert.deepEqual(coerce(multi, '||Red||Blue||'), ok('||Red||Blue||'), 'already in the format');
      assert.deepEqual(coerce(multi, ['Red', null, '', 'Red']), ok('||Red||'), 'empty elements dropped, duplicates once');
      assert.deepEqual(coerce(multi, [null, '']), ok(null));
    }
    const refused = coerce(field('listbox', 'field:5', 'Interests'), ['a||b']);
    assert.deepEqual(refused, { ok: false, reason: 'Field "Interests" (field:5): "a||b" contains "||", which separates options' });
    assert.equal(coerce(field('listbox', 'field:5', 'Interests'), [{ a: 1 }]).ok, false);
  });

  test('number and currency → a finite number, numeric strings accepted', () => {
    for (const type of ['number', 'currency']) {
      const n = field(type, 'field:6', 'Score');
      assert.deepEqual(coerce(n, 42), ok(42));
      assert.deepEqual(coerce(n, '12.50'), ok(12.5));
      assert.deepEqual(coerce(n, ' -3 '), ok(-3));
      assert.deepEqual(coerce(n, 10n), ok(10));
      assert.deepEqual(coerce(n, '1e3'), ok(1000));
      assert.deepEqual(coerce(n, 'abc'), { ok: false, reason: 'Field "Score" (field:6): "abc" is not a number' });
      assert.equal(coerce(n, Number.NaN).ok, false);
      assert.equal(coerce(n, Infinity).ok, false);
      assert.equal(coerce(n, '1,234').ok, false);
    }
  });

  test('booleans are written as the text true/false (1/0 in numbers, ||true|| in multi-value fields)', () => {
    assert.deepEqual(coerce(field('text'), true), ok('true'));
    assert.deepEqual(coerce(field('dropdown'), false), ok('false'));
    assert.deepEqual(coerce(field('checkbox'), true), ok('||true||'));
    assert.deepEqual(coerce(field('number'), true), ok(1));
  });

  test('lists → an array of list IDs or string IDs, as strings', () => {
    const lists: DestinationField = { key: 'lists', label: 'Lists', type: 'listIds', required: false, identifier: false, array: true };
    assert.deepEqual(coerce(lists, [1, 'newsletter', ' 2 ']), ok(['1', 'newsletter', '2']));
    assert.deepEqual(coerce(lists, 3), ok(['3']));
    assert.deepEqual(coerce(lists, ['1', 1]), ok(['1']));
    assert.deepEqual(coerce(lists, [{ id: 1 }]), { ok: false, reason: 'Field "Lists" (lists): {"id":1} is not a list\'s ID or string ID' });
  });

  test('tags → an array of tag names', () => {
    const tags: DestinationField = { key: 'tags', label: 'Tags', type: 'tags', required: false, identifier: false, array: true };
    assert.deepEqual(coerce(tags, ['vip', ' Customer ', '', 'VIP']), ok(['vip', 'Customer']));
    assert.deepEqual(coerce(tags, 'vip'), ok(['vip']));
    assert.equal(coerce(tags, [['nested']]).ok, false);
  });

  test('text-like fields take scalars, Dates and JSON objects, not arrays; unknown types are text', () => {
    assert.deepEqual(coerce(field('text'), 'Hello'), ok('Hello'));
    assert.deepEqual(coerce(field('textarea'), 12), ok('12'));
    assert.deepEqual(coerce(field('hidden'), new Date('2024-03-01T10:00:00Z')), ok('2024-03-01T10:00:00.000Z'));
    assert.deepEqual(coerce(field('text'), { plan: 'pro' }), ok('{"plan":"pro"}'));
    assert.deepEqual(coerce(field('some-new-type'), 'x'), ok('x'));
    assert.deepEqual(coerce(field('radio', 'field:8', 'Size'), ['S', 'M']), {
      ok: false,
      reason: 'Field "Size" (field:8): ["S","M"] is a list, but this field takes one value',
    });
  });
});
