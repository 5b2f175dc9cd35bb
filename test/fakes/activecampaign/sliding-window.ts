/** A sliding-window counter: at most `limit` events in any `windowMs` (an event at t counts until t + windowMs). */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private evict(now: number): void {
    while (this.head < this.times.length && now - this.times[this.head] >= this.windowMs) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Events in the window ending at `now`. */
  used(now: number): number {
    this.evict(now);
    return this.times.length - this.head;
  }

  /** Records the event and returns true when under the limit; returns false (recording nothing) otherwise. */
  tryAcquire(now: number): boolean {
    if (this.used(now) >= this.limit) return false;
    this.times.push(now);
    return true;
  }

  /** Ms until the oldest event in the window leaves it. */
  msUntilFree(now: number): number {
    this.evict(now);
    if (this.times.length - this.head < this.limit) return 0;
    return this.times[this.head] + this.windowMs - now;
  }
}
