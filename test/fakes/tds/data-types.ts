/**
 * The column types this fake serves, with their TYPE_INFO and value encodings from [MS-TDS] 2.2.5.4-2.2.5.5 (the
 * nullable variable-length forms: INTN, BITN, FLTN, MONEYN, DECIMALN/NUMERICN, DATEN, TIMEN, DATETIME2N,
 * DATETIMEOFFSETN, GUIDTYPE, BIGVARCHAR/NVARCHAR/BIGVARBINARY, the max types as PLP). Values in the fake's tables:
 * bit → boolean; integers → number (bigint as bigint or string); decimal/numeric/money → string; float/real →
 * number; text → string; date 'YYYY-MM-DD'; time 'HH:MM:SS[.f…]'; datetime2 'YYYY-MM-DDTHH:MM:SS[.f…]';
 * datetimeoffset 'YYYY-MM-DDTHH:MM:SS[.f…]±HH:MM' (local time and its offset); uniqueidentifier string; varbinary Buffer.
 */
export type SqlType =
  | { name: 'bit' | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'money' | 'float' | 'real' | 'date' | 'uniqueidentifier' }
  /** SQL Server 2025's json: sent as nvarchar(max) to a client that does not ask for the JSON feature (tedious does not). */
  | { name: 'json' }
  | { name: 'decimal' | 'numeric'; precision: number; scale: number }
  | { name: 'time' | 'datetime2' | 'datetimeoffset'; scale: number }
  | { name: 'nvarchar' | 'varchar' | 'varbinary'; length: number | 'max' };

/** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409, IgnoreCase|IgnoreKana|IgnoreWidth, sort id 52 (code page 1252). */
export const collation = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

const TypeId = {
  GUID: 0x24,
  INTN: 0x26,
  DATEN: 0x28,
  TIMEN: 0x29,
  DATETIME2N: 0x2a,
  DATETIMEOFFSETN: 0x2b,
  BITN: 0x68,
  DECIMALN: 0x6a,
  NUMERICN: 0x6c,
  FLTN: 0x6d,
  MONEYN: 0x6e,
  BIGVARBINARY: 0xa5,
  BIGVARCHAR: 0xa7,
  NVARCHAR: 0xe7,
} as const;
const intLength = { tinyint: 1, smallint: 2, int: 4, bigint: 8 } as const;

/** sys.types system_type_id, as sp_describe_first_result_set reports it. */
export const systemTypeId: Record<SqlType['name'], number> = {
  bit: 104,
  tinyint: 48,
  smallint: 52,
  int: 56,
  bigint: 127,
  decimal: 106,
  numeric: 108,
  money: 60,
  float: 62,
  real: 59,
  nvarchar: 231,
  varchar: 167,
  varbinary: 165,
  date: 40,
  time: 41,
  datetime2: 42,
  datetimeoffset: 43,
  uniqueidentifier: 36,
  json: 244,
};

/** The type as SQL Server names it in system_type_name, e.g. decimal(18,2), nvarchar(max), datetime2(7). */
export function typeName(type: SqlType): string {
  if ('precision' in type) return `${type.name}(${type.precision},${type.scale})`;
  if ('scale' in type) return `${type.name}(${type.scale})`;
  if ('length' in type) return `${type.name}(${type.length})`;
  return type.name;
}

/** max_length as sys.columns reports it: bytes, -1 for max. */
export function maxLength(type: SqlType): number {
  switch (type.name) {
    case 'bit':
    case 'tinyint':
      return 1;
    case 'smallint':
      return 2;
    case 'int':
    case 'real':
      return 4;
    case 'bigint':
    case 'money':
    case 'float':
      return 8;
    case 'decimal':
    case 'numeric':
      return decimalLength(type.precision);
    case 'date':
      return 3;
    case 'time':
      return timeLength(type.scale);
    case 'datetime2':
      return timeLength(type.scale) + 3;
    case 'datetimeoffset':
      return timeLength(type.scale) + 5;
    case 'uniqueidentifier':
      return 16;
    case 'json':
      return -1;
    case 'nvarchar':
      return type.length === 'max' ? -1 : type.length * 2;
    case 'varchar':
    case 'varbinary':
      return type.length === 'max' ? -1 : type.length;
  }
}

function decimalLength(precision: number): number {
  return precision <= 9 ? 5 : precision <= 19 ? 9 : precision <= 28 ? 13 : 17;
}

function timeLength(scale: number): number {
  return scale <= 2 ? 3 : scale <= 4 ? 4 : 5;
}

const u8 = (value: number) => Buffer.from([value]);
const u16 = (value: number) => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16LE(value);
  return buffer;
};

/** TYPE_INFO of a column in COLMETADATA (and of an RPC parameter). */
export function typeInfo(type: SqlType): Buffer {
  switch (type.name) {
    case 'bit':
      return Buffer.from([TypeId.BITN, 1]);
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
      return Buffer.from([TypeId.INTN, intLength[type.name]]);
    case 'money':
      return Buffer.from([TypeId.MONEYN, 8]);
    case 'float':
      return Buffer.from([TypeId.FLTN, 8]);
    case 'real':
      return Buffer.from([TypeId.FLTN, 4]);
    case 'decimal':
    case 'numeric':
      return Buffer.from([type.name === 'decimal' ? TypeId.DECIMALN : TypeId.NUMERICN, decimalLength(type.precision), type.precision, type.scale]);
    case 'date':
      return u8(TypeId.DATEN);
    case 'time':
      return Buffer.from([TypeId.TIMEN, type.scale]);
    case 'datetime2':
      return Buffer.from([TypeId.DATETIME2N, type.scale]);
    case 'datetimeoffset':
      return Buffer.from([TypeId.DATETIMEOFFSETN, type.scale]);
    case 'uniqueidentifier':
      return Buffer.from([TypeId.GUID, 16]);
    case 'nvarchar':
      return Buffer.concat([u8(TypeId.NVARCHAR), u16(type.length === 'max' ? 0xffff : type.length * 2), collation]);
    case 'json':
      return Buffer.concat([u8(TypeId.NVARCHAR), u16(0xffff), collation]);
    case 'varchar':
      return Buffer.concat([u8(TypeId.BIGVARCHAR), u16(type.length === 'max' ? 0xffff : type.length), collation]);
    case 'varbinary':
      return Buffer.concat([u8(TypeId.BIGVARBINARY), u16(type.length === 'max' ? 0xffff : type.length)]);
  }
}

const plpNull = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** PLP ([MS-TDS] 2.2.5.2.3): total length, then chunks (ULONG length + bytes) ended by a zero-length chunk. */
function plp(bytes: Buffer): Buffer {
  const total = Buffer.alloc(8);
  total.writeBigUInt64LE(BigInt(bytes.length));
  const chunks: Buffer[] = [total];
  const chunkSize = 8000;
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const chunk = bytes.subarray(at, at + chunkSize);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(chunk.length);
    chunks.push(length, chunk);
  }
  chunks.push(Buffer.alloc(4));
  return Buffer.concat(chunks);
}

function withLength(bytes: Buffer): Buffer {
  return Buffer.concat([u8(bytes.length), bytes]);
}

const dayZero = (() => {
  const date = new Date(0);
  date.setUTCFullYear(1, 0, 1);
  return date.getTime();
})();

/** Days since 0001-01-01 of a 'YYYY-MM-DD' date (the 3-byte date of [MS-TDS] 2.2.5.5.1.7). */
function days(text: string): number {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round((date.getTime() - dayZero) / 86_400_000);
}

/** 'HH:MM:SS[.fffffff]' → units of 10^-scale seconds since midnight. */
function timeUnits(text: string, scale: number): bigint {
  const [clock, fraction = ''] = text.split('.');
  const [hours, minutes, seconds] = clock.split(':').map(Number);
  const whole = BigInt(hours * 3600 + minutes * 60 + seconds);
  return whole * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0').slice(0, scale) || '0');
}

function timeBytes(text: string, scale: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(timeUnits(text, scale));
  return buffer.subarray(0, timeLength(scale));
}

function dateBytes(text: string): Buffer {
  return Buffer.from([...Array(3)].map((_, index) => (days(text) >> (index * 8)) & 0xff));
}

/** 'YYYY-MM-DDTHH:MM:SS.f±HH:MM' → the UTC date and time, and the offset in minutes. */
function splitOffset(text: string): { utcDate: string; utcTime: string; offsetMinutes: number } {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?([+-])(\d\d):(\d\d)$/.exec(text);
  if (!match) throw new Error(`not a datetimeoffset: ${text}`);
  const [, year, month, day, hour, minute, second, fraction = '', sign, offsetHours, offsetMins] = match;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMins));
  const local = new Date(0);
  local.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  local.setUTCHours(Number(hour), Number(minute), Number(second));
  const utc = new Date(local.getTime() - offsetMinutes * 60_000);
  const iso = utc.toISOString();
  return { utcDate: iso.slice(0, 10), utcTime: iso.slice(11, 19) + fraction, offsetMinutes };
}

function guidBytes(text: string): Buffer {
  const hex = Buffer.from(text.replaceAll('-', ''), 'hex');
  // The first three groups are little-endian on the wire, the last two as written.
  return Buffer.concat([
    Buffer.from(hex.subarray(0, 4)).reverse(),
    Buffer.from(hex.subarray(4, 6)).reverse(),
    Buffer.from(hex.subarray(6, 8)).reverse(),
    hex.subarray(8),
  ]);
}

function scaledInteger(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  const magnitude = BigInt(whole || '0') * 10n ** BigInt(scale) + BigInt(fraction.padEnd(scale, '0').slice(0, scale) || '0');
  return negative ? -magnitude : magnitude;
}

/** A non-null value in the column's wire form (length prefix included). */
function valueBytes(type: SqlType, value: unknown): Buffer {
  switch (type.name) {
    case 'bit':
      return Buffer.from([1, value ? 1 : 0]);
    case 'tinyint':
      return Buffer.from([1, Number(value)]);
    case 'smallint': {
      const b = Buffer.alloc(3);
      b[0] = 2;
      b.writeInt16LE(Number(value), 1);
      return b;
    }
    case 'int': {
      const b = Buffer.alloc(5);
      b[0] = 4;
      b.writeInt32LE(Number(value), 1);
      return b;
    }
    case 'bigint': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeBigInt64LE(BigInt(value as string), 1);
      return b;
    }
    case 'float': {
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeDoubleLE(Number(value), 1);
      return b;
    }
    case 'real': {
      const b = Buffer.alloc(5);
      b[0] = 4;
      b.writeFloatLE(Number(value), 1);
      return b;
    }
    case 'money': {
      // [MS-TDS] 2.2.5.5.1.4: the value × 10,000 as a 64-bit integer, the high 32 bits first.
      const units = BigInt.asUintN(64, scaledInteger(String(value), 4));
      const b = Buffer.alloc(9);
      b[0] = 8;
      b.writeUInt32LE(Number(units >> 32n), 1);
      b.writeUInt32LE(Number(units & 0xffffffffn), 5);
      return b;
    }
    case 'decimal':
    case 'numeric': {
      const units = scaledInteger(String(value), type.scale);
      const size = decimalLength(type.precision) - 1;
      const b = Buffer.alloc(size + 2);
      b[0] = size + 1;
      b[1] = units < 0n ? 0 : 1;
      let magnitude = units < 0n ? -units : units;
      for (let index = 0; index < size; index += 1) {
        b[2 + index] = Number(magnitude & 0xffn);
        magnitude >>= 8n;
      }
      return b;
    }
    case 'date':
      return withLength(dateBytes(String(value)));
    case 'time':
      return withLength(timeBytes(String(value), type.scale));
    case 'datetime2': {
      const [date, time] = String(value).split('T');
      return withLength(Buffer.concat([timeBytes(time, type.scale), dateBytes(date)]));
    }
    case 'datetimeoffset': {
      const { utcDate, utcTime, offsetMinutes } = splitOffset(String(value));
      const offset = Buffer.alloc(2);
      offset.writeInt16LE(offsetMinutes);
      return withLength(Buffer.concat([timeBytes(utcTime, type.scale), dateBytes(utcDate), offset]));
    }
    case 'uniqueidentifier':
      return withLength(guidBytes(String(value)));
    case 'json':
      return plp(Buffer.from(String(value), 'ucs2'));
    case 'nvarchar':
    case 'varchar':
    case 'varbinary': {
      const bytes = type.name === 'varbinary' ? (value as Buffer) : Buffer.from(String(value), type.name === 'nvarchar' ? 'ucs2' : 'latin1');
      if (type.length === 'max') return plp(bytes);
      return Buffer.concat([u16(bytes.length), bytes]);
    }
  }
}

/** True for the types whose NULL is not a zero length byte, and so need a bit in NBCROW's bitmap to be null. */
export function isPlp(type: SqlType): boolean {
  return type.name === 'json' || ('length' in type && type.length === 'max');
}

/** A value as it goes in a ROW token (NULL in the type's own null form). */
export function encodeValue(type: SqlType, value: unknown): Buffer {
  if (value !== null && value !== undefined) return valueBytes(type, value);
  if (isPlp(type)) return plpNull;
  if ('length' in type) return u16(0xffff);
  return u8(0);
}

/** A value in an NBCROW token: nothing when null (the bitmap says so). */
export function encodeNonNull(type: SqlType, value: unknown): Buffer {
  return valueBytes(type, value);
}
