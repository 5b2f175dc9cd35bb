import { Pool } from 'pg';
import type { Agent } from 'undici';
import type { Config } from '../config';
import type { Logger } from '../plugins/contract';
import type { SecretBox } from '../secrets/secret-box';
import { DeliveryLoop } from './delivery-loop';
import { evaluateRules } from './evaluate-rules';
import { createAlertAgent } from './post-delivery';
import type { RetrySchedule } from './retry-schedule';

/** Connections of the alerts' own pool: an evaluation and the delivery loop; never one a run is waiting for. */
const ALERT_CONNECTIONS = 2;

export type AlertConfig = Pick<
  Config,
  | 'FERRY_ALERT_CHECK_SECONDS'
  | 'FERRY_ALERT_TIMEOUT_SECONDS'
  | 'FERRY_ALERT_RETRY_FIRST_SECONDS'
  | 'FERRY_ALERT_RETRY_MAX_SECONDS'
  | 'FERRY_ALERT_RETRY_FOR_HOURS'
>;

export function retrySchedule(config: AlertConfig): RetrySchedule {
  return {
    firstMs: config.FERRY_ALERT_RETRY_FIRST_SECONDS * 1000,
    maxMs: config.FERRY_ALERT_RETRY_MAX_SECONDS * 1000,
    retryForMs: config.FERRY_ALERT_RETRY_FOR_HOURS * 3_600_000,
  };
}

/**
 * Alerts on a worker process: every FERRY_ALERT_CHECK_SECONDS the rules are evaluated (one worker at a time), and
 * the delivery loop sends what is due. Both run beside the runs, never in them, on a pool of their own, so a slow
 * or failing receiver cannot slow or fail a run.
 */
export class AlertWorker {
  private readonly pool: Pool;
  private readonly agent: Agent;
  private readonly deliveries: DeliveryLoop;
  private timer: NodeJS.Timeout | null = null;
  private evaluating: Promise<void> | null = null;

  constructor(
    databaseUrl: string,
    private readonly config: AlertConfig,
    secrets: SecretBox,
    private readonly logger: Logger,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: ALERT_CONNECTIONS, application_name: 'ferry-alerts' });
    this.pool.on('error', (error) => logger.warn('alerts connection lost', { error: error.message }));
    this.agent = createAlertAgent(config.FERRY_ALERT_TIMEOUT_SECONDS * 1000);
    this.deliveries = new DeliveryLoop({
      pool: this.pool,
      dispatcher: this.agent,
      secrets,
      logger,
      timeoutMs: config.FERRY_ALERT_TIMEOUT_SECONDS * 1000,
      retry: retrySchedule(config),
    });
  }

  start(): void {
    this.deliveries.start();
    this.timer = setInterval(() => this.evaluate(), this.config.FERRY_ALERT_CHECK_SECONDS * 1000);
    this.timer.unref();
    this.evaluate();
  }

  private evaluate(): void {
    if (this.evaluating) return;
    this.evaluating = evaluateRules(this.pool)
      .then((stored) => {
        if (stored > 0) this.deliveries.wake();
      })
      .catch((error: Error) => this.logger.warn('alert rules could not be evaluated; trying again', { error: error.message }))
      .finally(() => (this.evaluating = null));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.evaluating;
    await this.deliveries.stop();
    await this.agent.close();
    await this.pool.end();
  }
}
