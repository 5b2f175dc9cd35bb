/** The request log: every request the fake saw, for assertions about rate, routes and statuses. */

export interface RequestLogEntry {
  method: string;
  /** Path with the query string, as received (e.g. `/api/3/contacts?email=a%40b.c`). */
  path: string;
  /** Reply status; `null` when no reply was sent (reset, hang, reply lost). */
  status: number | null;
  /** Arrival time, ms since the epoch. */
  time: number;
  /** Request body size in bytes. */
  bytes: number;
  /** `replied` normally; otherwise which fault swallowed the reply. */
  outcome: 'replied' | 'reset' | 'hang' | 'reply-lost' | 'pending';
  /** Index of the `Api-Token` in `apiKeys`, or -1 when missing or invalid. Never the key itself. */
  keyIndex: number;
}

export interface RequestLog {
  /** Entries in arrival order (the oldest are dropped beyond `requestLogLimit`). */
  readonly entries: readonly RequestLogEntry[];
  readonly count: number;
  /**
   * The most requests that arrived within any sliding window of `ms` milliseconds (t - first < ms), counting
   * every request (also rejected ones) or only those `filter` keeps.
   */
  maxRequestsInAnyWindow(ms?: number, filter?: (entry: RequestLogEntry) => boolean): number;
  /** Entries whose method matches and whose path (without query, relative to /api/3 or not) matches `pathPrefix`. */
  find(method: string, pathPrefix: string): RequestLogEntry[];
  /** Forgets every entry. */
  clear(): void;
}

export class RequestLogStore implements RequestLog {
  private list: RequestLogEntry[] = [];

  constructor(private readonly limit: number) {}

  get entries(): readonly RequestLogEntry[] {
    return this.list;
  }

  get count(): number {
    return this.list.length;
  }

  add(entry: RequestLogEntry): RequestLogEntry {
    this.list.push(entry);
    // Trim in chunks so the cost stays amortised O(1).
    if (this.list.length > this.limit + Math.ceil(this.limit / 10)) this.list = this.list.slice(-this.limit);
    return entry;
  }

  maxRequestsInAnyWindow(ms = 1000, filter?: (entry: RequestLogEntry) => boolean): number {
    const times = (filter ? this.list.filter(filter) : this.list).map((e) => e.time);
    let max = 0;
    let start = 0;
    for (let end = 0; end < times.length; end += 1) {
      while (times[end] - times[start] >= ms) start += 1;
      max = Math.max(max, end - start + 1);
    }
    return max;
  }

  find(method: string, pathPrefix: string): RequestLogEntry[] {
    const prefix = pathPrefix.startsWith('/api/3') ? pathPrefix : `/api/3${pathPrefix}`;
    return this.list.filter((e) => e.method === method.toUpperCase() && e.path.split('?')[0].startsWith(prefix));
  }

  clear(): void {
    this.list = [];
  }
}
