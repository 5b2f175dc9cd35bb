import type { Column } from '../../contract';

type Convert = (value: unknown) => unknown;

const keep: Convert = (value) => value;
const asString: Convert = (value) => String(value);
const asNumber: Convert = (value) => (typeof value === 'number' ? value : Number(value));
/** datetime: ISO 8601 with a zone (Ferry asks for time_zone Z) → Date. */
const asDate: Convert = (value) => {
  const date = new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? value : date;
};
/** date (from CAST … AS DATE): 'YYYY-MM-DD', whatever time part the server prints. */
const asDay: Convert = (value) => (typeof value === 'string' ? value.slice(0, 10) : value);

const byType: Record<string, Convert> = {
  long: asString,
  unsigned_long: asString,
  integer: asNumber,
  short: asNumber,
  byte: asNumber,
  double: asNumber,
  float: asNumber,
  half_float: asNumber,
  scaled_float: asNumber,
  datetime: asDate,
  date: asDay,
  boolean: keep,
  object: keep,
  nested: keep,
  geo_point: keep,
  geo_shape: keep,
  shape: keep,
};

/**
 * Turns SQL API rows (arrays, in the columns' order) into rows in the contract's forms, by the ES SQL column
 * type: long and unsigned_long → string (read without rounding); integer, short, byte and the floats → number;
 * datetime → Date; date → 'YYYY-MM-DD'; boolean; object, nested and geo values → structured values; keyword,
 * text, ip, version, time and anything else → the text. An array value (with multiValueLeniency off the server
 * refuses arrays) keeps its elements, each converted.
 */
export function rowConverter(columns: Column[]): (row: unknown[]) => Record<string, unknown> {
  const converts = columns.map((column) => byType[column.type] ?? keep);
  const names = columns.map((column) => column.name);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) {
      const value = row[i];
      const convert = converts[i];
      out[names[i]] =
        value === null || value === undefined ? null : Array.isArray(value) ? value.map((v) => (v === null ? null : convert(v))) : convert(value);
    }
    return out;
  };
}
