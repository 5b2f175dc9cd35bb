import type { Pool } from 'pg';

/** Cancels a QUEUED or RUNNING run; false when it had already ended. */
export async function markCancelled(pool: Pool, runId: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE sync_runs SET status = 'CANCELLED', finished_at = now() WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId],
  );
  return (rowCount ?? 0) > 0;
}
