import type { Column } from '../../contract';

type Convert = (value: unknown) => unknown;

const asText: Convert = (value) => (typeof value === 'string' || typeof value === 'object' ? value : String(value));
const asLong: Convert = (value) => String(value);
const asNumber: Convert = (value) => (typeof value === 'number' ? value : Number(value));
const asBoolean: Convert = (value) => (typeof value === 'boolean' ? value : value === 'true');
const keep: Convert = (value) => value;

const dateOnly = /^\d{4}-\d\d-\d\d$/;
const wallClock = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?$/;

/**
 * A date field as the document holds it: a bare date stays 'YYYY-MM-DD', a date and time without a zone stays
 * that wall-clock text, anything with a zone (or epoch milliseconds) becomes a Date.
 */
const asDate: Convert = (value) => {
  if (typeof value === 'string' && (dateOnly.test(value) || wallClock.test(value))) return value;
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));
  return Number.isNaN(date.getTime()) ? value : date;
};

const byType: Record<string, Convert> = {
  long: asLong,
  unsigned_long: asLong,
  integer: asNumber,
  short: asNumber,
  byte: asNumber,
  double: asNumber,
  float: asNumber,
  half_float: asNumber,
  scaled_float: asNumber,
  date: asDate,
  date_nanos: asDate,
  boolean: asBoolean,
  object: keep,
  nested: keep,
  flattened: keep,
  geo_point: keep,
  geo_shape: keep,
};

/**
 * Turns documents' `_source` into rows of the index's top-level fields, by mapping type: long and unsigned_long →
 * string (read without rounding); the other numbers → number; boolean; date → see asDate; object, nested and
 * flattened fields → the structured value as stored; arrays → arrays of converted elements; keyword, text, ip and
 * the rest → text. A field a document lacks is null.
 */
export function sourceConverter(columns: Column[]): (source: Record<string, unknown>) => Record<string, unknown> {
  const converts = columns.map((column) => byType[column.type] ?? asText);
  return (source) => {
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const value = source[column.name];
      const convert = converts[i];
      row[column.name] =
        value === null || value === undefined ? null : Array.isArray(value) ? value.map((v) => (v === null ? null : convert(v))) : convert(value);
    });
    return row;
  };
}
