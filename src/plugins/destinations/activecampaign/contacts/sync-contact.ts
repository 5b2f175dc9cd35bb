/**
 * The single-contact path, for batches too small for the bulk importer: `POST /contact/sync` (upsert by email),
 * then list subscriptions (`POST /contactLists`) and tags (`POST /contactTags`) the contact does not have yet.
 *
 * Created vs updated: the contact is looked up by email first (`GET /contacts?email=`), because the sync reply
 * does not say whether it created the contact. Lists the contact already has a membership of, in any status,
 * are left alone: status 1 would re-subscribe someone who unsubscribed, which the bulk importer never does.
 */
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { rejectionFor } from '../failures';
import type { BatchResults } from '../results';
import type { ContactDraft } from './contact-draft';
import { findContactId } from './find-contact';
import { tagDirectory } from './tags';

interface ContactReply {
  contact: { id: string };
}

function syncBody(draft: ContactDraft): unknown {
  const contact: Record<string, unknown> = { email: draft.email };
  if (draft.firstName !== undefined) contact.firstName = draft.firstName;
  if (draft.lastName !== undefined) contact.lastName = draft.lastName;
  if (draft.phone !== undefined) contact.phone = draft.phone;
  if (draft.fields.length > 0) contact.fieldValues = draft.fields.map((f) => ({ field: f.id, value: f.value }));
  return { contact };
}

/** IDs in one of a contact's sub-collections (`contactLists` → list ids, `contactTags` → tag ids). */
async function linkedIds(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  contactId: string,
  collection: 'contactLists' | 'contactTags',
  idKey: 'list' | 'tag',
): Promise<Set<string>> {
  const { body } = await apiRequest<Record<string, Array<Record<string, unknown>> | undefined>>(config, ctx, {
    method: 'GET',
    path: `/contacts/${contactId}/${collection}`,
  });
  return new Set((body[collection] ?? []).map((link) => String(link[idKey])));
}

async function addLists(config: ActiveCampaignConfig, ctx: PluginContext, contactId: string, draft: ContactDraft, existed: boolean) {
  if (draft.listIds.length === 0) return;
  const current = existed ? await linkedIds(config, ctx, contactId, 'contactLists', 'list') : new Set<string>();
  for (const list of draft.listIds) {
    if (current.has(list)) continue;
    await apiRequest(config, ctx, { method: 'POST', path: '/contactLists', body: { contactList: { list, contact: contactId, status: 1 } } });
  }
}

async function addTags(config: ActiveCampaignConfig, ctx: PluginContext, contactId: string, draft: ContactDraft, existed: boolean) {
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

async function syncOne(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  draft: ContactDraft,
  results: BatchResults,
  knownId: string | undefined,
): Promise<void> {
  let existingId: string | undefined;
  let contactId: string;
  try {
    existingId = knownId ?? (await findContactId(config, ctx, draft.email));
    const { body } = await apiRequest<ContactReply>(config, ctx, { method: 'POST', path: '/contact/sync', body: syncBody(draft) });
    contactId = String(body.contact.id);
  } catch (error) {
    results.reject(draft.key, rejectionFor(error));
    return;
  }
  try {
    await addLists(config, ctx, contactId, draft, existingId !== undefined);
    await addTags(config, ctx, contactId, draft, existingId !== undefined);
  } catch (error) {
    const rejection = rejectionFor(error);
    results.reject(draft.key, { ...rejection, reason: `The contact was saved, but its lists or tags were not: ${rejection.reason}` });
    return;
  }
  if (existingId === undefined) results.created(draft.key, contactId);
  else results.updated(draft.key, contactId);
}

/**
 * Sends each contact through the single-contact API, one after the other. `knownIds` (record key → contact id)
 * skips the lookup for contacts already found, as UPDATE_ONLY does.
 */
export async function syncContacts(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
  knownIds?: ReadonlyMap<string, string>,
): Promise<void> {
  for (const draft of drafts) await syncOne(config, ctx, draft, results, knownIds?.get(draft.key));
}
