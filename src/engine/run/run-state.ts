import type { Pool } from 'pg';
import { RunStatus, type RunTrigger } from '../../entities';
import { countersSql, type RunCounters } from './run-progress';

/** What a worker needs of a run it has claimed. */
export interface ClaimedRun {
  id: string;
  syncId: string;
  fullResync: boolean;
  trigger: RunTrigger;
  /** Let through the sync's change guard. */
  force: boolean;
}

/**
 * Moves a QUEUED run to RUNNING for this worker. Null when the run is not QUEUED any more (cancelled, or already
 * claimed by a job delivered twice), so a run is executed at most once whatever the queue does.
 */
export async function claimRun(pool: Pool, runId: string, workerId: string): Promise<ClaimedRun | null> {
  const { rows } = await pool.query<{ id: string; sync_id: string; full_resync: boolean; trigger: RunTrigger; force: boolean }>(
    `UPDATE sync_runs SET status = 'RUNNING', started_at = now(), heartbeat_at = now(), worker_id = $2
     WHERE id = $1 AND status = 'QUEUED' RETURNING id, sync_id, full_resync, trigger, force`,
    [runId, workerId],
  );
  const row = rows[0];
  return row ? { id: row.id, syncId: row.sync_id, fullResync: row.full_resync, trigger: row.trigger, force: row.force } : null;
}

/** Puts a run this worker has just claimed back to QUEUED, as if it had never been taken (the worker is stopping). */
export async function unclaimRun(pool: Pool, runId: string, workerId: string): Promise<void> {
  await pool.query(
    `UPDATE sync_runs SET status = 'QUEUED', started_at = NULL, heartbeat_at = NULL, worker_id = NULL
     WHERE id = $1 AND status = 'RUNNING' AND worker_id = $2`,
    [runId, workerId],
  );
}

/** `rowsRead` of the sync's last finished run, the expected size of this one when the source cannot tell (see RunEstimate). */
export async function previousRowsRead(pool: Pool, syncId: string, runId: string): Promise<number | null> {
  const { rows } = await pool.query<{ rows_read: number }>(
    `SELECT rows_read FROM sync_runs WHERE sync_id = $1 AND id <> $2 AND status IN ('SUCCEEDED', 'PARTIAL')
     ORDER BY seq DESC LIMIT 1`,
    [syncId, runId],
  );
  return rows[0]?.rows_read ?? null;
}

export interface RunEnding {
  status: RunStatus.SUCCEEDED | RunStatus.PARTIAL | RunStatus.FAILED | RunStatus.CANCELLED;
  error: string | null;
  counters: RunCounters;
  progress: number;
}

/**
 * Stores how the run ended with its final counters. A run that is no longer RUNNING (cancelled by a user, or
 * taken for dead by recovery) keeps that status and its error; only its counters are brought up to date.
 * Returns the status the run ends with, or null when the run row is gone (its sync was deleted).
 */
export async function finishRun(pool: Pool, runId: string, ending: RunEnding): Promise<RunStatus | null> {
  const { set, values } = countersSql(ending.counters, 5);
  const { rows } = await pool.query<{ status: RunStatus }>(
    `UPDATE sync_runs SET ${set},
       status = CASE WHEN status = 'RUNNING' THEN $2 ELSE status END,
       error = CASE WHEN status = 'RUNNING' THEN $3 ELSE error END,
       progress = CASE WHEN status = 'RUNNING' THEN $4 ELSE progress END,
       estimated_seconds_left = NULL,
       finished_at = COALESCE(finished_at, now()),
       heartbeat_at = now()
     WHERE id = $1 RETURNING status`,
    [runId, ending.status, ending.error, ending.progress, ...values],
  );
  return rows[0]?.status ?? null;
}
