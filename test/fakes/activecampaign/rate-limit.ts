/** The account-wide limit: at most N requests in any sliding 1,000 ms, shared by every key. */
import { SlidingWindow } from './sliding-window';

export interface RateDecision {
  allowed: boolean;
  /** `RateLimit-*` headers for the reply (empty when unlimited). */
  headers: Record<string, string>;
}

export class AccountRateLimit {
  private readonly window: SlidingWindow | null;

  constructor(requestsPerSecond: number | false) {
    this.window = requestsPerSecond === false ? null : new SlidingWindow(requestsPerSecond, 1000);
  }

  /** Counts the request when it fits in the window (rejected requests are not counted). */
  take(now: number): RateDecision {
    if (!this.window) return { allowed: true, headers: {} };
    const allowed = this.window.tryAcquire(now);
    return { allowed, headers: this.headers(now) };
  }

  /** Headers without counting a request (for replies that do not reach the account, e.g. auth failures). */
  peek(now: number): Record<string, string> {
    return this.window ? this.headers(now) : {};
  }

  private headers(now: number): Record<string, string> {
    const window = this.window!;
    return {
      'RateLimit-Limit': String(window.limit),
      'RateLimit-Remaining': String(Math.max(0, window.limit - window.used(now))),
    };
  }
}
