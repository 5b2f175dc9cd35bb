import type { RunPlan } from '../transfer/run-plan';
import type { SnapshotDiff } from '../snapshot/snapshot-diff';
import { changeLimit, guardAdvice, guardBreach } from './change-limit';

/** A sync's change guard as one run applies it. */
export interface RunGuard {
  /** The most records this run may send. */
  limit: number;
  /** The run's error when it would send `wouldSend` records, more than `limit`. */
  stopMessage(wouldSend: number): string;
}

/**
 * The guard for a run that is about to read the model: null when the sync has none, when the run was forced
 * through it, or when no limit applies yet (only a percentage, and nothing written to take it of).
 */
export async function runGuard(
  plan: Pick<RunPlan, 'sync' | 'model' | 'destination'>,
  diff: SnapshotDiff,
  run: { force: boolean; fullResync: boolean },
): Promise<RunGuard | null> {
  const { sync, model } = plan;
  const guard = sync.changeGuard;
  if (!guard) return null;
  if (run.force) {
    plan.destination.ctx.logger.info('a run was forced through its change guard', { syncId: sync.id });
    return null;
  }
  const written = await diff.written();
  const limit = changeLimit(guard, written);
  if (limit === null) return null;
  return {
    limit,
    stopMessage: (wouldSend) =>
      `Stopped by the change guard before any write: ${guardBreach(guard, written, wouldSend, run.fullResync)}. ${guardAdvice(sync.id, model.name, run.fullResync)}.`,
  };
}

/**
 * Why the next (unforced) run, or full resync, would be stopped by the sync's guard, having counted what it would
 * send; null when it would not.
 */
export async function previewGuardStop(
  plan: Pick<RunPlan, 'sync' | 'model'>,
  diff: SnapshotDiff,
  wouldSend: number,
  fullResync = false,
): Promise<string | null> {
  const { sync, model } = plan;
  if (!sync.changeGuard) return null;
  const breach = guardBreach(sync.changeGuard, await diff.written(), wouldSend, fullResync);
  const which = fullResync ? 'A full resync' : 'The next run';
  return breach && `${which} would be stopped by the change guard before any write: ${breach}. ${guardAdvice(sync.id, model.name, fullResync)}.`;
}
