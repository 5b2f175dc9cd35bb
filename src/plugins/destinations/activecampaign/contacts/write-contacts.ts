/**
 * Writes a batch of contacts: rows on the exclusion list and rows naming unknown lists are rejected without
 * being sent; UPDATE_ONLY drops emails with no contact (update-only.ts); the rest go through the bulk importer
 * (bulk-import.ts), or through `/contact/sync` when there are ten or fewer (sync-contact.ts).
 */
import type { PluginContext, RecordResult, WriteRequest } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { loadExclusions } from '../exclusions';
import { batchFailure } from '../failures';
import { loadLists, type ListIndex } from '../lists';
import { EXCLUDED } from '../messages';
import type { ActiveCampaignOptions } from '../options';
import { BatchResults } from '../results';
import { bulkImport } from './bulk-import';
import { SYNC_AT_MOST } from './bulk-submit';
import { contactDraft, type ContactDraft } from './contact-draft';
import { syncContacts } from './sync-contact';
import { existingOnly } from './update-only';

async function runLookups(config: ActiveCampaignConfig, ctx: PluginContext, needLists: boolean) {
  try {
    const exclusions = await loadExclusions(config, ctx);
    const lists: ListIndex | null = needLists ? await loadLists(config, ctx) : null;
    return { exclusions, lists };
  } catch (error) {
    throw batchFailure(error, 'load the exclusion list and the lists');
  }
}

export async function writeContacts(
  config: ActiveCampaignConfig,
  request: WriteRequest,
  ctx: PluginContext,
  options: ActiveCampaignOptions,
): Promise<RecordResult[]> {
  const results = new BatchResults(request.records);
  const needLists = request.records.some((r) => r.fields.lists !== undefined && r.fields.lists !== null);
  const { exclusions, lists } = await runLookups(config, ctx, needLists);

  let drafts: ContactDraft[] = [];
  for (const record of request.records) {
    if (exclusions.has(record.key)) {
      results.reject(record.key, { reason: EXCLUDED, retryable: false });
      continue;
    }
    const draft = contactDraft(record, lists);
    if ('reason' in draft) results.reject(record.key, { reason: draft.reason, retryable: false });
    else drafts.push(draft);
  }

  let existing: Set<string> | undefined;
  if (request.behavior === 'UPDATE_ONLY') ({ drafts, existing } = await existingOnly(config, ctx, drafts, results));

  if (drafts.length <= SYNC_AT_MOST) await syncContacts(config, ctx, drafts, results, existing);
  else await bulkImport(config, ctx, drafts, results, options, existing);
  return results.list();
}
