import { Counter, Histogram, type Registry } from 'prom-client';
import type { RequestMetrics } from '../engine/http';

/** Seconds: most grants are immediate; a full account window is about a second; a bulk importer's is a minute. */
const WAIT_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** An HTTP status as a label value, or `error` when no reply came. */
const statusLabel = (status: number | null): string => (status === null ? 'error' : String(status));

/**
 * Requests to destinations made by this process (runs, and the API's discovery and connection tests), labelled
 * by `account`: the destination plugin's `limits().key`, the identity its rate limit is kept under (for
 * ActiveCampaign `activecampaign:<account host>`). It names an account, never a URL with credentials, and there
 * are as many as accounts written to, not syncs or runs.
 */
export class DestinationRequestMetrics {
  private readonly requests: Counter<'account' | 'status'>;
  private readonly retries: Counter<'account' | 'status'>;
  private readonly waits: Histogram<'account'>;
  private readonly accounts = new Map<string, RequestMetrics>();

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'ferry_destination_requests_total',
      help: 'HTTP requests to destination accounts by reply status (429s and every retried attempt included; "error" when no reply came).',
      labelNames: ['account', 'status'],
      registers: [registry],
    });
    this.retries = new Counter({
      name: 'ferry_destination_retries_total',
      help: 'Destination requests tried again, by the status of the attempt that failed ("error" when it got no reply).',
      labelNames: ['account', 'status'],
      registers: [registry],
    });
    this.waits = new Histogram({
      name: 'ferry_destination_rate_limit_wait_seconds',
      help: "Time each attempt of a destination request waited for the account's rate limit (shared by every run and worker) before going out.",
      labelNames: ['account'],
      buckets: WAIT_BUCKETS,
      registers: [registry],
    });
  }

  /** The metrics of one account, made once and kept (an account is a handful of series). */
  forAccount(account: string): RequestMetrics {
    let metrics = this.accounts.get(account);
    if (!metrics) {
      const waits = this.waits.labels({ account });
      metrics = {
        attempted: (status) => this.requests.inc({ account, status: statusLabel(status) }),
        retried: (status) => this.retries.inc({ account, status: statusLabel(status) }),
        waitedForLimiter: (seconds) => waits.observe(seconds),
      };
      this.accounts.set(account, metrics);
    }
    return metrics;
  }
}
