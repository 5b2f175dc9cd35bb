import type { ManifestColumn } from './wire-types';

type Convert = (text: string) => unknown;

const asText: Convert = (text) => text;
const asNumber: Convert = (text) => Number(text);
const asBoolean: Convert = (text) => text === 'true';
const asJson: Convert = (text) => JSON.parse(text);

/** TIMESTAMP (an instant, printed in UTC): '2024-01-02T03:04:05.123Z' or '…+00:00' / '…+0000' → Date. */
const asInstant: Convert = (text) => {
  const iso = text.replace(' ', 'T').replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(date.getTime()) ? text : date;
};

/** TIMESTAMP_NTZ is a wall-clock time: 'YYYY-MM-DDTHH:MM:SS[.f]', never shifted. */
const asLocalTimestamp: Convert = (text) => text.replace(' ', 'T').replace(/[zZ]$/, '');

const byTypeName: Record<string, Convert> = {
  BYTE: asNumber,
  SHORT: asNumber,
  INT: asNumber,
  FLOAT: asNumber,
  DOUBLE: asNumber,
  BOOLEAN: asBoolean,
  TIMESTAMP: asInstant,
  TIMESTAMP_NTZ: asLocalTimestamp,
  ARRAY: asJson,
  MAP: asJson,
  STRUCT: asJson,
  VARIANT: asJson,
};

/**
 * Turns JSON_ARRAY rows (every value a string or null) into rows in the contract's forms, by the manifest's
 * type_name: BIGINT (LONG) and DECIMAL stay strings; TINYINT, SMALLINT, INT, FLOAT, DOUBLE → number; BOOLEAN;
 * STRING and DATE as given; TIMESTAMP → Date; TIMESTAMP_NTZ → 'YYYY-MM-DDTHH:MM:SS[.f]'; BINARY as the API's
 * base64; ARRAY, MAP, STRUCT and VARIANT (JSON text) → parsed; INTERVAL and anything else → the text.
 */
export function rowConverter(columns: ManifestColumn[]): (row: Array<string | null>) => Record<string, unknown> {
  const converts = columns.map((column) => byTypeName[column.type_name] ?? asText);
  const names = columns.map((column) => column.name);
  return (row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) {
      const value = row[i];
      out[names[i]] = value === null || value === undefined ? null : converts[i](value);
    }
    return out;
  };
}
