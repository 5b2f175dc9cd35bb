import type { Row } from '../../contract';
import type { RawRow } from './session';

/**
 * A tedious row in the contract's forms. decimal, numeric, money, date, time and datetime2 are already exact text
 * (exact-values.ts); bigint comes as a string from tedious; datetimeoffset as a Date of its instant. Left here:
 * binary → base64, and the legacy datetime/smalldatetime (a wall-clock time, read with useUTC) →
 * 'YYYY-MM-DDTHH:MM:SS.fff'.
 */
const wallClockDateTimes = new Set(['DateTime', 'DateTimeN', 'SmallDateTime']);

export function rowValues(row: RawRow): Row {
  const values: Row = {};
  for (const { value, metadata } of row) {
    let converted = value;
    if (Buffer.isBuffer(value)) converted = value.toString('base64');
    else if (value instanceof Date && wallClockDateTimes.has(metadata.type.name)) converted = value.toISOString().slice(0, 23);
    values[metadata.colName] = converted;
  }
  return values;
}
