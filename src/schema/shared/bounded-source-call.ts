import type { Source } from '../../entities';
import { ClientClosedRequestError, OperationTimeoutError, TooManyPluginCallsError } from '../../errors';
import type { SourcePlugin } from '../../plugins/contract';
import type { GraphQLContext } from '../context';
import { sourceCall } from './source-call';

/** Plugin calls running in this process, per source. */
const runningPerSource = new Map<string, number>();

/**
 * A source plugin call started by an API request, bounded: at most FERRY_MAX_PLUGIN_CALLS_PER_REQUEST per request
 * and FERRY_MAX_PLUGIN_CALLS_PER_SOURCE running per source (more are refused, not queued), stopped when the client
 * goes away, and given FERRY_PLUGIN_CALL_TIMEOUT_SECONDS (then TIMEOUT). Errors are classified as sourceCall does.
 */
export async function boundedSourceCall<T>(
  request: Pick<GraphQLContext, 'ferry' | 'signal' | 'pluginCalls'>,
  source: Pick<Source, 'id' | 'name'>,
  plugin: Pick<SourcePlugin, 'name'>,
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
  const timeoutMs = config.FERRY_PLUGIN_CALL_TIMEOUT_SECONDS * 1000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([timeout, request.signal]);
  try {
    return await sourceCall(source, plugin, () => work(signal));
  } catch (error) {
    if (timeout.aborted) {
      throw new OperationTimeoutError(
        `Source "${source.name}" (${plugin.name}) did not answer within ${config.FERRY_PLUGIN_CALL_TIMEOUT_SECONDS} s (FERRY_PLUGIN_CALL_TIMEOUT_SECONDS): make the query faster, or ask for fewer rows`,
      );
    }
    if (request.signal.aborted) throw new ClientClosedRequestError(`The client went away: the call to source "${source.name}" was stopped`);
    throw error;
  } finally {
    const left = (runningPerSource.get(source.id) ?? 1) - 1;
    if (left > 0) runningPerSource.set(source.id, left);
    else runningPerSource.delete(source.id);
  }
}
