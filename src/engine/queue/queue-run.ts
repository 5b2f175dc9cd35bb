import type { Pool } from 'pg';
import type { RunTrigger } from '../../entities';
import { NotFoundError } from '../../errors';
import { runChannel } from '../../events/run-events';

/** PostgreSQL's SQLSTATE when sync_runs.sync_id names no sync. */
const foreignKeyViolation = '23503';

/** How a run is asked for. */
export interface RunRequest {
  fullResync: boolean;
  trigger: RunTrigger;
  /** Let this one run through the sync's change guard (triggerSync's `force`); scheduled runs never set it. */
  force?: boolean;
}

/**
 * Inserts a QUEUED run for the sync, or finds the sync's run that is already QUEUED or RUNNING. The partial
 * unique index `sync_runs_one_active` makes this race-free: of two concurrent triggers one inserts and the other
 * gets that run back. `created` says whether this call made the run (and so must enqueue it); a new run is announced
 * on the run channel like every change of a run. A sync that does not exist is NOT_FOUND. Asked with `force`, a run
 * found QUEUED takes it too (it has not met its guard yet); a RUNNING one is past that point and keeps its own.
 */
export async function queueRun(pool: Pool, syncId: string, options: RunRequest): Promise<{ runId: string; created: boolean }> {
  for (;;) {
    // The new run is announced (publishRunChange's NOTIFY) by the same statement: one round trip, sent on commit.
    const inserted = await pool
      .query<{ id: string }>(
        `WITH inserted AS (
         INSERT INTO sync_runs (sync_id, status, trigger, full_resync, force) VALUES ($1, 'QUEUED', $2, $3, $5)
         ON CONFLICT (sync_id) WHERE status IN ('QUEUED', 'RUNNING') DO NOTHING RETURNING id
       )
       SELECT id, pg_notify($4, id::text) FROM inserted`,
        [syncId, options.trigger, options.fullResync, runChannel, options.force ?? false],
      )
      .catch((error: { code?: string }) => {
        if (error.code === foreignKeyViolation) throw new NotFoundError('Sync', syncId);
        throw error;
      });
    if (inserted.rows[0]) return { runId: inserted.rows[0].id, created: true };
    const active = options.force
      ? await pool.query<{ id: string }>(
          `WITH forced AS (UPDATE sync_runs SET force = true WHERE sync_id = $1 AND status = 'QUEUED' RETURNING id)
           SELECT id FROM forced UNION ALL SELECT id FROM sync_runs WHERE sync_id = $1 AND status = 'RUNNING'`,
          [syncId],
        )
      : await pool.query<{ id: string }>(`SELECT id FROM sync_runs WHERE sync_id = $1 AND status IN ('QUEUED', 'RUNNING')`, [syncId]);
    // The active run may have ended between the two statements: then try to insert again.
    if (active.rows[0]) return { runId: active.rows[0].id, created: false };
  }
}
