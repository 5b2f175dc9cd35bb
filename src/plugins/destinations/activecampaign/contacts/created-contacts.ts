import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { PAGE_SIZE, pagesOf } from '../pages';

interface ContactJson {
  id: string;
  email?: string;
}

/** Lower-cased email → id of the contacts with these ids (`GET /contacts?ids[]=…`, 100 ids per request). */
export async function emailsOfContacts(config: ActiveCampaignConfig, ctx: PluginContext, ids: readonly string[]): Promise<Map<string, string>> {
  const byEmail = new Map<string, string>();
  for (let start = 0; start < ids.length; start += PAGE_SIZE) {
    const chunk = ids.slice(start, start + PAGE_SIZE);
    for await (const page of pagesOf<ContactJson>(config, ctx, '/contacts', 'contacts', { 'ids[]': chunk })) {
      for (const contact of page) if (contact.email) byEmail.set(contact.email.trim().toLowerCase(), String(contact.id));
    }
  }
  return byEmail;
}
