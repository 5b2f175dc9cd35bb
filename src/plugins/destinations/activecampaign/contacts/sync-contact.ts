/**
 * The single-contact path, for batches too small for the bulk importer: `POST /contact/sync` (upsert by email),
 * then the lists and tags the contact does not have yet (contact-links.ts). It has no switch for automations:
 * ActiveCampaign may start them whatever the sync's `runAutomations` says.
 *
 * Created vs updated: the contact is looked up by email first (`GET /contacts?email=`), because the sync reply
 * does not say whether it created the contact; UPDATE_ONLY already knows.
 *
 * An excluded email: the sync answers 422 `email_excluded`, or (an account may skip it silently) a reply with no
 * contact; either way the row gets the exclusion reason.
 */
import type { PluginContext } from '../../../contract';
import { hasErrorCode } from '../api-error';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { exclusionsAfterRefusal } from '../exclusions';
import { rejectionFor, type Rejection } from '../failures';
import { EXCLUDED } from '../messages';
import type { BatchResults } from '../results';
import { addLists, addTags } from './contact-links';
import type { ContactDraft } from './contact-draft';
import { findContactId } from './find-contact';

interface ContactReply {
  contact?: { id?: unknown } | null;
}

const EXCLUDED_ROW: Rejection = { reason: EXCLUDED, retryable: false };
const NOT_SAVED: Rejection = {
  reason: 'ActiveCampaign answered the sync without the contact, so it was not saved: check the email address and the exclusion list',
  retryable: false,
};

function syncBody(draft: ContactDraft): unknown {
  const contact: Record<string, unknown> = { email: draft.email };
  if (draft.firstName !== undefined) contact.firstName = draft.firstName;
  if (draft.lastName !== undefined) contact.lastName = draft.lastName;
  if (draft.phone !== undefined) contact.phone = draft.phone;
  if (draft.fields.length > 0) contact.fieldValues = draft.fields.map((f) => ({ field: f.id, value: f.value }));
  return { contact };
}

/** Upserts the contact: its id, or the reason it was not saved. */
async function sync(config: ActiveCampaignConfig, ctx: PluginContext, draft: ContactDraft): Promise<{ id: string } | Rejection> {
  let reply: ContactReply;
  try {
    ({ body: reply } = await apiRequest<ContactReply>(config, ctx, { method: 'POST', path: '/contact/sync', body: syncBody(draft) }));
  } catch (error) {
    return hasErrorCode(error, 'email_excluded') ? EXCLUDED_ROW : rejectionFor(error);
  }
  const id = reply.contact?.id;
  if (id !== undefined && id !== null && id !== '') return { id: String(id) };
  const exclusions = await exclusionsAfterRefusal(config, ctx);
  return exclusions.has(draft.email) ? EXCLUDED_ROW : NOT_SAVED;
}

async function syncOne(config: ActiveCampaignConfig, ctx: PluginContext, draft: ContactDraft, results: BatchResults, known: boolean): Promise<void> {
  let existed = known;
  try {
    if (!known) existed = (await findContactId(config, ctx, draft.email)) !== undefined;
  } catch (error) {
    return results.reject(draft.key, rejectionFor(error));
  }
  const saved = await sync(config, ctx, draft);
  if (!('id' in saved)) return results.reject(draft.key, saved);
  try {
    await addLists(config, ctx, saved.id, draft, existed);
    await addTags(config, ctx, saved.id, draft, existed);
  } catch (error) {
    const rejection = rejectionFor(error);
    return results.reject(draft.key, { ...rejection, reason: `The contact was saved, but its lists or tags were not: ${rejection.reason}` });
  }
  if (existed) results.updated(draft.key, saved.id);
  else results.created(draft.key, saved.id);
}

/**
 * Sends each contact through the single-contact API, one after the other. `existing` (record keys known to have
 * a contact, as UPDATE_ONLY knows them) skips the lookup for those.
 */
export async function syncContacts(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  drafts: readonly ContactDraft[],
  results: BatchResults,
  existing?: ReadonlySet<string>,
): Promise<void> {
  for (const draft of drafts) await syncOne(config, ctx, draft, results, existing?.has(draft.key) ?? false);
}
