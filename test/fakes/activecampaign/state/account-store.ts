import type { Clock } from './clock';
import { IdSequence } from './id-sequence';
import type { AccountContactRecord, AccountFieldRecord, AccountFieldValueRecord, AccountRecord } from './records';

export interface NewAccountField {
  label: string;
  type: string;
  options?: string[];
  defaultCurrency?: string;
  isRequired?: boolean;
}

/** Accounts (names unique case-insensitively), account custom fields and their values, and contact links. */
export class AccountStore {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly byName = new Map<string, string>();
  private readonly fields = new Map<string, AccountFieldRecord>();
  private readonly data = new Map<string, AccountFieldValueRecord>();
  private readonly dataByPair = new Map<string, string>();
  private readonly contacts = new Map<string, AccountContactRecord>();
  private readonly contactLinkByContact = new Map<string, string>();
  private readonly linksByAccount = new Map<string, Set<string>>();
  private readonly accountIds = new IdSequence();
  private readonly fieldIds = new IdSequence();
  private readonly dataIds = new IdSequence();
  private readonly linkIds = new IdSequence();

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.accounts.size;
  }

  get linkCount(): number {
    return this.contacts.size;
  }

  get(id: string): AccountRecord | undefined {
    return this.accounts.get(id);
  }

  findByName(name: string): AccountRecord | undefined {
    const id = this.byName.get(name.trim().toLowerCase());
    return id === undefined ? undefined : this.accounts.get(id);
  }

  all(): AccountRecord[] {
    return [...this.accounts.values()];
  }

  create(input: { name: string; accountUrl?: string; owner?: string }): AccountRecord {
    const now = this.clock.format();
    const account: AccountRecord = {
      id: this.accountIds.next(),
      name: input.name,
      accountUrl: input.accountUrl ?? '',
      owner: input.owner ?? '1',
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.accounts.set(account.id, account);
    this.byName.set(account.name.trim().toLowerCase(), account.id);
    return account;
  }

  update(account: AccountRecord, changes: { name?: string; accountUrl?: string; owner?: string }): void {
    if (changes.name !== undefined && changes.name !== account.name) {
      this.byName.delete(account.name.trim().toLowerCase());
      this.byName.set(changes.name.trim().toLowerCase(), account.id);
      account.name = changes.name;
    }
    if (changes.accountUrl !== undefined) account.accountUrl = changes.accountUrl;
    if (changes.owner !== undefined) account.owner = changes.owner;
    account.updatedTimestamp = this.clock.format();
  }

  delete(id: string): boolean {
    const account = this.accounts.get(id);
    if (!account) return false;
    this.accounts.delete(id);
    this.byName.delete(account.name.trim().toLowerCase());
    for (const datum of this.valuesOf(id)) {
      this.data.delete(datum.id);
      this.dataByPair.delete(`${id}:${datum.customFieldId}`);
    }
    for (const link of this.linksOfAccount(id)) this.unlink(link.id);
    return true;
  }

  createField(input: NewAccountField): AccountFieldRecord {
    const now = this.clock.format();
    const field: AccountFieldRecord = {
      id: this.fieldIds.next(),
      fieldLabel: input.label,
      fieldType: input.type,
      fieldOptions: input.options ?? null,
      fieldDefault: null,
      fieldDefaultCurrency: input.type === 'currency' ? (input.defaultCurrency ?? 'USD') : null,
      isRequired: input.isRequired ? 1 : 0,
      displayOrder: this.fields.size + 1,
      personalization: `%ACCOUNT_${input.label.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}%`,
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.fields.set(field.id, field);
    return field;
  }

  getField(id: string): AccountFieldRecord | undefined {
    return this.fields.get(id);
  }

  allFields(): AccountFieldRecord[] {
    return [...this.fields.values()];
  }

  getValue(accountId: string, fieldId: string): AccountFieldValueRecord | undefined {
    const id = this.dataByPair.get(`${accountId}:${fieldId}`);
    return id === undefined ? undefined : this.data.get(id);
  }

  getValueById(id: string): AccountFieldValueRecord | undefined {
    return this.data.get(id);
  }

  valuesOf(accountId: string): AccountFieldValueRecord[] {
    return this.allFields().flatMap((f) => this.getValue(accountId, f.id) ?? []);
  }

  allValues(): AccountFieldValueRecord[] {
    return [...this.data.values()];
  }

  /** One value per account and field: creates or overwrites it. */
  setValue(accountId: string, fieldId: string, value: AccountFieldValueRecord['fieldValue'], currency: string | null): AccountFieldValueRecord {
    const now = this.clock.format();
    const existing = this.getValue(accountId, fieldId);
    if (existing) {
      existing.fieldValue = value;
      existing.fieldCurrency = currency;
      existing.updatedTimestamp = now;
      return existing;
    }
    const datum: AccountFieldValueRecord = {
      id: this.dataIds.next(),
      accountId,
      customFieldId: fieldId,
      fieldValue: value,
      fieldCurrency: currency,
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.data.set(datum.id, datum);
    this.dataByPair.set(`${accountId}:${fieldId}`, datum.id);
    return datum;
  }

  getLink(id: string): AccountContactRecord | undefined {
    return this.contacts.get(id);
  }

  linkOfContact(contactId: string): AccountContactRecord | undefined {
    const id = this.contactLinkByContact.get(contactId);
    return id === undefined ? undefined : this.contacts.get(id);
  }

  linksOfAccount(accountId: string): AccountContactRecord[] {
    return [...(this.linksByAccount.get(accountId) ?? [])].map((id) => this.contacts.get(id)!);
  }

  private indexLink(link: AccountContactRecord): void {
    let set = this.linksByAccount.get(link.account);
    if (!set) this.linksByAccount.set(link.account, (set = new Set()));
    set.add(link.id);
  }

  allLinks(): AccountContactRecord[] {
    return [...this.contacts.values()];
  }

  /** Links a contact to an account; the caller has checked the contact has no account yet. */
  link(accountId: string, contactId: string, jobTitle = ''): AccountContactRecord {
    const now = this.clock.format();
    const link: AccountContactRecord = {
      id: this.linkIds.next(),
      account: accountId,
      contact: contactId,
      jobTitle,
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.contacts.set(link.id, link);
    this.contactLinkByContact.set(contactId, link.id);
    this.indexLink(link);
    return link;
  }

  updateLink(link: AccountContactRecord, changes: { account?: string; contact?: string; jobTitle?: string }): void {
    if (changes.contact !== undefined && changes.contact !== link.contact) {
      this.contactLinkByContact.delete(link.contact);
      this.contactLinkByContact.set(changes.contact, link.id);
      link.contact = changes.contact;
    }
    if (changes.account !== undefined && changes.account !== link.account) {
      this.linksByAccount.get(link.account)?.delete(link.id);
      link.account = changes.account;
      this.indexLink(link);
    }
    if (changes.jobTitle !== undefined) link.jobTitle = changes.jobTitle;
    link.updatedTimestamp = this.clock.format();
  }

  unlink(id: string): boolean {
    const link = this.contacts.get(id);
    if (!link) return false;
    this.contacts.delete(id);
    this.contactLinkByContact.delete(link.contact);
    this.linksByAccount.get(link.account)?.delete(id);
    return true;
  }
}
