import { modelQuery } from '../../entities/model-query';
import type { Logger } from '../../plugins/contract';
import { errorMessage } from '../run/run-errors';
import type { RunPlan } from './run-plan';

/** How long a source may take to guess a model's size before progress does without it. */
const ESTIMATE_TIMEOUT_MS = 10_000;

/**
 * The source's cheap guess of the model's row count, or null when it has none, takes too long or fails: a guess
 * only feeds progress and the time left, so it never fails or slows the run.
 */
export async function estimateModelRows(plan: Pick<RunPlan, 'model' | 'source'>, logger: Logger): Promise<number | null> {
  const { plugin, config, ctx } = plan.source;
  if (!plugin.estimateRows) return null;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(ESTIMATE_TIMEOUT_MS)]);
  try {
    return await plugin.estimateRows(config, modelQuery(plan.model), { ...ctx, signal });
  } catch (error) {
    logger.debug('the source could not estimate the model size; progress goes by the last run', { error: errorMessage(error) });
    return null;
  }
}
