/** One column of a result, as `resultSetMetaData.rowType` describes it. */
export interface RowType {
  name: string;
  /** fixed, real, text, boolean, date, time, timestamp_ntz, timestamp_ltz, timestamp_tz, variant, object, array, binary, … (either case). */
  type: string;
  precision?: number | null;
  scale?: number | null;
  nullable?: boolean;
}

type Converter = (text: string) => unknown;

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `seconds[.fraction]` since an origin → whole seconds (floored, so -1.5 → -2) and the fraction's digits. */
function splitSeconds(text: string): { seconds: number; fraction: string } {
  const [whole, digits = ''] = text.trim().split('.');
  const seconds = Number(whole);
  const fraction = digits.replace(/0+$/, '');
  if (!text.trim().startsWith('-') || fraction === '') return { seconds, fraction };
  // -1.25 is 1.25 s before the origin: -2 s plus 0.75 s.
  const scale = 10n ** BigInt(digits.length);
  const rest = (scale - BigInt(digits)).toString().padStart(digits.length, '0');
  return { seconds: seconds - 1, fraction: rest.replace(/0+$/, '') };
}

function isoDate(days: number): string {
  const date = new Date(days * 86_400_000);
  const year = date.getUTCFullYear();
  const yyyy = year >= 0 && year <= 9999 ? pad(year, 4) : (year < 0 ? '-' : '+') + pad(Math.abs(year), 6);
  return `${yyyy}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

function clock(secondsOfDay: number, fraction: string): string {
  const time = `${pad(Math.floor(secondsOfDay / 3600))}:${pad(Math.floor((secondsOfDay % 3600) / 60))}:${pad(secondsOfDay % 60)}`;
  return fraction ? `${time}.${fraction}` : time;
}

/** DATE: days since 1970-01-01 → 'YYYY-MM-DD'. */
const asDate: Converter = (text) => (/^-?\d+$/.test(text) ? isoDate(Number(text)) : text);

/** TIME: seconds since midnight (with up to 9 fraction digits) → 'HH:MM:SS[.fffffffff]'. */
const asTime: Converter = (text) => {
  if (!/^\d+(\.\d+)?$/.test(text)) return text;
  const { seconds, fraction } = splitSeconds(text);
  return clock(seconds, fraction);
};

/** TIMESTAMP_NTZ: seconds since the epoch of a wall-clock time → 'YYYY-MM-DDTHH:MM:SS[.f…]', never shifted. */
const asWallClock: Converter = (text) => {
  if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
  const { seconds, fraction } = splitSeconds(text);
  const days = Math.floor(seconds / 86_400);
  return `${isoDate(days)}T${clock(seconds - days * 86_400, fraction)}`;
};

function instant(epochText: string): Date | string {
  if (!/^-?\d+(\.\d+)?$/.test(epochText)) return epochText;
  const { seconds, fraction } = splitSeconds(epochText);
  return new Date(seconds * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0')));
}

/** TIMESTAMP_LTZ: seconds since the epoch (UTC) → Date (millisecond precision). */
const asInstant: Converter = (text) => instant(text);

/** TIMESTAMP_TZ: `<epoch seconds> <offset minutes + 1440>`; the epoch part is already UTC, so the offset is not needed for the instant. */
const asZonedInstant: Converter = (text) => instant(text.trim().split(/\s+/)[0]);

const asText: Converter = (text) => text;
const asBoolean: Converter = (text) => (text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : text);
const asJson: Converter = (text) => JSON.parse(text);
/** BINARY comes as hex. */
const asBase64: Converter = (text) => Buffer.from(text, 'hex').toString('base64');
const asFloat: Converter = (text) => {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  return Number(text);
};
const asInteger: Converter = (text) => Number(text);

/**
 * NUMBER/FIXED: whole numbers that fit in 32 bits (precision ≤ 9) → number; anything wider (NUMBER(38,0), the type
 * of every INT column) or with a scale → the exact decimal string, so no precision is lost.
 */
function fixedConverter(column: RowType): Converter {
  const scale = column.scale ?? 0;
  const precision = column.precision ?? 38;
  return scale === 0 && precision <= 9 ? asInteger : asText;
}

/** How to turn a column's string values into the contract's forms (see `Row` in the plugin contract). */
export function converterFor(column: RowType): Converter {
  switch (column.type.toLowerCase()) {
    case 'fixed':
    case 'number':
      return fixedConverter(column);
    case 'real':
    case 'float':
    case 'double':
      return asFloat;
    case 'boolean':
      return asBoolean;
    case 'date':
      return asDate;
    case 'time':
      return asTime;
    case 'timestamp_ntz':
      return asWallClock;
    case 'timestamp_ltz':
      return asInstant;
    case 'timestamp_tz':
      return asZonedInstant;
    case 'variant':
    case 'object':
    case 'array':
    case 'map':
    case 'vector':
      return asJson;
    case 'binary':
      return asBase64;
    default:
      // text, decfloat, geography, geometry, … stay Snowflake's text.
      return asText;
  }
}

/** Builds row objects from the API's arrays of strings (null for SQL NULL), column by column. */
export class RowDecoder {
  private readonly names: string[];
  private readonly converters: Converter[];

  constructor(rowType: RowType[]) {
    this.names = rowType.map((column) => column.name);
    this.converters = rowType.map(converterFor);
  }

  decode(values: Array<string | null>): Record<string, unknown> {
    const row: Record<string, unknown> = {};
    for (let index = 0; index < this.names.length; index += 1) {
      const value = values[index];
      row[this.names[index]] = value === null || value === undefined ? null : this.converters[index](value);
    }
    return row;
  }
}

/** The column's type as Ferry shows it: NUMBER(p,s), TEXT, TIMESTAMP_TZ, … */
export function typeName(column: RowType): string {
  const type = column.type.toUpperCase();
  if ((type === 'FIXED' || type === 'NUMBER') && column.precision !== null && column.precision !== undefined)
    return `NUMBER(${column.precision},${column.scale ?? 0})`;
  return type;
}
