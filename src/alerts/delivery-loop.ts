import type { Pool } from 'pg';
import { attemptDelivery, type AttemptDependencies } from './attempt-delivery';
import { claimDueDeliveries, ofEnabledRule, releaseClaim, type ClaimedDelivery } from './delivery-store';

/** Deliveries one worker sends at once. */
const PARALLEL_SENDS = 4;
/** The longest the loop sleeps without looking (another process may have stored a delivery). */
const MAX_SLEEP_MS = 1_000;

/**
 * Sends due deliveries on a worker, apart from runs (its own connections and sockets), in up to PARALLEL_SENDS
 * lanes: a lane takes the next due delivery when its own is done, and a free lane takes one as soon as it is due, so
 * a receiver that does not answer holds up one lane, not the others. Deliveries are taken with SKIP LOCKED, so any
 * number of workers share the queue; between looks the loop sleeps until the next one is due (at most a second).
 */
export class DeliveryLoop {
  private readonly lanes = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private filling: Promise<void> | null = null;
  private scheduling: Promise<void> | null = null;
  private scheduleAgain = false;
  private stopped = false;
  private readonly stopping = new AbortController();
  private readonly leaseMs: number;

  constructor(private readonly deps: AttemptDependencies & { pool: Pool }) {
    // A worker that dies while sending leaves the delivery due again after this.
    this.leaseMs = deps.timeoutMs + 30_000;
  }

  start(): void {
    this.wake();
  }

  /** Looks now: free lanes take what is due. */
  wake(): void {
    if (this.stopped || this.filling) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.filling = this.fill().finally(() => {
      this.filling = null;
      this.scheduleNextLook();
    });
  }

  /** Stops looking; sends in flight are cut short and recorded as failed attempts, to be tried again later. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.filling;
    await Promise.all(this.lanes);
    await this.scheduling;
  }

  private async fill(): Promise<void> {
    const free = PARALLEL_SENDS - this.lanes.size;
    if (free <= 0) return;
    try {
      for (const delivery of await claimDueDeliveries(this.deps.pool, free, this.leaseMs)) this.startLane(delivery);
    } catch (error) {
      this.deps.logger.warn('alert deliveries could not be taken; trying again', { error: (error as Error).message });
    }
  }

  private startLane(first: ClaimedDelivery): void {
    const lane = this.lane(first).finally(() => {
      this.lanes.delete(lane);
      // What it sent may be due again soon (a retry): the next look is worked out again.
      this.scheduleNextLook();
    });
    this.lanes.add(lane);
  }

  private async lane(first: ClaimedDelivery): Promise<void> {
    let delivery: ClaimedDelivery | undefined = first;
    while (delivery) {
      // Taken as the loop was stopping (its claim was in flight): given back untried, not left to its lease.
      if (this.stopped) return this.release(delivery);
      try {
        await attemptDelivery({ ...this.deps, signal: this.stopping.signal }, delivery);
      } catch (error) {
        // Left as it was: due again once its lease ends.
        this.deps.logger.warn('an alert attempt could not be recorded', { deliveryId: delivery.id, error: (error as Error).message });
      }
      if (this.stopped) return;
      try {
        [delivery] = await claimDueDeliveries(this.deps.pool, 1, this.leaseMs);
      } catch (error) {
        this.deps.logger.warn('alert deliveries could not be taken; trying again', { error: (error as Error).message });
        return;
      }
    }
  }

  private async release(delivery: ClaimedDelivery): Promise<void> {
    try {
      await releaseClaim(this.deps.pool, delivery);
    } catch (error) {
      // Left as it was: due again once its lease ends.
      this.deps.logger.warn('an alert delivery could not be given back', { deliveryId: delivery.id, error: (error as Error).message });
    }
  }

  private scheduleNextLook(): void {
    if (this.stopped) return;
    if (this.scheduling) {
      // Its answer may predate what just changed: look again once it is in.
      this.scheduleAgain = true;
      return;
    }
    // With every lane busy, the lanes take the next ones themselves as they finish.
    const next = this.lanes.size >= PARALLEL_SENDS ? Promise.resolve(MAX_SLEEP_MS) : this.untilNextDue();
    this.scheduling = next
      .catch(() => MAX_SLEEP_MS)
      .then((sleepMs) => {
        if (this.stopped) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.wake(), sleepMs);
        this.timer.unref();
      })
      .finally(() => {
        this.scheduling = null;
        if (this.scheduleAgain) {
          this.scheduleAgain = false;
          this.scheduleNextLook();
        }
      });
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
