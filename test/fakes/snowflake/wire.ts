/**
 * Column types and the SQL API's string form of values (resultSetMetaData.rowType and `data`, format jsonv2), as
 * Snowflake's "Handling responses" documentation describes them.
 */
export type ColumnType =
  | { type: 'fixed'; precision: number; scale: number }
  | { type: 'real' | 'text' | 'boolean' | 'date' | 'variant' | 'object' | 'array' | 'binary' }
  | { type: 'time' | 'timestamp_ntz' | 'timestamp_ltz' | 'timestamp_tz'; scale: number };

/** One entry of resultSetMetaData.rowType, shaped as the real API sends it (lower-case type names). */
export interface RowTypeEntry {
  name: string;
  database: string;
  schema: string;
  table: string;
  nullable: boolean;
  type: string;
  length: number | null;
  byteLength: number | null;
  precision: number | null;
  scale: number | null;
  collation: null;
}

/** Reads a column type as written in CREATE TABLE: NUMBER(10,2), INT, VARCHAR, TIMESTAMP_TZ, VARIANT, … */
export function columnType(sqlType: string): ColumnType {
  const text = sqlType.trim().toUpperCase();
  const number = /^(?:NUMBER|NUMERIC|DECIMAL)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(text);
  if (number) return { type: 'fixed', precision: Number(number[1] ?? 38), scale: Number(number[2] ?? 0) };
  if (/^(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(text)) return { type: 'fixed', precision: 38, scale: 0 };
  if (/^(FLOAT|FLOAT4|FLOAT8|DOUBLE|DOUBLE PRECISION|REAL)$/.test(text)) return { type: 'real' };
  if (/^(TEXT|STRING|VARCHAR|CHAR|CHARACTER)(\(\d+\))?$/.test(text)) return { type: 'text' };
  if (text === 'BOOLEAN') return { type: 'boolean' };
  if (text === 'DATE') return { type: 'date' };
  if (text === 'TIME') return { type: 'time', scale: 9 };
  if (text === 'TIMESTAMP_NTZ' || text === 'DATETIME' || text === 'TIMESTAMP') return { type: 'timestamp_ntz', scale: 9 };
  if (text === 'TIMESTAMP_LTZ') return { type: 'timestamp_ltz', scale: 9 };
  if (text === 'TIMESTAMP_TZ') return { type: 'timestamp_tz', scale: 9 };
  if (text === 'VARIANT') return { type: 'variant' };
  if (text === 'OBJECT') return { type: 'object' };
  if (text === 'ARRAY') return { type: 'array' };
  if (text === 'BINARY' || text === 'VARBINARY') return { type: 'binary' };
  throw new Error(`fake Snowflake: unsupported column type ${sqlType}`);
}

export function rowTypeEntry(name: string, type: ColumnType, where: { database?: string; schema?: string; table?: string } = {}): RowTypeEntry {
  const textual = type.type === 'text' || type.type === 'binary' || type.type === 'variant' || type.type === 'object' || type.type === 'array';
  return {
    name,
    database: where.database ?? '',
    schema: where.schema ?? '',
    table: where.table ?? '',
    nullable: true,
    type: type.type,
    length: textual ? 16777216 : null,
    byteLength: textual ? 16777216 : null,
    precision: type.type === 'fixed' ? type.precision : null,
    scale: 'scale' in type ? type.scale : null,
    collation: null,
  };
}

/** `seconds.nnnnnnnnn` (sign and magnitude) from whole nanoseconds since an origin. */
function decimalSeconds(nanos: bigint): string {
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  return `${sign}${abs / 1_000_000_000n}.${String(abs % 1_000_000_000n).padStart(9, '0')}`;
}

const DAY_NANOS = 86_400_000_000_000n;

function daysOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000);
}

/** Nanoseconds of a wall-clock 'HH:MM:SS[.fffffffff]'. */
function clockNanos(time: string): bigint {
  const [clock, fraction = ''] = time.split('.');
  const [h, m, s] = clock.split(':').map(Number);
  return BigInt((h * 60 + m) * 60 + s) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9) || '0');
}

function instantNanos(value: unknown): bigint {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) throw new Error(`fake Snowflake: not a timestamp: ${String(value)}`);
  return BigInt(date.getTime()) * 1_000_000n;
}

/**
 * A JS value as the SQL API writes it in `data`: FIXED as the decimal (not divided by its scale), REAL as a
 * number, DATE as days since the epoch, TIME as seconds since midnight, TIMESTAMP_NTZ/LTZ as seconds since the epoch
 * (9 decimals), TIMESTAMP_TZ as those seconds, a space and the offset in minutes plus 1440, VARIANT/OBJECT/ARRAY as
 * pretty-printed JSON, BINARY as upper-case hex. Null stays null.
 */
export function toWire(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  switch (type.type) {
    case 'fixed': {
      if (type.scale === 0) return typeof value === 'number' ? String(Math.trunc(value)) : String(value);
      if (typeof value === 'number') return value.toFixed(type.scale);
      const [whole, fraction = ''] = String(value).split('.');
      return `${whole}.${fraction.padEnd(type.scale, '0').slice(0, type.scale)}`;
    }
    case 'real': {
      const number = Number(value);
      if (number === Infinity) return 'inf';
      if (number === -Infinity) return '-inf';
      return String(number);
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'date':
      return typeof value === 'number' ? String(value) : String(daysOf(value instanceof Date ? value.toISOString().slice(0, 10) : String(value)));
    case 'time':
      return decimalSeconds(clockNanos(String(value)));
    case 'timestamp_ntz': {
      const [date, time = '00:00:00'] = String(value).split(/[T ]/);
      return decimalSeconds(BigInt(daysOf(date)) * DAY_NANOS + clockNanos(time));
    }
    case 'timestamp_ltz':
      return decimalSeconds(instantNanos(value));
    case 'timestamp_tz': {
      const { at, offsetMinutes } =
        value instanceof Date || typeof value !== 'object' ? { at: value, offsetMinutes: 0 } : (value as { at: unknown; offsetMinutes: number });
      return `${decimalSeconds(instantNanos(at))} ${1440 + offsetMinutes}`;
    }
    case 'variant':
    case 'object':
    case 'array':
      return JSON.stringify(typeof value === 'string' && type.type === 'variant' ? JSON.parse(value) : value, null, 2);
    case 'binary':
      return (Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'base64')).toString('hex').toUpperCase();
    default:
      return String(value);
  }
}
