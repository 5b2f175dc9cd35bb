import type { Pool } from 'pg';
import { presenceName } from './worker-presence';

/** A RUNNING run whose heartbeat is older than this is taken for dead, whatever its worker's presence says. */
export const STALE_HEARTBEAT_SECONDS = 30;
/** A RUNNING run whose worker has no presence connection is taken for dead once its heartbeat is this old. */
export const ABSENT_WORKER_SECONDS = 3;

export const WORKER_STOPPED =
  'worker stopped during the run (the process ended or lost its database connection); what was confirmed is kept, and the next run sends the rest';

/**
 * Marks FAILED the runs left RUNNING by a worker that is gone: its heartbeat is stale, or its presence
 * connection (see WorkerPresence) has vanished and its heartbeat stopped a few seconds ago. The short grace
 * covers a worker whose connections all dropped with a database restart and are coming back. Returns their ids.
 */
export async function failAbandonedRuns(pool: Pool, ownWorkerId: string): Promise<string[]> {
  const prefix = presenceName('');
  const { rows } = await pool.query<{ id: string }>(
    `UPDATE sync_runs r SET status = 'FAILED', error = $2, finished_at = now()
     WHERE r.status = 'RUNNING' AND r.worker_id IS DISTINCT FROM $1 AND (
       r.heartbeat_at IS NULL
       OR r.heartbeat_at < now() - make_interval(secs => $3)
       OR (r.heartbeat_at < now() - make_interval(secs => $4)
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = left($5 || r.worker_id, 63))))
     RETURNING r.id`,
    [ownWorkerId, WORKER_STOPPED, STALE_HEARTBEAT_SECONDS, ABSENT_WORKER_SECONDS, prefix],
  );
  return rows.map((row) => row.id);
}

/** QUEUED runs queued at least `olderThanSeconds` ago: candidates whose queue job may have vanished. */
export async function queuedRunIds(pool: Pool, olderThanSeconds: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM sync_runs WHERE status = 'QUEUED' AND queued_at <= now() - make_interval(secs => $1) ORDER BY seq`,
    [olderThanSeconds],
  );
  return rows.map((row) => row.id);
}
