import { Model, Source, type Sync } from '../../entities';
import type { SyncPreviewResult } from '../../engine/queue/sync-runner';
import type { GraphQLContext } from '../context';
import { boundedRequestCall } from '../shared/bounded-source-call';

/**
 * The engine's dry run of a sync, for the API: it counts as a plugin call of the request and of the model's source
 * (FERRY_MAX_PLUGIN_CALLS_PER_REQUEST / _PER_SOURCE), stops when the client goes away, and is given
 * FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS (then TIMEOUT).
 */
export async function boundedSyncPreview(
  request: Pick<GraphQLContext, 'ferry' | 'signal' | 'pluginCalls'>,
  sync: Pick<Sync, 'id' | 'name' | 'modelId'>,
  limit: number,
  fullResync = false,
): Promise<SyncPreviewResult> {
  const { ferry } = request;
  const model = await ferry.db.getRepository(Model).findOneByOrFail({ id: sync.modelId });
  const source = await ferry.db.getRepository(Source).findOneByOrFail({ id: model.sourceId });
  const seconds = ferry.config.FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS;
  const bounds = {
    timeoutSeconds: seconds,
    timeoutSetting: 'FERRY_SYNC_PREVIEW_TIMEOUT_SECONDS',
    whatTimedOut: `The preview of sync "${sync.name}" did not finish`,
    timeoutFix: "make the model's query faster, or raise the setting",
  };
  return boundedRequestCall(request, source, bounds, (signal) => ferry.runner.preview(sync.id, limit, signal, fullResync));
}
