/**
 * One result per contact of a queued import, from how it ended (`GET /import/info`):
 * - `failed`, or not finished in time: every contact rejected as retryable.
 * - `completed` or `interrupted`: an email in `failure` was not written. It is rejected with the exclusion
 *   reason when it is on the exclusion list (read again, since it may have changed during the run); otherwise,
 *   after a completed import, as not imported (not retryable), and after an interrupted one as unreached
 *   (retryable). Every other contact was written: created or updated as created-contacts.ts tells.
 */
import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { emailKey } from '../email-key';
import { exclusionsAfterRefusal, type ExclusionList } from '../exclusions';
import { rejectionFor, type Rejection } from '../failures';
import { EXCLUDED } from '../messages';
import type { ActiveCampaignOptions } from '../options';
import type { BatchResults } from '../results';
import type { QueuedImport } from './bulk-submit';
import { createdContacts } from './created-contacts';
import { waitForImport, type ImportOutcome } from './import-status';

const NOT_IMPORTED: Rejection = {
  reason:
    "ActiveCampaign's bulk importer did not import this contact (it gives no reason: check that the email address is valid and that the contact is not bounced or unsubscribed)",
  retryable: false,
};
const UNREACHED: Rejection = { reason: 'The bulk import was interrupted before it wrote this contact', retryable: true };

async function recordOutcome(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  queued: QueuedImport,
  outcome: ImportOutcome,
  results: BatchResults,
): Promise<void> {
  if (outcome.status !== 'completed' && outcome.status !== 'interrupted') {
    const reason = outcome.status === 'failed' ? "ActiveCampaign's bulk import failed" : "ActiveCampaign's bulk import did not finish in time";
    queued.entries.forEach((e) => results.reject(e.draft.key, { reason, retryable: true }));
    return;
  }
  const failed = new Set(outcome.failedEmails.map(emailKey));
  const written = queued.entries.map((e) => emailKey(e.draft.email)).filter((email) => !failed.has(email));
  const { created, undetermined } = await createdContacts(config, ctx, written, outcome.createdIds);
  if (undetermined > 0) {
    ctx.logger.warn('activecampaign: could not tell which contacts of an import were created; they are reported as updated', {
      batchId: queued.batchId,
      contacts: undetermined,
    });
  }
  const exclusions: ExclusionList | null = failed.size > 0 ? await exclusionsAfterRefusal(config, ctx) : null;
  const notWritten = outcome.status === 'completed' ? NOT_IMPORTED : UNREACHED;
  for (const { draft } of queued.entries) {
    const email = emailKey(draft.email);
    if (failed.has(email)) results.reject(draft.key, exclusions?.has(email) ? { reason: EXCLUDED, retryable: false } : notWritten);
    else if (created.has(email)) results.created(draft.key, created.get(email) ?? undefined);
    else results.updated(draft.key);
  }
}

/** Waits for a queued import and records one result per contact. */
export async function settleImport(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  queued: QueuedImport,
  results: BatchResults,
  options: ActiveCampaignOptions,
): Promise<void> {
  let outcome: ImportOutcome;
  try {
    outcome = await waitForImport(config, ctx, queued.batchId, options.importPoll);
  } catch (error) {
    const reason = `Could not read the bulk import's status: ${rejectionFor(error).reason}`;
    queued.entries.forEach((e) => results.reject(e.draft.key, { reason, retryable: true }));
    return;
  }
  await recordOutcome(config, ctx, queued, outcome, results);
}
