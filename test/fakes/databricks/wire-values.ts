/**
 * A JS value in the JSON_ARRAY result format, where every value is a string (or null): numbers as their
 * digits, booleans as true/false, TIMESTAMP as ISO 8601 in UTC with a Z, TIMESTAMP_NTZ without a zone,
 * BINARY as base64, ARRAY/MAP/STRUCT as JSON text.
 */
export function wireValue(value: unknown, typeName: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return typeName === 'TIMESTAMP_NTZ' ? iso.slice(0, -1) : typeName === 'DATE' ? iso.slice(0, 10) : iso;
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
