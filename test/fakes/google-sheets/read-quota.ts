/** "Read requests per minute per user": a sliding window of read requests per service account. */
export class ReadQuota {
  private readonly reads = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a read by `email`; false when it is over the limit (then it is not counted, as a refused request). */
  take(email: string): boolean {
    const now = Date.now();
    const recent = (this.reads.get(email) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.reads.set(email, recent);
      return false;
    }
    recent.push(now);
    this.reads.set(email, recent);
    return true;
  }
}
