import { setMaxListeners } from 'node:events';
import { classifyBatch } from '../transfer/classify-batch';
import type { RateLimiter } from '../http';
import { modelBatches } from '../transfer/model-batches';
import { loadRunPlan, type PlanFerry } from '../transfer/run-plan';
import { SnapshotDiff } from '../snapshot/snapshot-diff';
import type { PreviewRecord, SyncPreviewResult } from '../queue/sync-runner';
import { READ_BATCH_SIZE } from '../transfer/transfer';
import { previewGuardStop } from '../guard/run-guard';

/** The largest sample a preview returns, whatever `limit` asks for. */
export const MAX_PREVIEW_SAMPLE = 500;

type Action = PreviewRecord['action'];

/** Up to `limit` records per action; the sample then takes from SEND, REJECT and UNCHANGED in turn, so each shows. */
class Sampler {
  private readonly kept: Record<Action, PreviewRecord[]> = { SEND: [], REJECT: [], UNCHANGED: [] };

  constructor(private readonly limit: number) {}

  offer(action: Action, key: string, record: Record<string, unknown> | null, reason: string | null = null): void {
    const list = this.kept[action];
    if (list.length < this.limit) list.push({ key, action, record, reason });
  }

  sample(): PreviewRecord[] {
    const lists = [this.kept.SEND, this.kept.REJECT, this.kept.UNCHANGED];
    const sample: PreviewRecord[] = [];
    for (let i = 0; sample.length < this.limit && lists.some((list) => i < list.length); i += 1) {
      for (const list of lists) if (i < list.length && sample.length < this.limit) sample.push(list[i]);
    }
    return sample;
  }
}

/**
 * What the next run (or a full resync) would do, without writing anything: the whole model is read batch by batch (memory stays
 * bounded), mapped, checked for duplicate keys and compared with the snapshot exactly as a run does; the
 * destination is only asked for its objects. It stops (throwing) when `signal` aborts.
 */
export async function previewSync(
  ferry: PlanFerry,
  databaseUrl: string,
  limiter: RateLimiter,
  syncId: string,
  limit: number,
  /** Ends the preview: the caller's time limit, or its client going away. */
  signal: AbortSignal,
  /** Preview a full resync: every valid row would be sent, whatever the snapshot holds. */
  fullResync = false,
): Promise<SyncPreviewResult> {
  setMaxListeners(0, signal); // the source cursor and every destination request listen to it
  const plan = await loadRunPlan(ferry, syncId, limiter, signal);
  const sampler = new Sampler(Math.max(0, Math.min(Math.floor(limit), MAX_PREVIEW_SAMPLE)));
  const result: SyncPreviewResult = { rowsRead: 0, rowsChanged: 0, rowsUnchanged: 0, rowsRejected: 0, sample: [], stoppedByGuard: null };
  const diff = await SnapshotDiff.open(databaseUrl, syncId, { compare: !fullResync });
  try {
    for await (const rows of modelBatches(plan, READ_BATCH_SIZE)) {
      result.rowsRead += rows.length;
      const batch = await classifyBatch(rows, { mapper: plan.mapper, hasher: plan.hasher, diff });
      result.rowsRejected += batch.rejected.length;
      result.rowsChanged += batch.changed.length;
      result.rowsUnchanged += batch.unchanged.length;
      for (const { key, reason, record } of batch.rejected) sampler.offer('REJECT', key, record, reason);
      for (const { record } of batch.changed) sampler.offer('SEND', record.key, record.fields);
      for (const { record } of batch.unchanged) sampler.offer('UNCHANGED', record.key, record.fields);
    }
    result.stoppedByGuard = await previewGuardStop(plan, diff, result.rowsChanged, fullResync);
  } finally {
    await diff.close();
  }
  result.sample = sampler.sample();
  return result;
}
