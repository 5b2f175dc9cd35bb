/**
 * UPDATE_ONLY: a row whose email has no contact is reported, not created. Each email is looked up with
 * `GET /contacts?email=` before anything is written, so neither the importer nor `/contact/sync` can create it.
 */
import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { rejectionFor } from '../failures';
import type { BatchResults } from '../results';
import type { ContactDraft } from './contact-draft';
import { findContactId } from './find-contact';

export function noSuchContact(email: string): string {
  return `No contact with email ${email} exists in ActiveCampaign (behavior UPDATE_ONLY does not create contacts)`;
}

/** The drafts whose contact exists, with record key → contact id; the others are rejected. */
export async function existingOnly(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
): Promise<{ drafts: ContactDraft[]; ids: Map<string, string> }> {
  const kept: ContactDraft[] = [];
  const ids = new Map<string, string>();
  for (const draft of drafts) {
    let id: string | undefined;
    try {
      id = await findContactId(config, ctx, draft.email);
    } catch (error) {
      results.reject(draft.key, rejectionFor(error));
      continue;
    }
    if (id === undefined) {
      results.reject(draft.key, { reason: noSuchContact(draft.email), retryable: false });
      continue;
    }
    ids.set(draft.key, id);
    kept.push(draft);
  }
  return { drafts: kept, ids };
}
