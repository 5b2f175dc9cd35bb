import type { Clock } from './clock';
import type { EmptyWriteLog } from './empty-writes';
import { IdSequence } from './id-sequence';
import type { ContactRecord, EmptyWrite } from './records';

export type ContactAttribute = 'firstName' | 'lastName' | 'phone';
export type ContactChanges = Partial<Record<ContactAttribute | 'email', string>>;

/** Contacts by id and by lower-cased email (O(1) lookups), plus ids in ascending order for `id_greater` paging. */
export class ContactStore {
  private readonly byId = new Map<string, ContactRecord>();
  private readonly byEmail = new Map<string, string>();
  /** Ascending numeric ids of live contacts. */
  private readonly order: number[] = [];
  private readonly ids = new IdSequence();

  constructor(
    private readonly clock: Clock,
    private readonly emptyWrites: EmptyWriteLog,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): ContactRecord | undefined {
    return this.byId.get(id);
  }

  findByEmail(email: string): ContactRecord | undefined {
    const id = this.byEmail.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  values(): IterableIterator<ContactRecord> {
    return this.byId.values();
  }

  create(email: string, via: EmptyWrite['via'], changes: ContactChanges = {}): ContactRecord {
    const now = this.clock.format();
    const contact: ContactRecord = {
      id: this.ids.next(),
      email: email.trim().toLowerCase(),
      firstName: '',
      lastName: '',
      phone: '',
      cdate: now,
      udate: now,
    };
    this.byId.set(contact.id, contact);
    this.byEmail.set(contact.email, contact.id);
    this.order.push(Number(contact.id));
    this.update(contact, changes, via);
    return contact;
  }

  /** Applies only the keys present; "" is stored (it clears the value) and logged as an empty write. */
  update(contact: ContactRecord, changes: ContactChanges, via: EmptyWrite['via']): void {
    for (const key of ['firstName', 'lastName', 'phone'] as const) {
      const value = changes[key];
      if (value === undefined) continue;
      if (value === '') this.emptyWrites.record({ contactId: contact.id, email: contact.email, field: key, previous: contact[key], via });
      contact[key] = value;
    }
    if (changes.email !== undefined) {
      const email = changes.email.trim().toLowerCase();
      if (email !== contact.email) {
        this.byEmail.delete(contact.email);
        this.byEmail.set(email, contact.id);
        contact.email = email;
      }
    }
    contact.udate = this.clock.format();
  }

  delete(id: string): boolean {
    const contact = this.byId.get(id);
    if (!contact) return false;
    this.byId.delete(id);
    this.byEmail.delete(contact.email);
    const index = this.lowerBound(Number(id));
    if (this.order[index] === Number(id)) this.order.splice(index, 1);
    return true;
  }

  /** Contacts with id > `after` in ascending id order, starting `offset` into that range. O(log n + limit). */
  pageAfter(after: number, offset: number, limit: number): { contacts: ContactRecord[]; total: number } {
    const start = this.lowerBound(after + 1);
    const ids = this.order.slice(start + offset, start + offset + limit);
    return { contacts: ids.map((id) => this.byId.get(String(id))!), total: this.order.length - start };
  }

  /** Contacts with id < `before` in descending order. */
  pageBefore(before: number, offset: number, limit: number): { contacts: ContactRecord[]; total: number } {
    const end = this.lowerBound(before);
    const from = Math.max(0, end - offset - limit);
    const ids = this.order.slice(from, Math.max(0, end - offset)).reverse();
    return { contacts: ids.map((id) => this.byId.get(String(id))!), total: end };
  }

  private lowerBound(id: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order[mid] < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
