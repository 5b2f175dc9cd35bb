import type { Clock } from './clock';
import { IdSequence } from './id-sequence';
import type { ContactListRecord, ListRecord, ListStatus } from './records';

/** Lists (by id and string id) and contact memberships (one per contact and list). */
export class ListStore {
  private readonly lists = new Map<string, ListRecord>();
  private readonly byStringId = new Map<string, string>();
  private readonly memberships = new Map<string, ContactListRecord>();
  /** contact id → its memberships (a short array). */
  private readonly byContact = new Map<string, ContactListRecord[]>();
  private readonly listIds = new IdSequence();
  private readonly membershipIds = new IdSequence();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.lists.size;
  }

  get membershipCount(): number {
    return this.memberships.size;
  }

  get(id: string): ListRecord | undefined {
    return this.lists.get(id);
  }

  findByStringId(stringid: string): ListRecord | undefined {
    const id = this.byStringId.get(stringid);
    return id === undefined ? undefined : this.lists.get(id);
  }

  all(): ListRecord[] {
    return [...this.lists.values()];
  }

  create(input: { name: string; stringid?: string; id?: string; senderUrl?: string; senderReminder?: string }): ListRecord {
    if (input.id !== undefined && this.lists.has(input.id)) throw new Error(`list id ${input.id} already exists`);
    const id = input.id ?? this.listIds.next();
    this.listIds.observe(id);
    const now = this.clock.format();
    const list: ListRecord = {
      id,
      name: input.name,
      stringid:
        input.stringid ??
        input.name
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, ''),
      senderUrl: input.senderUrl ?? '',
      senderReminder: input.senderReminder ?? '',
      cdate: now,
      udate: now,
    };
    this.lists.set(id, list);
    this.byStringId.set(list.stringid, id);
    return list;
  }

  membership(contactId: string, listId: string): ContactListRecord | undefined {
    return this.byContact.get(contactId)?.find((m) => m.list === listId);
  }

  membershipsOf(contactId: string): ContactListRecord[] {
    return [...(this.byContact.get(contactId) ?? [])];
  }

  /** Sets the status; status 1 re-subscribes even a contact who unsubscribed (as the real API warns). */
  setStatus(contactId: string, listId: string, status: ListStatus): ContactListRecord {
    const now = this.clock.format();
    let record = this.membership(contactId, listId);
    if (!record) {
      record = { id: this.membershipIds.next(), contact: contactId, list: listId, status, sdate: now, udate: now, unsubscribedAt: null };
      this.memberships.set(record.id, record);
      const perContact = this.byContact.get(contactId);
      if (perContact) perContact.push(record);
      else this.byContact.set(contactId, [record]);
    } else {
      if (record.status !== status && status === 1) record.sdate = now;
      record.status = status;
      record.udate = now;
    }
    if (status === 2) record.unsubscribedAt = now;
    return record;
  }

  deleteMembershipsOf(contactId: string): void {
    for (const m of this.byContact.get(contactId) ?? []) this.memberships.delete(m.id);
    this.byContact.delete(contactId);
  }
}
