import type { DestinationRecord } from '../../../contract';
import { isBlank } from '../empty-values';
import { listNotFound, type ListIndex } from '../lists';
import { CUSTOM_FIELD_PREFIX } from '../objects';

/** A contact ready to send, whichever endpoint sends it. Empty values are already left out. */
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

function asText(value: unknown): string | undefined {
  return isBlank(value) ? undefined : String(value);
}

function asStrings(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v) => !isBlank(v)).map((v) => String(v).trim());
}

/** Builds the draft of one record, or the reason it cannot be sent (an unknown list). */
export function contactDraft(record: DestinationRecord, lists: ListIndex | null): ContactDraft | { reason: string } {
  const draft: ContactDraft = { key: record.key, email: record.key.trim(), listIds: [], tags: [], fields: [] };
  for (const [key, value] of Object.entries(record.fields)) {
    if (isBlank(value)) continue;
    if (key === 'firstName' || key === 'lastName' || key === 'phone') draft[key] = asText(value);
    else if (key === 'tags') draft.tags = asStrings(value);
    else if (key === 'lists') {
      for (const reference of asStrings(value)) {
        const id = lists?.resolve(reference);
        if (id === undefined) return { reason: listNotFound(reference) };
        if (!draft.listIds.includes(id)) draft.listIds.push(id);
      }
    } else if (key.startsWith(CUSTOM_FIELD_PREFIX)) {
      draft.fields.push({ id: key.slice(CUSTOM_FIELD_PREFIX.length), value: typeof value === 'number' ? value : String(value) });
    }
  }
  return draft;
}
