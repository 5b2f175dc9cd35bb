import type { Pool } from 'pg';
import { attemptDelivery, type AttemptDependencies } from './attempt-delivery';
import { claimDueDeliveries, ofEnabledRule } from './delivery-store';

/** Deliveries one worker sends at once. */
const PARALLEL_SENDS = 4;
/** The longest the loop sleeps without looking (another process may have stored a delivery). */
const MAX_SLEEP_MS = 1_000;

/**
 * Sends due deliveries on a worker, apart from runs (its own connections and sockets): takes a few at a time with
 * SKIP LOCKED, so any number of workers share the queue, then sleeps until the next one is due (at most a second).
 */
export class DeliveryLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: AttemptDependencies & { pool: Pool }) {}

  start(): void {
    this.wake();
  }

  /** Looks now (deliveries were just stored). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.cycle().finally(() => (this.running = null));
  }

  /** Stops looking; sends in flight are cut short and recorded as failed attempts, to be tried again later. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private async cycle(): Promise<void> {
    let sleepMs = MAX_SLEEP_MS;
    try {
      await this.drain();
      sleepMs = await this.untilNextDue();
    } catch (error) {
      this.deps.logger.warn('alert delivery loop failed; trying again', { error: (error as Error).message });
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => this.wake(), sleepMs);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    const leaseMs = this.deps.timeoutMs + 30_000;
    while (!this.stopped) {
      const due = await claimDueDeliveries(this.deps.pool, PARALLEL_SENDS, leaseMs);
      if (due.length === 0) return;
      const attempts = await Promise.allSettled(due.map((delivery) => attemptDelivery({ ...this.deps, signal: this.stopping.signal }, delivery)));
      for (const [i, attempt] of attempts.entries()) {
        // Left as it was: due again once its lease ends.
        if (attempt.status === 'rejected')
          this.deps.logger.warn('an alert attempt could not be recorded', { deliveryId: due[i].id, error: (attempt.reason as Error).message });
      }
    }
  }

  private async untilNextDue(): Promise<number> {
    const { rows } = await this.deps.pool.query<{ ms: number | null }>(
      `SELECT (extract(epoch FROM min(next_attempt_at) - now()) * 1000)::float8 AS ms
       FROM notification_deliveries WHERE status IN ('PENDING', 'RETRYING') AND ${ofEnabledRule}`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(5, Math.ceil(ms)));
  }
}
