import { AccountStore } from './account-store';
import { checkAccountFieldValue } from './account-field-rules';
import type { Clock } from './clock';
import { ContactStore } from './contact-store';
import { CustomObjectStore, type NewSchema } from './custom-object-store';
import { EmptyWriteLog } from './empty-writes';
import { ExclusionStore } from './exclusion-store';
import { FieldStore } from './field-store';
import { ImportStore } from './import-store';
import { ListStore } from './list-store';
import type {
  AccountContactRecord,
  AccountFieldRecord,
  AccountRecord,
  ContactRecord,
  CustomObjectSchema,
  ExclusionRecord,
  FieldRecord,
  ListRecord,
  ListStatus,
  TagRecord,
} from './records';
import { TagStore } from './tag-store';

/** A contact with everything attached to it, for assertions. */
export interface ContactSnapshot {
  contact: ContactRecord;
  /** Custom field values by field id ("" when cleared). */
  fields: Record<string, string>;
  /** List statuses by list id (1 active, 2 unsubscribed). */
  lists: Record<string, ListStatus>;
  /** Tag names. */
  tags: string[];
  /** Id of the linked account, if any. */
  accountId: string | null;
}

/**
 * The fake account's data. Seed it with the `add*` helpers, inspect it with the `find*`/`snapshot*` helpers,
 * `counts()` and the stores (`contacts`, `fields`, `lists`, `tags`, `accounts`, `customObjects`, `exclusions`,
 * `imports`). Writes through the helpers skip the API's validation: use them for fixtures only.
 */
export class FakeState {
  /** Every contact attribute written as "" or null, with its previous value. */
  readonly emptyWrites = new EmptyWriteLog();
  readonly contacts: ContactStore;
  readonly fields: FieldStore;
  readonly lists: ListStore;
  readonly tags: TagStore;
  readonly accounts: AccountStore;
  readonly customObjects: CustomObjectStore;
  readonly exclusions: ExclusionStore;
  readonly imports = new ImportStore();

  constructor(
    readonly clock: Clock,
    /** Whether custom-field values are checked against their type. */
    readonly validateFieldValues: boolean,
  ) {
    this.contacts = new ContactStore(clock, this.emptyWrites);
    this.fields = new FieldStore(clock, this.emptyWrites, validateFieldValues);
    this.lists = new ListStore(clock);
    this.tags = new TagStore(clock);
    this.accounts = new AccountStore(clock);
    this.customObjects = new CustomObjectStore();
    this.exclusions = new ExclusionStore(clock);
  }

  /** Adds a list; `stringid` defaults to the slugged name, `id` to the next free id. */
  addList(input: { name: string; stringid?: string; id?: string | number }): ListRecord {
    return this.lists.create({ ...input, id: input.id === undefined ? undefined : String(input.id) });
  }

  /**
   * Adds a contact custom field with its options (values; label = value) and relates it to `lists`
   * (list ids; default `["0"]`, every list).
   */
  addField(input: { title: string; type: string; options?: string[]; perstag?: string; lists?: (string | number)[] }): FieldRecord {
    const field = this.fields.create(input);
    for (const option of input.options ?? []) this.fields.addOption(field.id, option);
    for (const relid of input.lists ?? ['0']) this.fields.addRel(field.id, String(relid));
    return field;
  }

  addTag(name: string): TagRecord {
    return this.tags.findByName(name) ?? this.tags.create({ tag: name });
  }

  /** Adds (or updates) a contact with field values by field id, list statuses by list id and tag names. */
  addContact(input: {
    email: string;
    firstName?: string;
    lastName?: string;
    phone?: string;
    fields?: Record<string, string>;
    lists?: Record<string, ListStatus>;
    tags?: string[];
  }): ContactRecord {
    const { email, firstName, lastName, phone } = input;
    const changes = { firstName, lastName, phone };
    const existing = this.contacts.findByEmail(email);
    const contact = existing ?? this.contacts.create(email, 'contacts');
    this.contacts.update(contact, changes, 'contacts');
    for (const [fieldId, value] of Object.entries(input.fields ?? {})) this.fields.setValue(contact, fieldId, value, 'contacts');
    for (const [listId, status] of Object.entries(input.lists ?? {})) this.lists.setStatus(contact.id, listId, status);
    for (const name of input.tags ?? []) this.tags.link(contact.id, this.addTag(name).id);
    return contact;
  }

  findContactByEmail(email: string): ContactRecord | undefined {
    return this.contacts.findByEmail(email);
  }

  snapshotContact(email: string): ContactSnapshot | undefined {
    const contact = this.contacts.findByEmail(email);
    if (!contact) return undefined;
    const fields: Record<string, string> = {};
    for (const v of this.fields.valuesOf(contact.id)) fields[v.field] = v.value;
    const lists: Record<string, ListStatus> = {};
    for (const m of this.lists.membershipsOf(contact.id)) lists[m.list] = m.status;
    const tags = this.tags.linksOf(contact.id).map((l) => this.tags.get(l.tag)!.tag);
    return { contact, fields, lists, tags, accountId: this.accounts.linkOfContact(contact.id)?.account ?? null };
  }

  /** Deletes a contact with its field values, memberships, tags and account link. */
  deleteContact(id: string): boolean {
    if (!this.contacts.delete(id)) return false;
    this.fields.deleteValuesOf(id);
    this.lists.deleteMembershipsOf(id);
    this.tags.deleteLinksOf(id);
    const link = this.accounts.linkOfContact(id);
    if (link) this.accounts.unlink(link.id);
    return true;
  }

  /** Adds an account custom field (`type`: text, textarea, date, datetime, dropdown, multiselect, radio, checkbox, hidden, currency, number). */
  addAccountField(input: { label: string; type: string; options?: string[]; defaultCurrency?: string }): AccountFieldRecord {
    return this.accounts.createField(input);
  }

  /** Adds an account with custom field values by field id (validated like the API does; throws on a bad one). */
  addAccount(input: { name: string; accountUrl?: string; fields?: Record<string, unknown> }): AccountRecord {
    if (this.accounts.findByName(input.name)) throw new Error(`an account named "${input.name}" already exists`);
    const account = this.accounts.create(input);
    for (const [fieldId, raw] of Object.entries(input.fields ?? {})) {
      const field = this.accounts.getField(fieldId);
      if (!field) throw new Error(`no account custom field ${fieldId}`);
      const check = checkAccountFieldValue(field, raw, this.clock, this.validateFieldValues);
      if (!check.ok) throw new Error(`account field ${fieldId}: ${check.reason}`);
      this.accounts.setValue(account.id, fieldId, check.value, field.fieldDefaultCurrency);
    }
    return account;
  }

  findAccountByName(name: string): AccountRecord | undefined {
    return this.accounts.findByName(name);
  }

  addAccountContact(accountId: string, contactId: string, jobTitle = ''): AccountContactRecord {
    if (this.accounts.linkOfContact(contactId)) throw new Error(`contact ${contactId} already has an account`);
    return this.accounts.link(accountId, contactId, jobTitle);
  }

  /** Adds a custom object schema; its id is a random uuid. */
  addSchema(input: NewSchema): CustomObjectSchema {
    return this.customObjects.createSchema(input);
  }

  /** Puts an email (or, with `contains`, a pattern such as `@blocked.example`) on the exclusion list. */
  addExclusion(email: string, matchType: ExclusionRecord['matchType'] = 'exact'): ExclusionRecord {
    return this.exclusions.add(email, matchType);
  }

  isExcluded(email: string): boolean {
    return this.exclusions.isExcluded(email);
  }

  counts(): Record<
    | 'contacts'
    | 'fieldValues'
    | 'lists'
    | 'contactLists'
    | 'tags'
    | 'contactTags'
    | 'fields'
    | 'accounts'
    | 'accountContacts'
    | 'customObjectRecords'
    | 'exclusions'
    | 'imports',
    number
  > {
    return {
      contacts: this.contacts.size,
      fieldValues: this.fields.valueCount,
      lists: this.lists.size,
      contactLists: this.lists.membershipCount,
      tags: this.tags.size,
      contactTags: this.tags.linkCount,
      fields: this.fields.size,
      accounts: this.accounts.size,
      accountContacts: this.accounts.linkCount,
      customObjectRecords: this.customObjects.recordCount,
      exclusions: this.exclusions.size,
      imports: this.imports.batches.size,
    };
  }
}
