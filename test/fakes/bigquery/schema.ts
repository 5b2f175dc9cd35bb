/** A field of a table or result schema, as the REST API shows it (legacy type names, as BigQuery answers). */
export interface FakeField {
  name: string;
  type:
    | 'INTEGER'
    | 'FLOAT'
    | 'NUMERIC'
    | 'BIGNUMERIC'
    | 'BOOLEAN'
    | 'STRING'
    | 'BYTES'
    | 'DATE'
    | 'DATETIME'
    | 'TIME'
    | 'TIMESTAMP'
    | 'JSON'
    | 'GEOGRAPHY'
    | 'RECORD';
  mode?: 'NULLABLE' | 'REQUIRED' | 'REPEATED';
  fields?: FakeField[];
}

/**
 * A stored row's values, in JS terms: INTEGER number or bigint or string; FLOAT number; NUMERIC string;
 * BOOLEAN boolean; STRING, BYTES (base64), DATE, DATETIME, TIME, GEOGRAPHY strings; TIMESTAMP a Date or a
 * microsecond bigint; JSON any value; RECORD an array of the child values; REPEATED an array.
 */
export type FakeRow = unknown[];

export interface Cell {
  v: unknown;
}

/** Java-style float seconds ("1.7000000001234E9"): the REST API's default TIMESTAMP form. */
function floatSeconds(micros: bigint): string {
  const seconds = Number(micros) / 1e6;
  const [mantissa, exponent] = seconds.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

function micros(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  const date = value instanceof Date ? value : new Date(String(value));
  return BigInt(date.getTime()) * 1000n;
}

function scalar(field: FakeField, value: unknown, int64Timestamp: boolean): unknown {
  if (value === null || value === undefined) return null;
  switch (field.type) {
    case 'INTEGER':
    case 'NUMERIC':
    case 'BIGNUMERIC':
      return String(value);
    case 'FLOAT':
      return Number.isNaN(value) ? 'NaN' : value === Infinity ? 'Infinity' : value === -Infinity ? '-Infinity' : String(value);
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'TIMESTAMP':
      return int64Timestamp ? String(micros(value)) : floatSeconds(micros(value));
    case 'JSON':
      return JSON.stringify(value);
    case 'RECORD':
      return { f: (field.fields ?? []).map((child, index) => ({ v: encodeValue(child, (value as unknown[])[index], int64Timestamp) })) };
    default:
      return String(value);
  }
}

/** One value in the REST API's row form: every scalar a string, RECORD `{ f }`, REPEATED `[{ v }]` (NULL arrays as []). */
export function encodeValue(field: FakeField, value: unknown, int64Timestamp: boolean): unknown {
  if (field.mode === 'REPEATED') return ((value as unknown[] | null) ?? []).map((item) => ({ v: scalar(field, item, int64Timestamp) }));
  return scalar(field, value, int64Timestamp);
}

export function encodeRow(fields: FakeField[], row: FakeRow, int64Timestamp: boolean): { f: Cell[] } {
  return { f: fields.map((field, index) => ({ v: encodeValue(field, row[index], int64Timestamp) })) };
}
