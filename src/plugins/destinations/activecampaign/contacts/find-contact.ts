import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { emailKey } from '../email-key';

interface ContactsReply {
  contacts?: Array<{ id: string; email?: string }>;
}

/** The id of the contact with this email (matched ignoring case), or undefined when there is none. */
export async function findContactId(config: ActiveCampaignConfig, ctx: PluginContext, email: string): Promise<string | undefined> {
  const { body } = await apiRequest<ContactsReply>(config, ctx, { method: 'GET', path: '/contacts', query: { email } });
  const wanted = emailKey(email);
  const match = (body.contacts ?? []).find((c) => c.email !== undefined && emailKey(c.email) === wanted);
  return match ? String(match.id) : undefined;
}
