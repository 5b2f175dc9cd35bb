import { describe, expect, test } from '@jest/globals';
import { toRows, typeName, type SchemaField } from '../../../src/plugins/sources/google/bigquery/values';

const one = (field: SchemaField, v: unknown) => toRows([field], [{ f: [{ v }] }])[0][field.name];

describe("BigQuery values in the contract's forms", () => {
  test('TIMESTAMP: int64 microseconds and the default float seconds both become the same instant, before 1970 too', () => {
    const ts: SchemaField = { name: 't', type: 'TIMESTAMP' };
    expect(one(ts, '1714979289123456')).toEqual(new Date('2024-05-06T07:08:09.123Z'));
    expect(one(ts, '1.714979289123456E9')).toEqual(new Date('2024-05-06T07:08:09.123Z'));
    expect(one(ts, '-1500')).toEqual(new Date(-2));
    expect(one(ts, '-1.5E-3')).toEqual(new Date(-2));
  });

  test('FLOAT64 specials, BOOL, INT64 beyond 2^53, NUMERIC and JSON', () => {
    expect(one({ name: 'f', type: 'FLOAT' }, 'NaN')).toBeNaN();
    expect(one({ name: 'f', type: 'FLOAT64' }, '-Infinity')).toBe(-Infinity);
    expect(one({ name: 'b', type: 'BOOLEAN' }, 'false')).toBe(false);
    expect(one({ name: 'i', type: 'INTEGER' }, '9223372036854775807')).toBe('9223372036854775807');
    expect(one({ name: 'n', type: 'BIGNUMERIC' }, '-0.00000000000000000000000000000000000001')).toBe('-0.00000000000000000000000000000000000001');
    expect(one({ name: 'j', type: 'JSON' }, '{"a":[1,null]}')).toEqual({ a: [1, null] });
  });

  test('REPEATED RECORD with a REPEATED field inside; NULL scalars and empty arrays', () => {
    const field: SchemaField = {
      name: 'orders',
      type: 'RECORD',
      mode: 'REPEATED',
      fields: [
        { name: 'sku', type: 'STRING' },
        { name: 'qty', type: 'INTEGER', mode: 'REPEATED' },
        { name: 'at', type: 'DATETIME' },
      ],
    };
    expect(
      one(field, [
        { v: { f: [{ v: 'A-1' }, { v: [{ v: '2' }, { v: '3' }] }, { v: '2024-01-02T03:04:05' }] } },
        { v: { f: [{ v: null }, { v: [] }, { v: null }] } },
      ]),
    ).toEqual([
      { sku: 'A-1', qty: ['2', '3'], at: '2024-01-02T03:04:05' },
      { sku: null, qty: [], at: null },
    ]);
    expect(one(field, [])).toEqual([]);
    expect(one({ name: 's', type: 'STRING' }, null)).toBeNull();
  });

  test("type names are GoogleSQL's: legacy names mapped, arrays and structs spelled out", () => {
    expect(typeName({ name: 'a', type: 'INTEGER', mode: 'REPEATED' })).toBe('ARRAY<INT64>');
    expect(
      typeName({
        name: 'r',
        type: 'RECORD',
        fields: [
          { name: 'x', type: 'FLOAT' },
          { name: 'y', type: 'BOOLEAN' },
        ],
      }),
    ).toBe('STRUCT<x FLOAT64, y BOOL>');
    expect(typeName({ name: 'g', type: 'GEOGRAPHY' })).toBe('GEOGRAPHY');
  });
});
