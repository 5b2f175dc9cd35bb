/** A field of a BigQuery schema (TableFieldSchema), as the REST API returns it. */
export interface SchemaField {
  name: string;
  /** Legacy or standard names: STRING, BYTES, INTEGER/INT64, FLOAT/FLOAT64, NUMERIC, BIGNUMERIC, BOOLEAN/BOOL, TIMESTAMP, DATE, TIME, DATETIME, GEOGRAPHY, JSON, RECORD/STRUCT, INTERVAL, RANGE. */
  type: string;
  /** NULLABLE (default), REQUIRED or REPEATED. */
  mode?: string;
  /** The fields of a RECORD. */
  fields?: SchemaField[];
}

/** One cell of a row (`{ v }`): a string, null, `{ f: cells }` for a RECORD, or `[{ v }]` for a REPEATED field. */
export interface Cell {
  v: unknown;
}

const standardNames: Record<string, string> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL', RECORD: 'STRUCT' };

/** The GoogleSQL name of a field's type, e.g. INT64, ARRAY<STRING>, STRUCT<a INT64, b STRING>. */
export function typeName(field: SchemaField): string {
  const base = standardNames[field.type] ?? field.type;
  const inner = base === 'STRUCT' ? `STRUCT<${(field.fields ?? []).map((child) => `${child.name} ${typeName(child)}`).join(', ')}>` : base;
  return field.mode === 'REPEATED' ? `ARRAY<${inner}>` : inner;
}

/** TIMESTAMP: microseconds since the epoch (formatOptions.useInt64Timestamp) or the default float seconds ("1.7E9"). */
function instant(text: string): Date {
  if (/^-?\d+$/.test(text)) {
    const micros = BigInt(text);
    return new Date(Number(micros / 1000n) - (micros % 1000n < 0n ? 1 : 0));
  }
  // Float seconds: to whole microseconds first (exact below 2^53), then down to the millisecond, as above.
  return new Date(Math.floor(Math.round(Number.parseFloat(text) * 1e6) / 1000));
}

function scalar(type: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const text = String(value);
  switch (type) {
    case 'FLOAT':
    case 'FLOAT64':
      return Number(text);
    case 'BOOLEAN':
    case 'BOOL':
      return text === 'true';
    case 'TIMESTAMP':
      return instant(text);
    case 'JSON':
      return JSON.parse(text);
    default:
      // INT64, NUMERIC and BIGNUMERIC stay strings (no precision lost); BYTES is base64 already; DATE, TIME and
      // DATETIME ('YYYY-MM-DDTHH:MM:SS[.ffffff]', no zone) are in the contract's forms; GEOGRAPHY (WKT), INTERVAL
      // and RANGE stay BigQuery's text.
      return text;
  }
}

function value(field: SchemaField, raw: unknown, repeatedItem = false): unknown {
  if (field.mode === 'REPEATED' && !repeatedItem) {
    return Array.isArray(raw) ? raw.map((item: Cell) => value(field, item.v, true)) : [];
  }
  if (field.type === 'RECORD' || field.type === 'STRUCT') {
    if (raw === null || raw === undefined) return null;
    return toObject(field.fields ?? [], (raw as { f: Cell[] }).f);
  }
  return scalar(field.type, raw);
}

function toObject(fields: SchemaField[], cells: Cell[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    row[field.name] = value(field, cells[index]?.v ?? null);
  });
  return row;
}

/**
 * Turns rows of the REST API (`{ f: [{ v }] }`, every scalar a string) into the contract's values by the schema:
 * INT64, NUMERIC, BIGNUMERIC → strings; FLOAT64 → number (NaN and ±Infinity included); BOOL → boolean;
 * TIMESTAMP → Date (millisecond precision); DATE 'YYYY-MM-DD'; TIME 'HH:MM:SS[.ffffff]'; DATETIME
 * 'YYYY-MM-DDTHH:MM:SS[.ffffff]'; BYTES → base64 (as sent); JSON → parsed; REPEATED → arrays (empty when
 * NULL); RECORD → objects keyed by field name; GEOGRAPHY, INTERVAL, RANGE → BigQuery's text.
 */
export function toRows(fields: SchemaField[], rows: Array<{ f: Cell[] }>): Array<Record<string, unknown>> {
  return rows.map((row) => toObject(fields, row.f));
}
