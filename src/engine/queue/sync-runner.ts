import type { SyncRun } from '../../entities';
import type { RunRequest } from './queue-run';

export interface PreviewRecord {
  key: string;
  action: 'SEND' | 'UNCHANGED' | 'REJECT';
  record: Record<string, unknown> | null;
  reason: string | null;
}

export interface SyncPreviewResult {
  rowsRead: number;
  rowsChanged: number;
  rowsUnchanged: number;
  rowsRejected: number;
  sample: PreviewRecord[];
  /** Why the next run would be stopped by the sync's change guard; null when it would not. */
  stoppedByGuard: string | null;
}

/** What the API asks of the engine. */
export interface SyncRunner {
  /** Queues a run, or returns the sync's run that is already queued or running. */
  trigger(syncId: string, options: RunRequest): Promise<SyncRun>;
  /** Stops a queued or running run; returns it as it stands. */
  cancel(runId: string): Promise<SyncRun>;
  /** What the next run (a full resync, with `fullResync`) would do, without writing to the destination; stops when `signal` aborts. */
  preview(syncId: string, limit: number, signal: AbortSignal, fullResync?: boolean): Promise<SyncPreviewResult>;
}
