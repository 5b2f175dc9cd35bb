import { modelQuery } from '../../entities/model-query';
import type { Row } from '../../plugins/contract';
import { RunFailedError, errorMessage } from '../run/run-errors';
import type { RunPlan } from './run-plan';

/**
 * The model's rows in batches from the source plugin, one batch read ahead: the next FETCH runs while the
 * engine maps, diffs and writes the current batch, so the source and the engine work at the same time with at
 * most two batches in memory. A source failure becomes a run failure naming the model and the source.
 */
export async function* modelBatches(plan: Pick<RunPlan, 'model' | 'source'>, batchSize: number): AsyncGenerator<Row[]> {
  const { model, source } = plan;
  const { signal } = source.ctx;
  const iterator = source.plugin.read(source.config, modelQuery(model), { batchSize }, source.ctx)[Symbol.asyncIterator]();
  const fetch = () => {
    const next = iterator.next();
    next.catch(() => undefined); // the rejection is handled where it is awaited; this only keeps it from being "unhandled"
    return next;
  };
  let pending = fetch();
  let finished = false;
  try {
    for (;;) {
      let result: IteratorResult<Row[]>;
      try {
        result = await pending;
      } catch (error) {
        finished = true;
        if (signal.aborted) throw signal.reason;
        throw new RunFailedError(`Could not read the model "${model.name}" from the ${source.name}: ${errorMessage(error)}`);
      }
      if (result.done) {
        finished = true;
        return;
      }
      pending = fetch();
      yield result.value;
    }
  } finally {
    // Left early (failure or cancel elsewhere): wait for the read in flight, then close the cursor.
    if (!finished)
      await pending
        .then(
          () => iterator.return?.(),
          () => undefined,
        )
        .catch(() => undefined);
  }
}
