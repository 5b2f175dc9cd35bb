import { FieldType, isBinaryText, type ColumnShape } from './column-types';

type Converter = (value: unknown) => unknown;

/** MySQL's "zero" dates (allowed unless NO_ZERO_DATE) name no day: they come as null. */
const isZeroDate = (text: string) => text.startsWith('0000-00-00');

const localDateTime: Converter = (value) => (isZeroDate(value as string) ? null : (value as string).replace(' ', 'T'));
const date: Converter = (value) => (isZeroDate(value as string) ? null : value);
/** The session's time_zone is UTC (Session.begin), so the text is the stored UTC instant. */
const instant: Converter = (value) => (isZeroDate(value as string) ? null : new Date(`${(value as string).replace(' ', 'T')}Z`));
const base64: Converter = (value) => (value as Buffer).toString('base64');

function bits(width: number): Converter {
  if (width === 1) return (value) => (value as Buffer)[0] === 1;
  return (value) => {
    const number = BigInt(`0x${(value as Buffer).toString('hex') || '0'}`);
    return width <= 32 ? Number(number) : number.toString();
  };
}

function converter(column: ColumnShape): Converter | null {
  switch (column.columnType) {
    case FieldType.DATETIME:
    case FieldType.DATETIME2:
      return localDateTime;
    case FieldType.DATE:
    case FieldType.NEWDATE:
      return date;
    case FieldType.TIMESTAMP:
    case FieldType.TIMESTAMP2:
      return instant;
    case FieldType.BIT:
      return bits(column.columnLength);
    case FieldType.STRING:
    case FieldType.VAR_STRING:
    case FieldType.VARCHAR:
    case FieldType.TINY_BLOB:
    case FieldType.MEDIUM_BLOB:
    case FieldType.LONG_BLOB:
    case FieldType.BLOB:
      return isBinaryText(column) ? base64 : null;
    default:
      return null;
  }
}

/**
 * Turns mysql2's values into the contract's forms, in place, for the columns that need it. What mysql2 already
 * gives in the contract's form is left alone: integers up to 32 bits, YEAR, FLOAT and DOUBLE → number; BIGINT and
 * DECIMAL → string (bigNumberStrings, decimalNumbers off); JSON (MySQL's type, MariaDB's by its extended
 * metadata) → parsed; text, TIME, ENUM and SET ('a,b') → the server's text.
 * Converted here: DATE → 'YYYY-MM-DD'; DATETIME → 'YYYY-MM-DDTHH:MM:SS[.ffffff]'; TIMESTAMP → Date; zero dates
 * → null; BIT(1) → boolean, wider BIT → number (string above 32 bits); binary strings and BLOBs → base64.
 * TINYINT(1) stays a number: it can hold -128…127, so reading it as a boolean could lose a value.
 */
export function rowConverter(columns: ColumnShape[]): (row: Record<string, unknown>) => Record<string, unknown> {
  const steps = columns.flatMap((column) => {
    const convert = converter(column);
    return convert ? [{ name: column.name, convert }] : [];
  });
  if (steps.length === 0) return (row) => row;
  return (row) => {
    for (const { name, convert } of steps) {
      const value = row[name];
      if (value !== null && value !== undefined) row[name] = convert(value);
    }
    return row;
  };
}
