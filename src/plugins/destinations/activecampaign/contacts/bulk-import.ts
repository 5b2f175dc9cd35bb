/**
 * Contacts through the bulk importer: the drafts are cut into requests of at most 250 contacts and 400,000
 * bytes (bulk-payload.ts), each posted (bulk-submit.ts), waited for and read back (import-outcome.ts), with
 * automations off unless the sync's `runAutomations` is on. Contacts left over when a request shrinks to ten or
 * fewer go through `/contact/sync` meanwhile.
 *
 * Requests per import: one POST, usually one poll (import-pacing.ts), and a lookup per 100 created contacts
 * only when the import both created and updated contacts (created-contacts.ts).
 */
import type { PluginContext } from '../../../contract';
import { runsAutomations, type ActiveCampaignConfig } from '../config';
import type { ActiveCampaignOptions } from '../options';
import type { BatchResults } from '../results';
import { bulkEntry, splitIntoRequests, tooLargeAlone, type BulkEntry, type RequestShape } from './bulk-payload';
import { submitImport, type QueuedImport } from './bulk-submit';
import type { ContactDraft } from './contact-draft';
import { settleImport } from './import-outcome';
import { syncContacts } from './sync-contact';

const TOO_LARGE = 'This contact is larger than the bulk importer accepts (400,000 bytes): shorten its field values';

/**
 * Sends the drafts through the bulk importer and records one result per draft. `existing` (record keys known to
 * have a contact, from UPDATE_ONLY's check) spares a lookup for contacts that end up on the sync path.
 */
export async function bulkImport(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
  options: ActiveCampaignOptions,
  existing?: ReadonlySet<string>,
): Promise<void> {
  const shape: RequestShape = { runAutomations: runsAutomations(config) };
  const entries: BulkEntry[] = [];
  for (const draft of drafts) {
    const entry = bulkEntry(draft);
    if (tooLargeAlone(entry, shape)) results.reject(draft.key, { reason: TOO_LARGE, retryable: false });
    else entries.push(entry);
  }
  const requests = splitIntoRequests(entries, shape);
  const queued: QueuedImport[] = [];
  const leftovers: ContactDraft[] = [];
  for (const request of requests) {
    const submission = await submitImport(config, ctx, request, results, {
      onlyRequest: requests.length === 1,
      runAutomations: shape.runAutomations,
      rateLimitPauseMs: options.importRateLimitPauseMs,
    });
    if (submission.kind === 'queued') queued.push(submission.queued);
    if (submission.kind === 'too-few') leftovers.push(...submission.entries.map((e) => e.draft));
  }
  await Promise.all([syncContacts(config, ctx, leftovers, results, existing), ...queued.map((q) => settleImport(config, ctx, q, results, options))]);
}
