import type { RunFacts, SyncFacts } from './alert-facts';

/** The columns `runFacts` and `syncFacts` read, for a query over `sync_runs r JOIN syncs s`. */
export const runAndSyncColumns = `
  s.id AS sync_id, s.name AS sync_name, s.object AS sync_object, s.model_id, s.destination_id,
  r.id AS run_id, r.status, r.trigger, r.full_resync, r.queued_at, r.started_at, r.finished_at, r.error,
  r.rows_read, r.rows_changed, r.rows_unchanged, r.rows_created, r.rows_updated, r.rows_rejected,
  extract(epoch FROM coalesce(r.finished_at, now()) - r.started_at)::float8 AS duration_seconds`;

/** A row read with `runAndSyncColumns` (the run's columns are null when a LEFT JOIN found none). */
export interface RunAndSyncRow {
  sync_id: string;
  sync_name: string;
  sync_object: string;
  model_id: string;
  destination_id: string;
  run_id: string | null;
  status: string;
  trigger: string;
  full_resync: boolean;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  rows_read: number;
  rows_changed: number;
  rows_unchanged: number;
  rows_created: number;
  rows_updated: number;
  rows_rejected: number;
  duration_seconds: number | null;
}

export function syncFacts(row: RunAndSyncRow): SyncFacts {
  return { id: row.sync_id, name: row.sync_name, object: row.sync_object, modelId: row.model_id, destinationId: row.destination_id };
}

export function runFacts(row: RunAndSyncRow): RunFacts | null {
  if (!row.run_id) return null;
  return {
    id: row.run_id,
    status: row.status,
    trigger: row.trigger,
    fullResync: row.full_resync,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    durationSeconds: row.duration_seconds === null ? null : Math.round(row.duration_seconds * 1000) / 1000,
    error: row.error,
    rowsRead: row.rows_read,
    rowsChanged: row.rows_changed,
    rowsUnchanged: row.rows_unchanged,
    rowsCreated: row.rows_created,
    rowsUpdated: row.rows_updated,
    rowsRejected: row.rows_rejected,
    rejectedPercent: row.rows_read > 0 ? (row.rows_rejected / row.rows_read) * 100 : 0,
  };
}
