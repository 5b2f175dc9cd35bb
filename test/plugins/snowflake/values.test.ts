import { describe, expect, test } from '@jest/globals';
import { converterFor, RowDecoder, typeName } from '../../../src/plugins/sources/snowflake/values';

const convert = (type: string, text: string, extra: { precision?: number; scale?: number } = {}) => converterFor({ name: 'c', type, ...extra })(text);

describe('snowflake source: values from the API string forms', () => {
  test('NUMBER: small whole numbers (precision ≤ 9) as numbers; NUMBER(38,0) and any scale as exact strings', () => {
    expect(convert('fixed', '42', { precision: 9, scale: 0 })).toBe(42);
    expect(convert('fixed', '-7', { precision: 1, scale: 0 })).toBe(-7);
    expect(convert('fixed', '9007199254740993', { precision: 38, scale: 0 })).toBe('9007199254740993');
    expect(convert('FIXED', '12.50', { precision: 10, scale: 2 })).toBe('12.50');
    expect(convert('fixed', '12345678901234567890123456789.123456789', { precision: 38, scale: 9 })).toBe('12345678901234567890123456789.123456789');
  });

  test('REAL as numbers, inf and NaN included; BOOLEAN; TEXT as is', () => {
    expect(convert('real', '1.25')).toBe(1.25);
    expect(convert('real', 'inf')).toBe(Infinity);
    expect(convert('real', '-inf')).toBe(-Infinity);
    expect(convert('real', 'NaN')).toBeNaN();
    expect(convert('boolean', 'true')).toBe(true);
    expect(convert('boolean', 'false')).toBe(false);
    expect(convert('text', ' spaced ')).toBe(' spaced ');
  });

  test("DATE: days since the epoch → 'YYYY-MM-DD', before 1970 too", () => {
    expect(convert('date', '19782')).toBe('2024-02-29');
    expect(convert('date', '0')).toBe('1970-01-01');
    expect(convert('date', '-1')).toBe('1969-12-31');
    expect(convert('date', '-719528')).toBe('0000-01-01');
  });

  test("TIME: seconds since midnight → 'HH:MM:SS[.f]', trailing zeros dropped", () => {
    expect(convert('time', '47655.500000000', { scale: 9 })).toBe('13:14:15.5');
    expect(convert('time', '0.000000000', { scale: 9 })).toBe('00:00:00');
    expect(convert('time', '86399.999999999', { scale: 9 })).toBe('23:59:59.999999999');
  });

  test("TIMESTAMP_NTZ: a wall-clock time, never shifted → 'YYYY-MM-DDTHH:MM:SS[.f]' (nanoseconds kept, before 1970 too)", () => {
    expect(convert('timestamp_ntz', '1704164645.123456000', { scale: 9 })).toBe('2024-01-02T03:04:05.123456');
    expect(convert('timestamp_ntz', '1704164645.000000000', { scale: 9 })).toBe('2024-01-02T03:04:05');
    expect(convert('timestamp_ntz', '-1.500000000', { scale: 9 })).toBe('1969-12-31T23:59:58.5');
    expect(convert('timestamp_ntz', '-86400.000000001', { scale: 9 })).toBe('1969-12-30T23:59:59.999999999');
  });

  test('TIMESTAMP_LTZ and TIMESTAMP_TZ → Date of the instant (the TZ offset, minutes + 1440, does not move it)', () => {
    expect(convert('timestamp_ltz', '1704164645.123000000', { scale: 9 })).toEqual(new Date('2024-01-02T03:04:05.123Z'));
    expect(convert('timestamp_tz', '1704164645.123000000 1140', { scale: 9 })).toEqual(new Date('2024-01-02T03:04:05.123Z'));
    expect(convert('timestamp_tz', '-0.250000000 1440', { scale: 9 })).toEqual(new Date('1969-12-31T23:59:59.750Z'));
  });

  test('VARIANT, OBJECT and ARRAY parsed; BINARY hex → base64', () => {
    expect(convert('variant', '{\n  "a": [1, {"b": null}]\n}')).toEqual({ a: [1, { b: null }] });
    expect(convert('variant', '"just a string"')).toBe('just a string');
    expect(convert('array', '[\n  "x",\n  2\n]')).toEqual(['x', 2]);
    expect(convert('object', '{}')).toEqual({});
    expect(convert('binary', 'CAFE00')).toBe(Buffer.from([0xca, 0xfe, 0x00]).toString('base64'));
  });

  test('a RowDecoder keys values by column name and keeps SQL NULL as null', () => {
    const decoder = new RowDecoder([
      { name: 'ID', type: 'fixed', precision: 38, scale: 0 },
      { name: 'born', type: 'date' },
      { name: 'META', type: 'variant' },
    ]);
    expect(decoder.decode(['1', null, null])).toEqual({ ID: '1', born: null, META: null });
  });

  test('type names: NUMBER(p,s) for FIXED, the upper-case type otherwise', () => {
    expect(typeName({ name: 'x', type: 'fixed', precision: 38, scale: 0 })).toBe('NUMBER(38,0)');
    expect(typeName({ name: 'x', type: 'timestamp_tz', scale: 9 })).toBe('TIMESTAMP_TZ');
  });
});
