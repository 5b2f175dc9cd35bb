/**
 * Which contacts a bulk import created. `GET /import/info` gives only the created contacts' IDs, so:
 * - none created: every contact written was updated (no request);
 * - as many created as written: every one was created (no request; their IDs stay unknown);
 * - a mix: the IDs are read back with `GET /contacts?ids[]=…&limit=<n>`, one request per 100 IDs. Only
 *   contacts whose ID was asked for are believed (an API ignoring the filter would otherwise answer with any
 *   contacts), and a page is never followed: a lookup must not turn into paging the whole account.
 * Contacts still unaccounted for after the lookup get the same count rule; if the counts do not settle it
 * either, they are reported as updated and counted in `undetermined`.
 */
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { emailKey } from '../email-key';
import { batchStopper } from '../failures';
import { PAGE_SIZE } from '../pages';

export interface CreatedContacts {
  /** Lower-cased email → id (null when unknown) of each contact the import created. */
  created: Map<string, string | null>;
  /** Contacts that could not be told apart: reported as updated, though some of them were created. */
  undetermined: number;
}

interface ContactsReply {
  contacts?: Array<{ id: string; email?: string }>;
}

/** Email → id of the contacts with these ids that the API returned, one request per chunk of at most 100 ids. */
async function emailsOfIds(config: ActiveCampaignConfig, ctx: PluginContext, ids: readonly string[]): Promise<Map<string, string>> {
  const byEmail = new Map<string, string>();
  for (let start = 0; start < ids.length; start += PAGE_SIZE) {
    const chunk = ids.slice(start, start + PAGE_SIZE);
    const asked = new Set(chunk);
    try {
      const { body } = await apiRequest<ContactsReply>(config, ctx, {
        method: 'GET',
        path: '/contacts',
        query: { 'ids[]': chunk, limit: chunk.length },
      });
      for (const contact of body.contacts ?? []) {
        if (contact.email && asked.has(String(contact.id))) byEmail.set(emailKey(contact.email), String(contact.id));
      }
    } catch (error) {
      const stopper = batchStopper(error);
      if (stopper !== null) throw stopper;
      ctx.logger.warn('activecampaign: could not read which contacts a bulk import created', { ids: chunk.length });
    }
  }
  return byEmail;
}

/** Every email created (ids unknown), or none, when the counts say so; null when they do not. */
function byCount(emails: readonly string[], createdCount: number): Map<string, string | null> | null {
  if (createdCount <= 0) return new Map();
  if (createdCount >= emails.length) return new Map(emails.map((email) => [email, null]));
  return null;
}

/** Which of `written` (lower-cased emails the import took) it created, given the IDs it reported as created. */
export async function createdContacts(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  written: readonly string[],
  createdIds: readonly string[],
): Promise<CreatedContacts> {
  const counted = byCount(written, createdIds.length);
  if (counted) {
    if (written.length === 1 && createdIds.length === 1) counted.set(written[0], createdIds[0]);
    return { created: counted, undetermined: 0 };
  }
  const found = await emailsOfIds(config, ctx, createdIds);
  const created = new Map<string, string | null>();
  const rest: string[] = [];
  for (const email of written) {
    const id = found.get(email);
    if (id === undefined) rest.push(email);
    else created.set(email, id);
  }
  const restCounted = byCount(rest, createdIds.length - created.size);
  if (restCounted) {
    for (const [email, id] of restCounted) created.set(email, id);
    return { created, undetermined: 0 };
  }
  return { created, undetermined: rest.length };
}
