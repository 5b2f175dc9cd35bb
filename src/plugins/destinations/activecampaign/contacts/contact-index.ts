/** Reading the account's contacts in bulk, for UPDATE_ONLY's existence check (see update-only.ts). */
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { emailKey } from '../email-key';
import { PAGE_SIZE } from '../pages';

interface ContactsReply {
  contacts?: Array<{ id: string; email?: string }>;
  meta?: { total?: unknown };
}

/** How many contacts the account has (`GET /contacts?limit=1`, its `meta.total`): one request. */
export async function countContacts(config: ActiveCampaignConfig, ctx: PluginContext): Promise<number> {
  const { body } = await apiRequest<ContactsReply>(config, ctx, { method: 'GET', path: '/contacts', query: { limit: 1 } });
  const total = Number(body.meta?.total);
  return Number.isFinite(total) && total >= 0 ? total : Number.POSITIVE_INFINITY;
}

/**
 * The lower-cased email of every contact, read with `GET /contacts?orders[id]=ASC&id_greater=<last>&limit=100`
 * (the docs' recommended way through a large account): one request per 100 contacts. Null as soon as the
 * account turns out to hold more than `maxContacts`, so memory stays bounded.
 */
export async function readContactEmails(config: ActiveCampaignConfig, ctx: PluginContext, maxContacts: number): Promise<Set<string> | null> {
  const emails = new Set<string>();
  let seen = 0;
  for (let after = '0'; ;) {
    const { body } = await apiRequest<ContactsReply>(config, ctx, {
      method: 'GET',
      path: '/contacts',
      query: { 'orders[id]': 'ASC', id_greater: after, limit: PAGE_SIZE },
    });
    const page = body.contacts ?? [];
    for (const contact of page) if (contact.email) emails.add(emailKey(contact.email));
    seen += page.length;
    if (seen > maxContacts) return null;
    if (page.length < PAGE_SIZE) return emails;
    after = String(page[page.length - 1].id);
  }
}
