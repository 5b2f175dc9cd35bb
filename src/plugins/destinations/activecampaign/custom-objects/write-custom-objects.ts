/**
 * Custom-object records, upserted by `externalId` with `POST /customObjects/records/{schemaId}` (the only key
 * the upsert honours safely: no `id` is sent): one request per record.
 *
 * Created vs updated comes from the reply: a record the upsert created has `createdTimestamp` equal to
 * `updatedTimestamp`, and any update moves `updatedTimestamp` on (ActiveCampaign writes both with sub-second
 * precision). A reply without both timestamps is reported as updated.
 */
import type { DestinationRecord, PluginContext, RecordResult, WriteRequest } from '../../../contract';
import { DestinationError } from '../../../contract';
import { isNotFound } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { rejectionFor } from '../failures';
import { CUSTOM_OBJECT_PREFIX, customFieldId } from '../field-keys';
import { BatchResults } from '../results';

interface RecordReply {
  record: { id: string; createdTimestamp?: unknown; updatedTimestamp?: unknown };
}

/** The upsert body; values come coerced (empty ones left out), and null still means "leave out". */
function recordBody(record: DestinationRecord): unknown {
  const fields: Array<{ id: string; value: unknown }> = [];
  for (const [key, value] of Object.entries(record.fields)) {
    const id = customFieldId(key);
    if (id !== undefined && value !== null && value !== undefined) fields.push({ id, value });
  }
  return { record: { externalId: record.key, fields } };
}

function wasCreated(reply: RecordReply['record']): boolean {
  const { createdTimestamp: created, updatedTimestamp: updated } = reply;
  return typeof created === 'string' && created !== '' && created === updated;
}

/** A 404 on the upsert itself means the schema is gone: no record of the batch can be written. */
function schemaGone(schemaId: string): DestinationError {
  return new DestinationError(`Custom object schema ${schemaId} no longer exists in ActiveCampaign: pick the object again in the sync`, false);
}

export async function writeCustomObjects(config: ActiveCampaignConfig, request: WriteRequest, ctx: PluginContext): Promise<RecordResult[]> {
  const schemaId = request.object.slice(CUSTOM_OBJECT_PREFIX.length);
  const results = new BatchResults(request.records);
  for (const record of request.records) {
    try {
      const { body } = await apiRequest<RecordReply>(config, ctx, {
        method: 'POST',
        path: `/customObjects/records/${encodeURIComponent(schemaId)}`,
        body: recordBody(record),
      });
      const id = String(body.record.id);
      if (wasCreated(body.record)) results.created(record.key, id);
      else results.updated(record.key, id);
    } catch (error) {
      if (isNotFound(error)) throw schemaGone(schemaId);
      results.reject(record.key, rejectionFor(error));
    }
  }
  return results.list();
}
