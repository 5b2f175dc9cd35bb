/** The shapes the fake stores. IDs are strings, as the API returns them. */

export interface ContactRecord {
  id: string;
  /** Lower-cased: contacts are matched on the lower-cased email. */
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  cdate: string;
  udate: string;
}

export interface ListRecord {
  id: string;
  name: string;
  stringid: string;
  senderUrl: string;
  senderReminder: string;
  cdate: string;
  udate: string;
}

/** 1 = active (subscribed), 2 = unsubscribed. */
export type ListStatus = 1 | 2;

export interface ContactListRecord {
  id: string;
  contact: string;
  list: string;
  status: ListStatus;
  sdate: string;
  udate: string;
  /** Set once the contact has ever unsubscribed: the bulk importer then never re-subscribes it. */
  unsubscribedAt: string | null;
}

export interface TagRecord {
  id: string;
  tag: string;
  tagType: string;
  description: string;
  cdate: string;
}

export interface ContactTagRecord {
  id: string;
  contact: string;
  tag: string;
  cdate: string;
}

/** Known types; old or odd fields may carry others (`""`, `multivalue`), which are stored and not validated. */
export type ContactFieldType =
  'text' | 'textarea' | 'date' | 'datetime' | 'dropdown' | 'listbox' | 'radio' | 'checkbox' | 'hidden' | 'number' | (string & {});

export interface FieldRecord {
  id: string;
  title: string;
  descript: string;
  type: ContactFieldType;
  isrequired: string;
  perstag: string;
  defval: string;
  visible: string;
  ordernum: string;
  cdate: string;
  udate: string;
}

export interface FieldOptionRecord {
  id: string;
  field: string;
  value: string;
  label: string;
  orderid: string;
  isdefault: string;
  cdate: string;
  udate: string;
}

export interface FieldRelRecord {
  id: string;
  field: string;
  /** A list id; "0" = every list. */
  relid: string;
  dorder: string;
  cdate: string;
}

export interface FieldValueRecord {
  id: string;
  contact: string;
  field: string;
  value: string;
  cdate: string;
  udate: string;
}

/** A contact attribute written as `""` (or null): on the real API that wipes the stored value. */
export interface EmptyWrite {
  contactId: string;
  email: string;
  /** `firstName`, `lastName`, `phone`, or `field:<id>` for a custom field. */
  field: string;
  /** The value it had before ("" when it was already empty). */
  previous: string;
  /** Which endpoint wrote it. */
  via: 'contact/sync' | 'contacts' | 'fieldValues' | 'import/bulk_import';
  time: number;
}

export interface AccountRecord {
  id: string;
  name: string;
  accountUrl: string;
  owner: string;
  createdTimestamp: string;
  updatedTimestamp: string;
}

export type AccountFieldType =
  'text' | 'textarea' | 'date' | 'datetime' | 'dropdown' | 'multiselect' | 'radio' | 'checkbox' | 'hidden' | 'currency' | 'number' | (string & {});

export interface AccountFieldRecord {
  id: string;
  fieldLabel: string;
  fieldType: AccountFieldType;
  fieldOptions: string[] | null;
  fieldDefault: string | null;
  fieldDefaultCurrency: string | null;
  isRequired: number;
  displayOrder: number;
  personalization: string;
  createdTimestamp: string;
  updatedTimestamp: string;
}

export interface AccountFieldValueRecord {
  id: string;
  accountId: string;
  customFieldId: string;
  /** As stored: a string, a number (number, currency in cents) or a string array (multiselect, checkbox). */
  fieldValue: string | number | string[];
  /** Currency fields only, e.g. `USD`. */
  fieldCurrency: string | null;
  createdTimestamp: string;
  updatedTimestamp: string;
}

export interface AccountContactRecord {
  id: string;
  account: string;
  contact: string;
  jobTitle: string;
  createdTimestamp: string;
  updatedTimestamp: string;
}

export interface SchemaField {
  /** User-defined slug; `-` and `_` count as the same character. */
  id: string;
  labels: { singular: string; plural: string };
  type: string;
  required: boolean;
  scale?: number;
  options?: { id: string; value: string }[];
  /** Set on a field deleted in ActiveCampaign: listed only with `showFields=all`, and no longer writable. */
  status?: 'marked_for_deletion';
}

export interface SchemaRelationship {
  id: string;
  labels: { singular: string; plural: string };
  namespace: 'contacts' | 'accounts' | 'deals' | (string & {});
  hasMany: boolean;
}

export interface CustomObjectSchema {
  /** A uuid. */
  id: string;
  slug: string;
  visibility: 'private' | 'public';
  labels: { singular: string; plural: string };
  description: string;
  fields: SchemaField[];
  relationships: SchemaRelationship[];
  /** ISO 8601 UTC with milliseconds, e.g. `2024-03-01T15:00:00.123Z`. */
  createdTimestamp: string;
  updatedTimestamp: string;
}

export interface CustomObjectRecord {
  id: string;
  externalId: string | null;
  schemaId: string;
  /** Values by the schema's own field id. */
  fields: Record<string, unknown>;
  /** Related ids by relationship id. */
  relationships: Record<string, string[]>;
  /**
   * ISO 8601 UTC with milliseconds. Equal on a record never updated; an update always moves `updatedTimestamp`
   * past `createdTimestamp` (the real API's sub-second precision makes that so), which is how a client tells
   * whether an upsert created the record.
   */
  createdTimestamp: string;
  updatedTimestamp: string;
}

export interface ExclusionRecord {
  id: string;
  /** Stored lower-cased. */
  matchPhrase: string;
  /** `exact` matches the whole email; `contains` any substring (for domain-wide entries). */
  matchType: 'exact' | 'contains';
  channel: string;
  lists: string[];
  cdate: string;
}

export type ImportStatus = false | 'waiting' | 'active' | 'completed' | 'failed' | 'interrupted';

/** One contact of a bulk import, as sent (snake_case keys). */
export interface BulkContact {
  email: string;
  first_name?: unknown;
  last_name?: unknown;
  phone?: unknown;
  customer_acct_name?: unknown;
  tags?: unknown;
  fields?: unknown;
  subscribe?: unknown;
  unsubscribe?: unknown;
}

export interface ImportCallback {
  url: string;
  requestType: string;
  detailedResults: boolean;
  params: { key: string; value: string }[];
  headers: { key: string; value: string }[];
}

export interface ImportBatch {
  batchId: string;
  status: ImportStatus;
  /** The contacts as sent; emptied once processed, to keep memory bounded over long benchmarks. */
  contacts: BulkContact[];
  /** How many contacts the import holds. */
  contactCount: number;
  bytes: number;
  queuedAt: number;
  finishedAt: number | null;
  /** IDs of contacts this import created. */
  success: string[];
  /** Emails that failed or were skipped. */
  failure: string[];
  /** Why each failure email failed (our own detail; the real reasons reach only the callback). */
  failureReasons: { email: string; reason: string }[];
  excludeAutomations: boolean;
  callback: ImportCallback | null;
}

/** One POST /import/bulk_import, accepted or not: for "no 1-contact imports, ≤250 contacts, ≤400 KB" assertions. */
export interface BulkImportRequest {
  time: number;
  /** Contacts in the body (0 when it could not be parsed). */
  contacts: number;
  bytes: number;
  status: number;
  batchId: string | null;
}
