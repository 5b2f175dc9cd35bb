/**
 * Writes a batch of contacts: rows on the exclusion list and rows naming unknown lists are rejected without
 * being sent; UPDATE_ONLY drops emails with no contact; the rest go through the bulk importer, or through
 * `/contact/sync` when there are ten or fewer.
 */
import type { PluginContext, RecordResult, WriteRequest } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { EXCLUDED, loadExclusions } from '../exclusions';
import { batchFailure } from '../failures';
import { loadLists, type ListIndex } from '../lists';
import type { ActiveCampaignOptions } from '../options';
import { BatchResults } from '../results';
import { SYNC_AT_MOST, bulkImport } from './bulk-import';
import { isBlank } from '../empty-values';
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
  const needLists = request.records.some((r) => !isBlank(r.fields.lists));
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

  let knownIds: Map<string, string> | undefined;
  if (request.behavior === 'UPDATE_ONLY') ({ drafts, ids: knownIds } = await existingOnly(config, ctx, drafts, results));

  if (drafts.length <= SYNC_AT_MOST) await syncContacts(config, ctx, drafts, results, knownIds);
  else await bulkImport(config, ctx, drafts, results, options, knownIds);
  return results.list();
}
