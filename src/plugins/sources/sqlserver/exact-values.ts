import type { Connection } from 'tedious';

/**
 * tedious turns decimal, numeric and money into JS numbers (digits past the 15th are lost) and date, time and
 * datetime2 into Dates (a wall-clock value shifted into an instant, digits past the millisecond lost). Ferry reads
 * those types from their wire bytes instead ([MS-TDS] 2.2.5.5.1), for the connections it marks: tedious 19 still
 * reads the value first (so its bounds checks stand) and only the returned value is replaced. datetimeoffset keeps
 * its offset and its 100 ns digits: an ISO 8601 text such as '2024-03-10T16:19:56.1234567+05:45' (the contract's form
 * for a timestamp stored with its own offset), where tedious gives a Date of the instant alone.
 */
interface WireMetadata {
  type: { name: string };
  scale?: number;
}
interface ValueResult {
  value: unknown;
  offset: number;
}
type ReadValue = (buffer: Buffer, offset: number, metadata: WireMetadata, options: object) => ValueResult;

const marked = new WeakSet<object>();

const valueParser = require('tedious/lib/value-parser') as { readValue: ReadValue };
const original = valueParser.readValue;
valueParser.readValue = (buffer, offset, metadata, options) => {
  const result = original(buffer, offset, metadata, options);
  if (result.value === null || !marked.has(options)) return result;
  const exact = exactValue(metadata, buffer.subarray(offset, result.offset));
  if (exact !== undefined) result.value = exact;
  return result;
};

/** Makes `connection` produce exact values (see above). */
export function useExactValues(connection: Connection): void {
  marked.add((connection as unknown as { config: { options: object } }).config.options);
}

const pad = (value: number | bigint, width: number) => String(value).padStart(width, '0');

/** A non-negative integer scaled by 10^-scale as decimal text: 123456, 2 → '1234.56'. */
function scaled(units: bigint, scale: number, negative: boolean): string {
  const digits = units.toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative && units !== 0n ? `-${text}` : text;
}

function littleEndian(bytes: Buffer): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index -= 1) value = (value << 8n) | BigInt(bytes[index]);
  return value;
}

const dayZero = (() => {
  const date = new Date(0);
  date.setUTCFullYear(1, 0, 1);
  return date.getTime();
})();

function dateText(days: number): string {
  const date = new Date(dayZero + days * 86_400_000);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
}

/** Units of 10^-scale seconds since midnight → 'HH:MM:SS[.fffffff]' (as many fraction digits as the scale). */
function timeText(units: bigint, scale: number): string {
  const perSecond = 10n ** BigInt(scale);
  const seconds = Number(units / perSecond);
  const fraction = units % perSecond;
  const text = `${pad(Math.floor(seconds / 3600) % 24, 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return scale > 0 ? `${text}.${pad(fraction, scale)}` : text;
}

/**
 * datetimeoffset's wire bytes (time and date in UTC, then the offset in minutes, [MS-TDS] 2.2.5.5.1.8) as the wall
 * clock at that offset: 'YYYY-MM-DDTHH:MM:SS[.fffffff]+HH:MM'.
 */
function offsetText(bytes: Buffer, scale: number): string {
  const offsetMinutes = bytes.readInt16LE(bytes.length - 2);
  const perSecond = 10n ** BigInt(scale);
  const perDay = 86_400n * perSecond;
  const utcUnits = BigInt(bytes.readUIntLE(bytes.length - 5, 3)) * perDay + littleEndian(bytes.subarray(0, bytes.length - 5));
  const localUnits = utcUnits + BigInt(offsetMinutes) * 60n * perSecond;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60), 2)}:${pad(Math.abs(offsetMinutes) % 60, 2)}`;
  return `${dateText(Number(localUnits / perDay))}T${timeText(localUnits % perDay, scale)}${zone}`;
}

function money(bytes: Buffer): string {
  const units = bytes.length === 4 ? BigInt(bytes.readInt32LE(0)) : (BigInt(bytes.readInt32LE(0)) << 32n) | BigInt(bytes.readUInt32LE(4));
  return scaled(units < 0n ? -units : units, 4, units < 0n);
}

/** The exact value of one column from its wire bytes (length prefix included where the type has one). */
export function exactValue(metadata: WireMetadata, bytes: Buffer): unknown {
  const scale = metadata.scale ?? 7;
  switch (metadata.type.name) {
    case 'DecimalN':
    case 'NumericN':
      return scaled(littleEndian(bytes.subarray(2)), scale, bytes[1] === 0);
    case 'Money':
    case 'SmallMoney':
      return money(bytes);
    case 'MoneyN':
      return money(bytes.subarray(1));
    case 'Date':
      return dateText(bytes.readUIntLE(1, 3));
    case 'Time':
      return timeText(littleEndian(bytes.subarray(1)), scale);
    case 'DateTime2': {
      const time = timeText(littleEndian(bytes.subarray(1, bytes.length - 3)), scale);
      return `${dateText(bytes.readUIntLE(bytes.length - 3, 3))}T${time}`;
    }
    case 'DateTimeOffset':
      return offsetText(bytes.subarray(1), scale);
    default:
      return undefined;
  }
}
