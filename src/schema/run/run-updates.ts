import { SyncRun, terminalRunStatuses } from '../../entities';
import type { Ferry } from '../../ferry';
import { anyRunMayHaveChanged } from '../../events/run-events';
import { findOrFail, findOrNull } from '../shared/find-or-fail';

type Changes = AsyncIterableIterator<string>;

/**
 * Ends `changes` as soon as the subscriber leaves: a generator waiting for the next change could not
 * otherwise run its `finally` until another change arrived.
 */
function endingWith<T>(generator: AsyncGenerator<T>, changes: Changes): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: () => generator.next(),
    return: async () => {
      await changes.return?.();
      return generator.return(undefined);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

async function* runStates(ferry: Ferry, runId: string, changes: Changes): AsyncGenerator<SyncRun> {
  try {
    let run = await findOrFail(ferry.db, SyncRun, 'SyncRun', runId);
    yield run;
    while (!terminalRunStatuses.includes(run.status)) {
      const next = await changes.next();
      if (next.done) return;
      if (next.value !== runId && next.value !== anyRunMayHaveChanged) continue;
      const current = await findOrNull(ferry.db, SyncRun, runId);
      if (!current) return;
      run = current;
      yield run;
    }
  } finally {
    await changes.return?.();
  }
}

async function* changedRuns(ferry: Ferry, syncId: string | null, changes: Changes): AsyncGenerator<SyncRun> {
  for await (const runId of changes) {
    if (runId === anyRunMayHaveChanged) continue;
    const run = await findOrNull(ferry.db, SyncRun, runId);
    if (run && (!syncId || run.syncId === syncId)) yield run;
  }
}

/** One run as it changes: its current state first, then each change, ending after a terminal status. */
export function runUpdates(ferry: Ferry, runId: string): AsyncIterableIterator<SyncRun> {
  const changes = ferry.runEvents.changes();
  return endingWith(runStates(ferry, runId, changes), changes);
}

/** Every changed run, or only those of one sync. */
export function syncRunsUpdates(ferry: Ferry, syncId: string | null): AsyncIterableIterator<SyncRun> {
  const changes = ferry.runEvents.changes();
  return endingWith(changedRuns(ferry, syncId, changes), changes);
}
