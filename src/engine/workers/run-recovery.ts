import type { Pool } from 'pg';
import type { RunTrigger } from '../../entities';
import type { InterruptedRun } from './resume-run';
import { presenceName } from './worker-presence';

/** A RUNNING run whose heartbeat is older than this is taken for dead, whatever its worker's presence says. */
export const STALE_HEARTBEAT_SECONDS = 30;
/** A RUNNING run whose worker has no presence connection is taken for dead once its heartbeat is this old. */
export const ABSENT_WORKER_SECONDS = 3;

const WORKER_STOPPED = 'worker stopped during the run (the process ended or lost its database connection); what was confirmed is kept';
/** The run had confirmed rows: a new run resumes it. */
export const WORKER_STOPPED_RESUMED = `${WORKER_STOPPED}, and a new run was queued to send the rest`;
/** The run had confirmed nothing: it is not resumed, so a run that kills its worker does not do so again and again. */
export const WORKER_STOPPED_NOT_RESUMED = `${WORKER_STOPPED}; it had confirmed no row, so it is not resumed: the next run sends everything`;

/** A run recovery marked FAILED; `resume` when it had confirmed rows, so a new run should send the rest. */
export interface AbandonedRun extends InterruptedRun {
  resume: boolean;
}

/**
 * Marks FAILED the runs left RUNNING by a worker that is gone: its heartbeat is stale, or its presence
 * connection (see WorkerPresence) has vanished and its heartbeat stopped a few seconds ago. The short grace
 * covers a worker whose connections all dropped with a database restart and are coming back.
 */
export async function failAbandonedRuns(pool: Pool, ownWorkerId: string): Promise<AbandonedRun[]> {
  const prefix = presenceName('');
  const { rows } = await pool.query<{ id: string; sync_id: string; trigger: RunTrigger; full_resync: boolean; force: boolean; resume: boolean }>(
    `UPDATE sync_runs r SET status = 'FAILED', finished_at = now(),
       error = CASE WHEN r.rows_created + r.rows_updated > 0 THEN $2 ELSE $6 END
     WHERE r.status = 'RUNNING' AND r.worker_id IS DISTINCT FROM $1 AND (
       r.heartbeat_at IS NULL
       OR r.heartbeat_at < now() - make_interval(secs => $3)
       OR (r.heartbeat_at < now() - make_interval(secs => $4)
           AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = left($5 || r.worker_id, 63))))
     RETURNING r.id, r.sync_id, r.trigger, r.full_resync, r.force, r.rows_created + r.rows_updated > 0 AS resume`,
    [ownWorkerId, WORKER_STOPPED_RESUMED, STALE_HEARTBEAT_SECONDS, ABSENT_WORKER_SECONDS, prefix, WORKER_STOPPED_NOT_RESUMED],
  );
  return rows.map((row) => ({
    id: row.id,
    syncId: row.sync_id,
    trigger: row.trigger,
    fullResync: row.full_resync,
    force: row.force,
    resume: row.resume,
  }));
}

/** QUEUED runs queued at least `olderThanSeconds` ago: candidates whose queue job may have vanished. */
export async function queuedRunIds(pool: Pool, olderThanSeconds: number): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM sync_runs WHERE status = 'QUEUED' AND queued_at <= now() - make_interval(secs => $1) ORDER BY seq`,
    [olderThanSeconds],
  );
  return rows.map((row) => row.id);
}
