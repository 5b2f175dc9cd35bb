/** How ActiveCampaign matches emails (contacts, exclusions, import results): trimmed and lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
