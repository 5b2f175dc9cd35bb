type Row = Record<string, unknown>;

export interface CappedRows {
  rows: Row[];
  /** What was cut, in words; null when nothing was. */
  truncation: string | null;
}

function size(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value === null || value === undefined || typeof value !== 'object') return 8;
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/** A value over `maxValueBytes`: a string cut to that size, anything else replaced by a note of its size. */
function capValue(value: unknown, bytes: number, maxValueBytes: number): unknown {
  if (typeof value === 'string') return `${Buffer.from(value).subarray(0, maxValueBytes).toString('utf8')}…`;
  return `[${bytes} bytes left out]`;
}

/**
 * Bounds what a preview holds: each value at most `maxValueBytes`, the rows together at most `maxBytes` (the rows
 * after that are left out). Says what was cut.
 */
export function capPreviewBytes(rows: Row[], maxValueBytes: number, maxBytes: number): CappedRows {
  const kept: Row[] = [];
  let total = 0;
  let cutValues = 0;
  for (const row of rows) {
    const capped: Row = {};
    let rowBytes = 0;
    for (const [column, value] of Object.entries(row)) {
      const bytes = size(value);
      if (bytes > maxValueBytes) {
        cutValues += 1;
        capped[column] = capValue(value, bytes, maxValueBytes);
        rowBytes += maxValueBytes;
      } else {
        capped[column] = value;
        rowBytes += bytes;
      }
    }
    if (total + rowBytes > maxBytes && kept.length > 0) break;
    kept.push(capped);
    total += rowBytes;
  }
  const notes: string[] = [];
  if (cutValues) notes.push(`${cutValues} value(s) over ${maxValueBytes} bytes cut (FERRY_PREVIEW_MAX_VALUE_BYTES)`);
  if (kept.length < rows.length) notes.push(`${rows.length - kept.length} row(s) left out past ${maxBytes} bytes (FERRY_PREVIEW_MAX_BYTES)`);
  return { rows: kept, truncation: notes.length ? notes.join('; ') : null };
}
