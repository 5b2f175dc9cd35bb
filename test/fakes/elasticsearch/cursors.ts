import { randomBytes } from 'node:crypto';
import type { SqlResult } from './sql';

export interface OpenCursor {
  id: string;
  result: SqlResult;
  offset: number;
  fetchSize: number;
  pageTimeoutMs: number;
  expiresAt: number;
}

/**
 * Open SQL cursors. Each page extends the cursor's life by its page_timeout (as a scroll's keep-alive); a cursor
 * not used within it is gone. The last page closes it.
 */
export class Cursors {
  private readonly open = new Map<string, OpenCursor>();
  /** Cursors closed by a /_sql/close call (not by expiry or the last page). */
  closedByClient = 0;

  create(result: SqlResult, offset: number, fetchSize: number, pageTimeoutMs: number): string {
    // Real cursors are long base64 blobs: this one ends with a random context id.
    const id = `${Buffer.from('fake-sql-cursor').toString('base64')}:${randomBytes(24).toString('base64url')}`;
    this.open.set(id, { id, result, offset, fetchSize, pageTimeoutMs, expiresAt: Date.now() + pageTimeoutMs });
    return id;
  }

  take(id: string): OpenCursor | undefined {
    this.sweep();
    return this.open.get(id);
  }

  touch(cursor: OpenCursor): void {
    cursor.expiresAt = Date.now() + cursor.pageTimeoutMs;
  }

  close(id: string, byClient: boolean): boolean {
    const existed = this.open.delete(id);
    if (existed && byClient) this.closedByClient += 1;
    return existed;
  }

  count(): number {
    this.sweep();
    return this.open.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, cursor] of this.open) if (cursor.expiresAt < now) this.open.delete(id);
  }
}

/** Elasticsearch time values: 500ms, 45s, 2m, 1h, 1d. */
export function parseTimeValue(value: unknown, fallbackMs: number): number | null {
  if (value === undefined) return fallbackMs;
  const match = typeof value === 'string' ? /^(\d+)(ms|s|m|h|d)$/.exec(value) : null;
  if (!match) return null;
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms']!;
}
