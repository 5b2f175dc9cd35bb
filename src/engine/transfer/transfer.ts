import { setMaxListeners } from 'node:events';
import type { Pool } from 'pg';
import type { RecordResult } from '../../plugins/contract';
import { BatchWriter, type OutgoingRecord } from './batch-writer';
import { classifyBatch, type ClassifiedBatch } from './classify-batch';
import { modelBatches } from './model-batches';
import type { RejectionLog } from '../run/rejections';
import { RunFailedError, RunStoppedError, errorMessage } from '../run/run-errors';
import type { RunPlan } from './run-plan';
import type { RunCounters } from '../run/run-progress';
import type { RunEstimate } from '../run/run-estimate';
import { SnapshotDiff } from '../snapshot/snapshot-diff';
import { hasSnapshot, saveSnapshot, type ConfirmedRecord } from '../snapshot/snapshot-store';
import { WritePauses } from './write-pauses';
import { HeldChanges } from '../guard/held-changes';
import { runGuard, type RunGuard } from '../guard/run-guard';

/** Rows per batch read from the source. */
export const READ_BATCH_SIZE = 2_000;

export interface TransferOptions {
  pool: Pool;
  databaseUrl: string;
  fullResync: boolean;
  /** Let the run through the sync's change guard. */
  force: boolean;
  signal: AbortSignal;
  /** Aborted when the run must stop at the next batch boundary (shutdown): no new write starts, those in flight finish. */
  drain: AbortSignal;
  counters: RunCounters;
  /** Told when the reading ends and how the writes go, for progress and the estimate of the time left. */
  estimate: Pick<RunEstimate, 'finishedReading' | 'writeStarted' | 'destinationRejected'>;
  rejections: RejectionLog;
  /** Throws when the run must stop for a reason found outside the loop (a failed progress store). */
  check(): void;
}

/** A write error that concerns the whole account (refused key, missing permission, unusable config), not a batch. */
function isAccountFailure(error: unknown): boolean {
  const { code, retryable } = (error ?? {}) as { code?: unknown; retryable?: unknown };
  if (code === 'DESTINATION_FAILED') return retryable === false;
  return code === 'CONNECTION_FAILED' || code === 'BAD_USER_INPUT';
}

/**
 * The body of a run: stream the model, map and validate each row, keep the first row of each key, compare with
 * the snapshot in SQL, send only new or changed records, and record every confirmation in the snapshot and
 * every rejection with its reason. Throws when the run cannot go on (source failure, refused credentials).
 *
 * Under a change guard, the records to send are held (see HeldChanges) until the whole model is read: a run that
 * would send more than the guard allows fails before its first write; otherwise the held records are sent.
 */
export async function transfer(plan: RunPlan, options: TransferOptions): Promise<void> {
  const { pool, counters, rejections, signal, estimate } = options;
  const { sync, destination } = plan;
  const reject = async (key: string, reason: string, record: Record<string, unknown> | null) => {
    counters.rowsRejected += 1;
    await rejections.add({ key, reason, record });
  };

  let confirmedAny = false;
  // A write waiting for the destination to have room again may be given up on at a shutdown: nothing was written.
  const pauseSignal = AbortSignal.any([signal, options.drain]);
  setMaxListeners(0, pauseSignal);
  const pauses = new WritePauses(pauseSignal, (ms, error) =>
    destination.ctx.logger.info('the destination asked to wait; its writes go again after the pause', {
      syncId: sync.id,
      waitMs: ms,
      error: error.message,
    }),
  );
  const writer = new BatchWriter({
    maxBatchSize: Math.max(1, destination.limits.maxBatchSize),
    concurrency: Math.max(1, destination.limits.concurrency ?? 1),
    beforeWrite: () => {
      options.drain.throwIfAborted();
      estimate.writeStarted();
    },
    write: (records) =>
      pauses.write(() => destination.plugin.write(destination.config, { object: sync.object, behavior: sync.behavior, records }, destination.ctx)),
    async settle(batch: OutgoingRecord[], results: RecordResult[]) {
      const confirmed: ConfirmedRecord[] = [];
      results.forEach((result, i) => {
        if (result.status === 'rejected') return;
        confirmed.push({ key: result.key, hash: batch[i].hash, externalId: result.externalId ?? null });
      });
      await saveSnapshot(pool, sync.id, confirmed);
      if (confirmed.length > 0) confirmedAny = true;
      for (const [i, result] of results.entries()) {
        if (result.status === 'rejected') {
          estimate.destinationRejected();
          await reject(result.key, result.reason, batch[i].record.fields);
        } else if (result.status === 'created') counters.rowsCreated += 1;
        else counters.rowsUpdated += 1;
      }
    },
    async failed(batch: OutgoingRecord[], error: unknown) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof RunStoppedError) throw error;
      if (isAccountFailure(error) && !confirmedAny) {
        throw new RunFailedError(`The ${destination.name} refused the write: ${errorMessage(error)}`);
      }
      const reason = `The ${destination.name} failed the whole batch: ${errorMessage(error)}`;
      for (const { record } of batch) {
        estimate.destinationRejected();
        await reject(record.key, reason, record.fields);
      }
    },
  });

  // With no snapshot yet (a first run) every first-seen record is new: skip asking the snapshot about each one.
  const compare = !options.fullResync && (await hasSnapshot(pool, sync.id));
  const diff = await SnapshotDiff.open(options.databaseUrl, sync.id, { compare });
  let guarded: { guard: RunGuard; held: HeldChanges } | null = null;
  try {
    const guard = await runGuard(plan, diff, options);
    if (guard) guarded = { guard, held: await HeldChanges.open(options.databaseUrl, guard.limit) };
  } catch (error) {
    await diff.close();
    throw error;
  }
  const tools = { mapper: plan.mapper, hasher: plan.hasher, diff };
  const held = guarded?.held;
  const send = held ? held.add.bind(held) : writer.pushAll.bind(writer);
  const handle = async (batch: ClassifiedBatch) => {
    for (const { key, reason, record } of batch.rejected) await reject(key, reason, record);
    counters.rowsUnchanged += batch.unchanged.length;
    counters.rowsChanged += batch.changed.length;
    await send(batch.changed);
  };
  // One batch is classified ahead: its mapping and hashing run while the previous batch's diff query is in the
  // database. Batches are still handled in model order, so the first row of a key stays the one that is sent.
  const ahead: Array<Promise<ClassifiedBatch>> = [];
  try {
    for await (const rows of modelBatches(plan, READ_BATCH_SIZE)) {
      options.check();
      options.drain.throwIfAborted();
      counters.rowsRead += rows.length;
      const classified = classifyBatch(rows, tools);
      classified.catch(() => undefined); // awaited in turn below
      ahead.push(classified);
      if (ahead.length > 1) await handle(await ahead.shift()!);
    }
    estimate.finishedReading();
    while (ahead.length > 0) await handle(await ahead.shift()!);
    if (guarded) {
      const { guard, held } = guarded;
      if (held.exceeded) throw new RunFailedError(guard.stopMessage(held.count));
      for await (const records of held.release()) await writer.pushAll(records);
    }
    await writer.flush();
  } catch (error) {
    // Let the writes in flight finish (or abort, when the run was aborted) so their confirmations reach the snapshot.
    await writer.settle();
    throw error;
  } finally {
    await diff.close();
    await held?.close();
  }
}
