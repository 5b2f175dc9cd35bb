/** Bulk importer request bodies: snake_case contacts, split to at most 250 contacts and 400,000 bytes each. */
import { bodyId } from '../numeric-id';
import type { ContactDraft } from './contact-draft';

/** The importer's documented limits per request. */
export const BULK_MAX_CONTACTS = 250;
export const BULK_MAX_BYTES = 400_000;

/** One contact as the importer expects it, and its size in the request body. */
export interface BulkEntry {
  draft: ContactDraft;
  json: string;
}

export function bulkEntry(draft: ContactDraft): BulkEntry {
  const contact: Record<string, unknown> = { email: draft.email };
  if (draft.firstName !== undefined) contact.first_name = draft.firstName;
  if (draft.lastName !== undefined) contact.last_name = draft.lastName;
  if (draft.phone !== undefined) contact.phone = draft.phone;
  if (draft.tags.length > 0) contact.tags = draft.tags;
  if (draft.fields.length > 0) contact.fields = draft.fields.map((f) => ({ id: bodyId(f.id), value: f.value }));
  if (draft.listIds.length > 0) contact.subscribe = draft.listIds.map((id) => ({ listid: bodyId(id) }));
  return { draft, json: JSON.stringify(contact) };
}

/**
 * The request body: `exclude_automations` is the opposite of the sync's `runAutomations`. Its byte size is
 * `envelope + Σ(entry bytes) + commas`.
 */
export function bulkBody(entries: readonly BulkEntry[], runAutomations: boolean): string {
  return `{"contacts":[${entries.map((e) => e.json).join(',')}],"exclude_automations":${!runAutomations}}`;
}

const envelopeBytes = (runAutomations: boolean) => Buffer.byteLength(bulkBody([], runAutomations));

export function entryBytes(entry: BulkEntry): number {
  return Buffer.byteLength(entry.json);
}

/** How requests are cut: the importer's limits (tests lower them) and the body's envelope. */
export interface RequestShape {
  runAutomations: boolean;
  maxContacts?: number;
  maxBytes?: number;
}

/** True when one contact alone is over the byte limit, so no request can carry it. */
export function tooLargeAlone(entry: BulkEntry, shape: RequestShape): boolean {
  return envelopeBytes(shape.runAutomations) + entryBytes(entry) > (shape.maxBytes ?? BULK_MAX_BYTES);
}

/** Splits entries (none too large alone) into requests within both limits, keeping their order. */
export function splitIntoRequests(entries: readonly BulkEntry[], shape: RequestShape): BulkEntry[][] {
  const { maxContacts = BULK_MAX_CONTACTS, maxBytes = BULK_MAX_BYTES } = shape;
  const envelope = envelopeBytes(shape.runAutomations);
  const requests: BulkEntry[][] = [];
  let current: BulkEntry[] = [];
  let bytes = envelope;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length >= maxContacts || bytes + 1 + size > maxBytes)) {
      requests.push(current);
      current = [];
      bytes = envelope;
    }
    bytes += size + (current.length > 0 ? 1 : 0);
    current.push(entry);
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
