import assert from 'node:assert/strict';
import { test } from '@jest/globals';
import { formatTableName, parseTableName, TableNameError } from '../../src/entities/table-name';

test('a table name is schema.name, each part as written; a part with a dot or a double quote is quoted', () => {
  const cases: Array<[string, { schema: string | null; name: string }, string]> = [
    ['public.customers', { schema: 'public', name: 'customers' }, 'public.customers'],
    ['customers', { schema: null, name: 'customers' }, 'customers'],
    ['Sales.My Customers', { schema: 'Sales', name: 'My Customers' }, 'Sales.My Customers'],
    [' sales . customers ', { schema: 'sales', name: 'customers' }, 'sales.customers'],
    ['"public"."customers"', { schema: 'public', name: 'customers' }, 'public.customers'],
    ['"my.schema"."t"', { schema: 'my.schema', name: 't' }, '"my.schema".t'],
    ['s."say ""hi"""', { schema: 's', name: 'say "hi"' }, 's."say ""hi"""'],
    ['"a.b"', { schema: null, name: 'a.b' }, '"a.b"'],
    ['" padded "', { schema: null, name: ' padded ' }, '" padded "'],
  ];
  for (const [text, table, canonical] of cases) {
    assert.deepEqual(parseTableName(text), table, text);
    assert.equal(formatTableName(table), canonical, text);
    assert.deepEqual(parseTableName(formatTableName(table)), table, `${text} round-trips`);
  }
});

test('malformed names say what is wrong', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /a part of the name is empty/],
    ['a..b', /a part of the name is empty/],
    ['a.b.c', /more than two parts/],
    ['"open', /a double quote is not closed/],
    ['a"b', /a double quote may only open a quoted part/],
    ['"a"b', /unexpected text after a quoted part/],
  ];
  for (const [text, message] of cases)
    assert.throws(
      () => parseTableName(text),
      (error: Error) => error instanceof TableNameError && message.test(error.message),
      text,
    );
});
