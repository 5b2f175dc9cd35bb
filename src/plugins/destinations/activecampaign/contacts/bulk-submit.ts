/**
 * Posting one bulk import (`POST /import/bulk_import`). A request the importer refuses with `failureReasons` for
 * some contacts is posted again without them, and those are rejected with the importer's reason. When ten
 * contacts or fewer are left, they are handed back for the single-contact API instead (the importer's docs ask
 * for that, and 1-contact imports have a far lower limit).
 */
import { DestinationError, type PluginContext } from '../../../contract';
import { ActiveCampaignHttpError } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { describeJsonError } from '../error-body';
import { rejectionFor, type Rejection } from '../failures';
import type { BatchResults } from '../results';
import { bulkBody, type BulkEntry } from './bulk-payload';

/** Batches this small go through `/contact/sync`, as ActiveCampaign recommends. */
export const SYNC_AT_MOST = 10;

/** An import the importer accepted. */
export interface QueuedImport {
  entries: BulkEntry[];
  batchId: string;
}

export type Submission =
  | { kind: 'queued'; queued: QueuedImport }
  /** Too few contacts left for the importer: send them with `/contact/sync`. */
  | { kind: 'too-few'; entries: BulkEntry[] }
  /** Every contact has its result already (refused). */
  | { kind: 'settled' };

/** The importer's success flag is `Success` in the docs and `success` in other clients: read it either way. */
function succeeded(body: Record<string, unknown>): boolean {
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'success');
  return key !== undefined && Number(body[key]) === 1;
}

/** Index → reason of the contacts a 400 names, or null when the refusal is not about particular contacts. */
function refusedContacts(error: unknown, count: number): Map<number, string> | null {
  if (!(error instanceof ActiveCampaignHttpError) || error.status !== 400) return null;
  const reasons = (error.body as { failureReasons?: unknown } | null)?.failureReasons;
  if (!Array.isArray(reasons)) return null;
  const refused = new Map<number, string>();
  for (const item of reasons) {
    const { contact, failureReason } = (item ?? {}) as { contact?: unknown; failureReason?: unknown };
    const index = Number(contact);
    if (Number.isInteger(index) && index >= 0 && index < count) refused.set(index, String(failureReason ?? 'refused by the bulk importer'));
  }
  return refused.size > 0 ? refused : null;
}

/** The importer's own rate limit answers 400, not 429 (the engine's budget of 100 imports a minute keeps under it, unless something else uses the account's). */
function importerBusy(error: unknown): error is ActiveCampaignHttpError {
  return error instanceof ActiveCampaignHttpError && error.status === 400 && /rate limit/i.test(error.message);
}

function rejectionOfRequest(error: unknown): Rejection {
  if (importerBusy(error)) return { reason: `ActiveCampaign's bulk importer is busy: ${error.message}`, retryable: true };
  return rejectionFor(error);
}

/**
 * Posts one request, again without the contacts the importer refused. A retryable failure of the batch's only
 * request fails the whole write (the engine then rejects the batch, or stops on a refused key; for the importer's
 * rate limit it waits `rateLimitPauseMs` and writes the batch again); otherwise the request's contacts are
 * rejected and the batch's other requests go on.
 */
export async function submitImport(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  entries: BulkEntry[],
  results: BatchResults,
  request: { onlyRequest: boolean; runAutomations: boolean; rateLimitPauseMs: number },
): Promise<Submission> {
  let pending = entries;
  for (;;) {
    if (pending.length <= SYNC_AT_MOST) return { kind: 'too-few', entries: pending };
    try {
      const { body } = await apiRequest<Record<string, unknown>>(config, ctx, {
        method: 'POST',
        path: '/import/bulk_import',
        jsonText: bulkBody(pending, request.runAutomations),
      });
      if (!succeeded(body) || body.batchId === undefined) {
        const reason = `ActiveCampaign's bulk importer did not queue the import: ${describeJsonError(body) || 'no batch id in its reply'}`;
        pending.forEach((e) => results.reject(e.draft.key, { reason, retryable: false }));
        return { kind: 'settled' };
      }
      return { kind: 'queued', queued: { entries: pending, batchId: String(body.batchId) } };
    } catch (error) {
      const refused = refusedContacts(error, pending.length);
      if (refused) {
        refused.forEach((reason, index) => results.reject(pending[index].draft.key, { reason, retryable: false }));
        pending = pending.filter((_, index) => !refused.has(index));
        continue;
      }
      const rejection = rejectionOfRequest(error);
      if (rejection.retryable && request.onlyRequest) {
        const retryAfterMs = importerBusy(error) ? request.rateLimitPauseMs : undefined;
        throw new DestinationError(
          `ActiveCampaign: could not send the contacts to the bulk importer: ${rejection.reason}`,
          true,
          {},
          { retryAfterMs },
        );
      }
      pending.forEach((e) => results.reject(e.draft.key, rejection));
      return { kind: 'settled' };
    }
  }
}
