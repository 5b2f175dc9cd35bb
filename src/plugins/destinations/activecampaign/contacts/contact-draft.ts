import type { DestinationRecord } from '../../../contract';
import { customFieldId } from '../field-keys';
import { listNotFound, type ListIndex } from '../lists';

/** A contact ready to send, whichever endpoint sends it. */
export interface ContactDraft {
  /** The record's key (its email as the model gave it). */
  key: string;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  /** List IDs to subscribe the contact to. */
  listIds: string[];
  tags: string[];
  /** Custom field values by field id. */
  fields: Array<{ id: string; value: string | number }>;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).map(String);

/**
 * Builds the draft of one record, or the reason it cannot be sent (an unknown list). Values come coerced:
 * empty ones were left out by coerce, lists and tags are arrays of strings, and null still means "leave out".
 */
export function contactDraft(record: DestinationRecord, lists: ListIndex | null): ContactDraft | { reason: string } {
  const draft: ContactDraft = { key: record.key, email: record.key.trim(), listIds: [], tags: [], fields: [] };
  for (const [key, value] of Object.entries(record.fields)) {
    if (value === null || value === undefined) continue;
    if (key === 'firstName' || key === 'lastName' || key === 'phone') draft[key] = String(value);
    else if (key === 'tags') draft.tags = strings(value);
    else if (key === 'lists') {
      for (const reference of strings(value)) {
        const id = lists?.resolve(reference);
        if (id === undefined) return { reason: listNotFound(reference) };
        if (!draft.listIds.includes(id)) draft.listIds.push(id);
      }
    } else {
      const id = customFieldId(key);
      if (id !== undefined) draft.fields.push({ id, value: typeof value === 'number' ? value : String(value) });
    }
  }
  return draft;
}
