/**
 * Custom-object records, upserted by `externalId` with `POST /customObjects/records/{schemaId}` (the only key
 * the upsert honours safely: no `id` is sent).
 *
 * Created vs updated: the upsert's reply looks the same either way (its timestamps have seconds precision, so
 * an update right after a create is indistinguishable), so each record is first looked up with
 * `GET /customObjects/records/{schemaId}/external/{externalId}`: found means updated, 404 means created.
 */
import type { DestinationRecord, PluginContext, RecordResult, WriteRequest } from '../../contract';
import { DestinationError } from '../../contract';
import { ActiveCampaignHttpError } from './api-error';
import { apiRequest } from './client';
import type { ActiveCampaignConfig } from './config';
import { isBlank } from './empty-values';
import { rejectionFor } from './failures';
import { CUSTOM_FIELD_PREFIX, CUSTOM_OBJECT_PREFIX } from './objects';
import { BatchResults } from './results';

interface RecordReply {
  record: { id: string };
}

const isNotFound = (error: unknown) => error instanceof ActiveCampaignHttpError && error.status === 404;

function recordBody(record: DestinationRecord): unknown {
  const fields: Array<{ id: string; value: unknown }> = [];
  for (const [key, value] of Object.entries(record.fields)) {
    if (isBlank(value) || !key.startsWith(CUSTOM_FIELD_PREFIX)) continue;
    fields.push({ id: key.slice(CUSTOM_FIELD_PREFIX.length), value });
  }
  return { record: { externalId: record.key, fields } };
}

async function existed(config: ActiveCampaignConfig, ctx: PluginContext, schemaId: string, externalId: string): Promise<boolean> {
  try {
    await apiRequest(config, ctx, {
      method: 'GET',
      path: `/customObjects/records/${encodeURIComponent(schemaId)}/external/${encodeURIComponent(externalId)}`,
    });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** A 404 on the upsert itself means the schema is gone: no record of the batch can be written. */
function schemaGone(schemaId: string): DestinationError {
  return new DestinationError(
    `Custom object schema ${schemaId} no longer exists in ActiveCampaign: pick the object again in the sync`,
    false,
  );
}

export async function writeCustomObjects(config: ActiveCampaignConfig, request: WriteRequest, ctx: PluginContext): Promise<RecordResult[]> {
  const schemaId = request.object.slice(CUSTOM_OBJECT_PREFIX.length);
  const results = new BatchResults(request.records);
  for (const record of request.records) {
    try {
      const wasThere = await existed(config, ctx, schemaId, record.key);
      const { body } = await apiRequest<RecordReply>(config, ctx, {
        method: 'POST',
        path: `/customObjects/records/${encodeURIComponent(schemaId)}`,
        body: recordBody(record),
      });
      const id = String(body.record.id);
      if (wasThere) results.updated(record.key, id);
      else results.created(record.key, id);
    } catch (error) {
      if (isNotFound(error)) throw schemaGone(schemaId);
      results.reject(record.key, rejectionFor(error));
    }
  }
  return results.list();
}
