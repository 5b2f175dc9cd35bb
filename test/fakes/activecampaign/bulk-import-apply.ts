/** Applies one bulk-import contact (snake_case keys) to the state, all or nothing. */
import { idOf, isRecord, textOf } from './body-values';
import type { ContactChanges } from './state/contact-store';
import type { FakeState } from './state/fake-state';
import type { BulkContact, FieldRecord } from './state/records';

export type BulkContactResult = { ok: true; contactId: string; created: boolean } | { ok: false; reason: string };

function listIds(state: FakeState, raw: unknown, key: string): string[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return `${key} must be an array of {listid}`;
  const ids: string[] = [];
  for (const entry of raw) {
    const id = isRecord(entry) ? idOf(entry.listid) : null;
    if (id === null || !state.lists.get(id)) return `${key}: list ${JSON.stringify(isRecord(entry) ? entry.listid : entry)} does not exist`;
    ids.push(id);
  }
  return ids;
}

export function applyBulkContact(state: FakeState, input: BulkContact): BulkContactResult {
  const email = input.email.trim().toLowerCase();
  if (state.isExcluded(email)) return { ok: false, reason: 'It is on exclusion list' };

  const changes: ContactChanges = {};
  for (const [key, attr] of [
    ['first_name', 'firstName'],
    ['last_name', 'lastName'],
    ['phone', 'phone'],
  ] as const) {
    if (input[key] === undefined) continue;
    const value = textOf(input[key]);
    if (value === undefined) return { ok: false, reason: `${key} must be a string` };
    changes[attr] = value;
  }
  const values: { field: FieldRecord; value: string }[] = [];
  for (const entry of (input.fields ?? []) as unknown[]) {
    const resolved = isRecord(entry) ? state.fields.resolve(entry.id, entry.value) : null;
    if (!resolved) return { ok: false, reason: 'fields must be an array of {id, value}' };
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    values.push({ field: resolved.field, value: resolved.value });
  }
  const subscribe = listIds(state, input.subscribe, 'subscribe');
  if (typeof subscribe === 'string') return { ok: false, reason: subscribe };
  const unsubscribe = listIds(state, input.unsubscribe, 'unsubscribe');
  if (typeof unsubscribe === 'string') return { ok: false, reason: unsubscribe };

  const existing = state.contacts.findByEmail(email);
  const contact = existing ?? state.contacts.create(email, 'import/bulk_import');
  state.contacts.update(contact, changes, 'import/bulk_import');
  for (const { field, value } of values) state.fields.setValue(contact, field.id, value, 'import/bulk_import');
  for (const name of (input.tags ?? []) as string[]) {
    if (name.trim() === '') continue;
    const tag = state.tags.findByName(name) ?? state.tags.create({ tag: name.trim() });
    state.tags.link(contact.id, tag.id);
  }
  for (const listId of subscribe) {
    // The importer never re-subscribes a contact who unsubscribed from the list.
    if (state.lists.membership(contact.id, listId)?.unsubscribedAt) continue;
    state.lists.setStatus(contact.id, listId, 1);
  }
  for (const listId of unsubscribe) state.lists.setStatus(contact.id, listId, 2);
  const accountName = textOf(input.customer_acct_name)?.trim();
  if (accountName && !state.accounts.linkOfContact(contact.id)) {
    const account = state.accounts.findByName(accountName) ?? state.accounts.create({ name: accountName });
    state.accounts.link(account.id, contact.id);
  }
  return { ok: true, contactId: contact.id, created: !existing };
}
