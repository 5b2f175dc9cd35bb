/**
 * Contacts through the bulk importer (`POST /import/bulk_import`): requests of at most 250 contacts and
 * 400,000 bytes, automations off, then a wait for each import to finish.
 *
 * A request the importer refuses with `failureReasons` for some contacts is sent again without them, and those
 * are rejected with the importer's reason. A request left with ten contacts or fewer goes through the
 * single-contact API instead (the importer's docs ask for that, and 1-contact imports have a far lower limit).
 *
 * Created vs updated: `GET /import/info` lists the IDs of the contacts an import created (`success`) and the
 * emails it did not take (`failure`). Created IDs are mapped back to emails with `GET /contacts?ids[]=`; a
 * contact in neither list already existed, so it was updated.
 */
import { DestinationError, type PluginContext } from '../../../contract';
import { ActiveCampaignHttpError } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { describeJsonError } from '../error-body';
import { rejectionFor, type Rejection } from '../failures';
import type { ActiveCampaignOptions } from '../options';
import type { BatchResults } from '../results';
import { bulkBody, bulkEntry, splitIntoRequests, tooLargeAlone, type BulkEntry } from './bulk-payload';
import type { ContactDraft } from './contact-draft';
import { emailsOfContacts } from './created-contacts';
import { waitForImport, type ImportOutcome } from './import-status';
import { syncContacts } from './sync-contact';

/** Batches this small go through `/contact/sync`, as ActiveCampaign recommends. */
export const SYNC_AT_MOST = 10;

const NOT_IMPORTED =
  "ActiveCampaign's bulk importer did not import this contact (it gives no reason: check that the email address is valid and that the contact is not bounced or unsubscribed)";

interface Queued {
  entries: BulkEntry[];
  batchId: string;
}

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

/** The importer's own rate limit answers 400, not 429: trying again later works. */
function rejectionOfRequest(error: unknown): Rejection {
  if (error instanceof ActiveCampaignHttpError && error.status === 400 && /rate limit/i.test(error.message)) {
    return { reason: `ActiveCampaign's bulk importer is busy: ${error.message}`, retryable: true };
  }
  return rejectionFor(error);
}

/** Posts one request; re-posts it without contacts the importer refused. Null when nothing is left to wait for. */
async function submit(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  entries: BulkEntry[],
  results: BatchResults,
  onlyRequest: boolean,
  knownIds: ReadonlyMap<string, string> | undefined,
): Promise<Queued | null> {
  let pending = entries;
  for (;;) {
    if (pending.length <= SYNC_AT_MOST) {
      await syncContacts(config, ctx, pending.map((e) => e.draft), results, knownIds);
      return null;
    }
    try {
      const { body } = await apiRequest<Record<string, unknown>>(config, ctx, {
        method: 'POST',
        path: '/import/bulk_import',
        jsonText: bulkBody(pending),
      });
      if (!succeeded(body) || body.batchId === undefined) {
        const reason = `ActiveCampaign's bulk importer did not queue the import: ${describeJsonError(body) || 'no batch id in its reply'}`;
        pending.forEach((e) => results.reject(e.draft.key, { reason, retryable: false }));
        return null;
      }
      return { entries: pending, batchId: String(body.batchId) };
    } catch (error) {
      const refused = refusedContacts(error, pending.length);
      if (refused) {
        refused.forEach((reason, index) => results.reject(pending[index].draft.key, { reason, retryable: false }));
        pending = pending.filter((_, index) => !refused.has(index));
        continue;
      }
      const rejection = rejectionOfRequest(error);
      if (rejection.retryable && onlyRequest) {
        throw new DestinationError(`ActiveCampaign: could not send the contacts to the bulk importer: ${rejection.reason}`, true);
      }
      pending.forEach((e) => results.reject(e.draft.key, rejection));
      return null;
    }
  }
}

/** Lower-cased email → id of each contact the import created (null: created, id unknown). */
async function createdContacts(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  outcome: ImportOutcome,
  queued: Queued,
): Promise<Map<string, string | null>> {
  if (outcome.createdIds.length === 0) return new Map();
  try {
    return await emailsOfContacts(config, ctx, outcome.createdIds);
  } catch (error) {
    rejectionFor(error); // a refused key still stops the run
    // The contacts are written either way; only "created" vs "updated" is unknown, so count instead of failing.
    ctx.logger.warn('activecampaign: could not read which contacts the import created', { batchId: queued.batchId });
    const allCreated = outcome.createdIds.length >= queued.entries.length - outcome.failedEmails.length;
    return new Map(allCreated ? queued.entries.map((e) => [e.draft.email.toLowerCase(), null]) : []);
  }
}

async function settle(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  queued: Queued,
  results: BatchResults,
  options: ActiveCampaignOptions,
): Promise<void> {
  let outcome: ImportOutcome;
  try {
    outcome = await waitForImport(config, ctx, queued.batchId, options.importPoll);
  } catch (error) {
    const rejection = rejectionFor(error);
    const reason = `Could not read the bulk import's status: ${rejection.reason}`;
    queued.entries.forEach((e) => results.reject(e.draft.key, { reason, retryable: true }));
    return;
  }
  if (outcome.status === 'failed' || outcome.status === 'timed-out') {
    const reason = outcome.status === 'failed' ? "ActiveCampaign's bulk import failed" : "ActiveCampaign's bulk import did not finish in time";
    queued.entries.forEach((e) => results.reject(e.draft.key, { reason, retryable: true }));
    return;
  }
  const failed = new Set(outcome.failedEmails.map((email) => email.trim().toLowerCase()));
  const created = await createdContacts(config, ctx, outcome, queued);
  // An interrupted import lists the contacts it never reached as failures: those are worth sending again.
  const completed = outcome.status === 'completed';
  const unreached: Rejection = { reason: 'The bulk import was interrupted before it reached this contact', retryable: true };
  for (const { draft } of queued.entries) {
    const email = draft.email.toLowerCase();
    if (failed.has(email)) results.reject(draft.key, completed ? { reason: NOT_IMPORTED, retryable: false } : unreached);
    else if (created.has(email)) results.created(draft.key, created.get(email) ?? undefined);
    else if (completed) results.updated(draft.key);
    else results.reject(draft.key, unreached);
  }
}

/**
 * Sends the drafts through the bulk importer and records one result per draft. `knownIds` (record key →
 * contact id, from UPDATE_ONLY's lookups) spares a second lookup for contacts that end up on the sync path.
 */
export async function bulkImport(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
  options: ActiveCampaignOptions,
  knownIds?: ReadonlyMap<string, string>,
): Promise<void> {
  const entries: BulkEntry[] = [];
  for (const draft of drafts) {
    const entry = bulkEntry(draft);
    if (tooLargeAlone(entry)) results.reject(draft.key, { reason: 'This contact is larger than the bulk importer accepts (400,000 bytes): shorten its field values', retryable: false });
    else entries.push(entry);
  }
  const requests = splitIntoRequests(entries);
  const queued: Queued[] = [];
  for (const request of requests) {
    const submitted = await submit(config, ctx, request, results, requests.length === 1, knownIds);
    if (submitted) queued.push(submitted);
  }
  await Promise.all(queued.map((q) => settle(config, ctx, q, results, options)));
}
