import type { Pool } from 'pg';
import type { Logger } from '../../plugins/contract';
import { RunStoppedError } from './run-errors';

/** How often a running run proves it is alive and looks for a cancellation. */
export const HEARTBEAT_MS = 500;

/**
 * Keeps a run's `heartbeat_at` fresh and watches its row: when the row is no longer RUNNING (a user cancelled it
 * from any API process, the sync was deleted, or recovery took it for dead) the run's controller is aborted, which
 * stops the source cursor and every HTTP call. Polling keeps this independent of which process cancelled.
 */
export class RunHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private beating = false;

  constructor(
    private readonly pool: Pool,
    private readonly runId: string,
    private readonly controller: AbortController,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = HEARTBEAT_MS): void {
    this.timer = setInterval(() => void this.beat(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async beat(): Promise<void> {
    if (this.beating || this.controller.signal.aborted) return;
    this.beating = true;
    try {
      const { rowCount } = await this.pool.query(`UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1 AND status = 'RUNNING'`, [this.runId]);
      if (rowCount) return;
      const { rows } = await this.pool.query<{ status: string }>('SELECT status FROM sync_runs WHERE id = $1', [this.runId]);
      this.controller.abort(new RunStoppedError(rows[0]?.status === 'CANCELLED' ? 'cancelled' : 'lost'));
    } catch (error) {
      this.logger.warn('run heartbeat failed; retrying', { runId: this.runId, error: (error as Error).message });
    } finally {
      this.beating = false;
    }
  }
}
