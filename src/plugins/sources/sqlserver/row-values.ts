import type { Row } from '../../contract';
import type { RawRow } from './session';

/**
 * A tedious row in the contract's forms. decimal, numeric, money, date, time and datetime2 are already exact text
 * (exact-values.ts), and so is datetimeoffset, with its offset; bigint comes as a string from tedious. Left here:
 * binary → base64; the legacy datetime/smalldatetime (a wall-clock time, read with useUTC) →
 * 'YYYY-MM-DDTHH:MM:SS.fff'; and the columns `sp_describe_first_result_set` typed json (SQL Server 2025, Azure SQL:
 * tedious receives them as nvarchar(max) text) → parsed values. JSON kept in nvarchar columns stays text: nothing
 * tells it from any other text.
 */
const wallClockDateTimes = new Set(['DateTime', 'DateTimeN', 'SmallDateTime']);

export function rowValues(row: RawRow, jsonColumns: ReadonlySet<string>): Row {
  const values: Row = {};
  for (const { value, metadata } of row) {
    let converted = value;
    if (Buffer.isBuffer(value)) converted = value.toString('base64');
    else if (value instanceof Date && wallClockDateTimes.has(metadata.type.name)) converted = value.toISOString().slice(0, 23);
    else if (typeof value === 'string' && jsonColumns.has(metadata.colName)) converted = parsedJson(value);
    values[metadata.colName] = converted;
  }
  return values;
}

/** A json column's text parsed; the text itself in the unlikely case SQL Server let invalid JSON in. */
function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
