/**
 * A synced contact's list subscriptions (`POST /contactLists`) and tags (`POST /contactTags`), added only where
 * the contact has none yet. Its current ones are read in full, 100 a page: a list the contact has a membership
 * of in any status is left alone, because status 1 would re-subscribe someone who unsubscribed (the bulk
 * importer never does that either).
 */
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { pagesOf } from '../pages';
import type { ContactDraft } from './contact-draft';
import { tagDirectory } from './tags';

/** IDs in one of a contact's sub-collections (`contactLists` → list ids, `contactTags` → tag ids), every page. */
async function linkedIds(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  contactId: string,
  collection: 'contactLists' | 'contactTags',
  idKey: 'list' | 'tag',
): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of pagesOf<Record<string, unknown>>(config, ctx, `/contacts/${contactId}/${collection}`, collection)) {
    for (const link of page) ids.add(String(link[idKey]));
  }
  return ids;
}

/** Subscribes the contact to the draft's lists it has no membership of. `existed`: a new contact has none. */
export async function addLists(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  contactId: string,
  draft: ContactDraft,
  existed: boolean,
): Promise<void> {
  if (draft.listIds.length === 0) return;
  const current = existed ? await linkedIds(config, ctx, contactId, 'contactLists', 'list') : new Set<string>();
  for (const list of draft.listIds) {
    if (current.has(list)) continue;
    await apiRequest(config, ctx, { method: 'POST', path: '/contactLists', body: { contactList: { list, contact: contactId, status: 1 } } });
  }
}

/** Tags the contact with the draft's tags it does not have, creating missing tags by name. */
export async function addTags(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  contactId: string,
  draft: ContactDraft,
  existed: boolean,
): Promise<void> {
  if (draft.tags.length === 0) return;
  const current = existed ? await linkedIds(config, ctx, contactId, 'contactTags', 'tag') : new Set<string>();
  const tags = await tagDirectory(config, ctx);
  for (const name of draft.tags) {
    const tag = await tags.resolve(name);
    if (current.has(tag)) continue;
    await apiRequest(config, ctx, { method: 'POST', path: '/contactTags', body: { contactTag: { contact: contactId, tag } } });
    current.add(tag);
  }
}
