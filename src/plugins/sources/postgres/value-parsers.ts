import type { CustomTypesConfig } from 'pg';
import { parseArrayLiteral } from './array-literal';
import type { PgType } from './type-names';

export type Parser = (text: string) => unknown;

const asText: Parser = (value) => value;
const asInteger: Parser = (value) => Number.parseInt(value, 10);
/** Also turns NaN, Infinity and -Infinity into their JS numbers. */
const asFloat: Parser = (value) => Number.parseFloat(value);
const asJson: Parser = (value) => JSON.parse(value);
const asBoolean: Parser = (value) => value === 't';

/** bytea (printed as hex: `\x0a1b…`, we set bytea_output) → base64. */
const asBase64: Parser = (value) => (value.startsWith('\\x') ? Buffer.from(value.slice(2), 'hex').toString('base64') : value);

/** timestamp without time zone is a wall-clock time: kept as an ISO 8601 string with no offset, never shifted. */
const asLocalTimestamp: Parser = (value) => (/^\d{4,}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value);

const timestamptzPattern = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

/**
 * timestamptz (ISO DateStyle, any session time zone) → Date; microseconds beyond the millisecond are dropped.
 * `infinity` and `-infinity` stay strings.
 */
const asInstant: Parser = (value) => {
  const match = timestamptzPattern.exec(value);
  if (!match) return value;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours, offsetMinutes = '0', offsetSeconds = '0', bc] = match;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const offset = (Number(offsetHours) * 3600 + Number(offsetMinutes) * 60 + Number(offsetSeconds)) * 1000;
  return new Date(date.getTime() - (sign === '+' ? offset : -offset));
};

/**
 * Built-in type OIDs (fixed in every PostgreSQL) whose text needs turning into a JS value. Every other type,
 * int8, numeric, money, date, time, interval, uuid and user types included, stays the server's text.
 */
const scalarParsers = new Map<number, Parser>([
  [16, asBoolean], // bool
  [17, asBase64], // bytea
  [21, asInteger], // int2
  [23, asInteger], // int4
  [26, asInteger], // oid
  [700, asFloat], // float4
  [701, asFloat], // float8
  [114, asJson], // json
  [3802, asJson], // jsonb
  [1114, asLocalTimestamp], // timestamp
  [1184, asInstant], // timestamptz
]);

function arrayParser(type: PgType): Parser {
  const parseElement = scalarParsers.get(type.element) ?? asText;
  // int2vector and oidvector are arrays in pg_type but print as '1 2 3': those stay text.
  return (value) => (value.startsWith('{') || value.startsWith('[') ? parseArrayLiteral(value, parseElement, type.delimiter) : value);
}

/**
 * The type parsers of one client (never pg's global ones). Arrays of any element type, enums and domains
 * included, are parsed once `learn` has been given their pg_type rows.
 */
export class ValueParsers {
  private readonly arrays = new Map<number, Parser>();

  /** `named`: parsers for types known by name (a dialect's own types), applied once `learn` sees their OIDs. */
  constructor(private readonly named: ReadonlyMap<string, Parser> = new Map()) {}

  /** Adds parsers for the array types among `types`, and for the types the dialect knows by name. */
  learn(types: Iterable<PgType>): void {
    for (const type of types) {
      const named = this.named.get(type.name);
      if (named) this.arrays.set(type.oid, named);
      else if (type.category === 'A' && type.element !== 0) this.arrays.set(type.oid, arrayParser(type));
    }
  }

  /** For `new Client({ types })`: pg asks once per result column. */
  readonly types: CustomTypesConfig = {
    getTypeParser: ((oid: number) => scalarParsers.get(oid) ?? this.arrays.get(oid) ?? asText) as CustomTypesConfig['getTypeParser'],
  };
}
