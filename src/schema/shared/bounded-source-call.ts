import type { Source } from '../../entities';
import { ClientClosedRequestError, OperationTimeoutError, TooManyPluginCallsError } from '../../errors';
import type { SourcePlugin } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { sourceCall } from './source-call';

/** Plugin calls running in this process, per source. */
const runningPerSource = new Map<string, number>();

type Request = Pick<GraphQLContext, 'ferry' | 'signal' | 'pluginCalls'>;

export interface CallBounds {
  /** How long the work may take, and the setting that says so (named in the TIMEOUT error). */
  timeoutSeconds: number;
  timeoutSetting: string;
  /** The TIMEOUT message's start, e.g. `Source "Warehouse" (postgres) did not answer`. */
  whatTimedOut: string;
  /** The fix the TIMEOUT message ends with. */
  timeoutFix: string;
}

/**
 * Work on a source started by an API request, bounded: at most FERRY_MAX_PLUGIN_CALLS_PER_REQUEST per request and
 * FERRY_MAX_PLUGIN_CALLS_PER_SOURCE running per source (more are refused, not queued), stopped when the client goes
 * away (CLIENT_CLOSED_REQUEST), and given `bounds.timeoutSeconds` (then TIMEOUT naming the setting).
 */
export async function boundedRequestCall<T>(
  request: Request,
  source: Pick<Source, 'id' | 'name'>,
  bounds: CallBounds,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { config } = request.ferry;
  request.pluginCalls += 1;
  if (request.pluginCalls > config.FERRY_MAX_PLUGIN_CALLS_PER_REQUEST) {
    throw new TooManyPluginCallsError(
      `This request asks the sources for more than ${config.FERRY_MAX_PLUGIN_CALLS_PER_REQUEST} things at once (FERRY_MAX_PLUGIN_CALLS_PER_REQUEST): split it into several requests`,
    );
  }
  const running = runningPerSource.get(source.id) ?? 0;
  if (running >= config.FERRY_MAX_PLUGIN_CALLS_PER_SOURCE) {
    throw new TooManyPluginCallsError(
      `Source "${source.name}" already has ${running} previews or lookups running (FERRY_MAX_PLUGIN_CALLS_PER_SOURCE): try again when they are done`,
    );
  }
  runningPerSource.set(source.id, running + 1);
  const timeout = AbortSignal.timeout(bounds.timeoutSeconds * 1000);
  const signal = AbortSignal.any([timeout, request.signal]);
  try {
    return await work(signal);
  } catch (error) {
    if (timeout.aborted) {
      throw new OperationTimeoutError(`${bounds.whatTimedOut} within ${bounds.timeoutSeconds} s (${bounds.timeoutSetting}): ${bounds.timeoutFix}`);
    }
    if (request.signal.aborted) throw new ClientClosedRequestError(`The client went away: the call to source "${source.name}" was stopped`);
    throw error;
  } finally {
    const left = (runningPerSource.get(source.id) ?? 1) - 1;
    if (left > 0) runningPerSource.set(source.id, left);
    else runningPerSource.delete(source.id);
  }
}

/**
 * A source plugin call started by an API request, bounded as boundedRequestCall says with
 * FERRY_PLUGIN_CALL_TIMEOUT_SECONDS. Errors are classified as sourceCall does.
 */
export function boundedSourceCall<T>(
  request: Request,
  source: Pick<Source, 'id' | 'name'>,
  plugin: Pick<SourcePlugin, 'name'>,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const bounds: CallBounds = {
    timeoutSeconds: request.ferry.config.FERRY_PLUGIN_CALL_TIMEOUT_SECONDS,
    timeoutSetting: 'FERRY_PLUGIN_CALL_TIMEOUT_SECONDS',
    whatTimedOut: `Source "${source.name}" (${plugin.name}) did not answer`,
    timeoutFix: 'make the query faster, or ask for fewer rows',
  };
  return boundedRequestCall(request, source, bounds, (signal) => sourceCall(source, plugin, () => work(signal)));
}
