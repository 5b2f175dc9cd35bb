import type { Clock } from './clock';
import type { EmptyWriteLog } from './empty-writes';
import { idOf } from '../body-values';
import { checkContactFieldValue, valueToString, type ValueCheck } from './field-value-rules';
import { IdSequence } from './id-sequence';
import type { ContactRecord, EmptyWrite, FieldOptionRecord, FieldRecord, FieldRelRecord, FieldValueRecord } from './records';

export interface NewField {
  title: string;
  type: string;
  perstag?: string;
  descript?: string;
  defval?: string;
  isrequired?: boolean;
  visible?: boolean;
}

export type ResolvedValue =
  { ok: true; field: FieldRecord; value: string } | { ok: false; code: 'related_missing' | 'field_invalid'; reason: string };

/** Contact custom fields, their options and list relations, and their values per contact. */
export class FieldStore {
  private readonly fields = new Map<string, FieldRecord>();
  private readonly byTitle = new Map<string, string>();
  private readonly options = new Map<string, FieldOptionRecord[]>();
  private readonly rels = new Map<string, FieldRelRecord>();
  private readonly fieldValues = new Map<string, FieldValueRecord>();
  /** contact id → its values (a short array: one per field it has). */
  private readonly byContact = new Map<string, FieldValueRecord[]>();
  private readonly fieldIds = new IdSequence();
  private readonly optionIds = new IdSequence();
  private readonly relIds = new IdSequence();
  private readonly valueIds = new IdSequence();

  constructor(
    private readonly clock: Clock,
    private readonly emptyWrites: EmptyWriteLog,
    private readonly validate: boolean,
  ) {}

  get size(): number {
    return this.fields.size;
  }

  get valueCount(): number {
    return this.fieldValues.size;
  }

  get(id: string): FieldRecord | undefined {
    return this.fields.get(id);
  }

  findByTitle(title: string): FieldRecord | undefined {
    const id = this.byTitle.get(title.trim().toLowerCase());
    return id === undefined ? undefined : this.fields.get(id);
  }

  all(): FieldRecord[] {
    return [...this.fields.values()];
  }

  create(input: NewField): FieldRecord {
    const now = this.clock.format();
    const field: FieldRecord = {
      id: this.fieldIds.next(),
      title: input.title,
      descript: input.descript ?? '',
      type: input.type,
      isrequired: input.isrequired ? '1' : '0',
      perstag:
        input.perstag ??
        input.title
          .toUpperCase()
          .replace(/[^A-Z0-9]+/g, '_')
          .replace(/^_|_$/g, ''),
      defval: input.defval ?? '',
      visible: input.visible === false ? '0' : '1',
      ordernum: String(this.fields.size + 1),
      cdate: now,
      udate: now,
    };
    this.fields.set(field.id, field);
    this.byTitle.set(field.title.trim().toLowerCase(), field.id);
    this.options.set(field.id, []);
    return field;
  }

  addOption(fieldId: string, value: string, label = value, orderid?: number): FieldOptionRecord {
    const list = this.options.get(fieldId)!;
    const now = this.clock.format();
    const option: FieldOptionRecord = {
      id: this.optionIds.next(),
      field: fieldId,
      value,
      label,
      orderid: String(orderid ?? list.length + 1),
      isdefault: '0',
      cdate: now,
      udate: now,
    };
    list.push(option);
    return option;
  }

  optionsOf(fieldId: string): FieldOptionRecord[] {
    return this.options.get(fieldId) ?? [];
  }

  addRel(fieldId: string, relid: string): FieldRelRecord {
    const rel: FieldRelRecord = { id: this.relIds.next(), field: fieldId, relid, dorder: '0', cdate: this.clock.format() };
    this.rels.set(rel.id, rel);
    return rel;
  }

  relsOf(fieldId: string): FieldRelRecord[] {
    return [...this.rels.values()].filter((r) => r.field === fieldId);
  }

  /** Checks `value` against the field's type (when validation is on) and returns the value to store. */
  check(field: FieldRecord, value: string): ValueCheck {
    if (!this.validate) return { ok: true, value };
    const options = this.optionsOf(field.id).map((o) => o.value);
    return checkContactFieldValue(field.type, value, options, this.clock);
  }

  /**
   * Resolves a request's field reference (an id, int or string) and value: `related_missing` when no field has
   * that id (a title or perstag is not accepted), `field_invalid` when the value does not fit the field's type.
   */
  resolve(fieldRef: unknown, raw: unknown): ResolvedValue {
    const id = idOf(fieldRef);
    const field = id === null ? undefined : this.fields.get(id);
    if (!field) {
      return { ok: false, code: 'related_missing', reason: `No custom field has the id ${JSON.stringify(fieldRef)}: reference fields by id` };
    }
    const text = valueToString(raw);
    if (text === null) return { ok: false, code: 'field_invalid', reason: `the value of field ${field.id} (${field.title}) must be a string` };
    const check = this.check(field, text);
    if (!check.ok) return { ok: false, code: 'field_invalid', reason: `field ${field.id} (${field.title}, ${field.type}): ${check.reason}` };
    return { ok: true, field, value: check.value };
  }

  getValue(contactId: string, fieldId: string): FieldValueRecord | undefined {
    return this.byContact.get(contactId)?.find((v) => v.field === fieldId);
  }

  getValueById(id: string): FieldValueRecord | undefined {
    return this.fieldValues.get(id);
  }

  valuesOf(contactId: string): FieldValueRecord[] {
    return [...(this.byContact.get(contactId) ?? [])];
  }

  allValues(): IterableIterator<FieldValueRecord> {
    return this.fieldValues.values();
  }

  /** One value per contact and field: creates or overwrites it ("" is stored and logged as an empty write). */
  setValue(contact: ContactRecord, fieldId: string, value: string, via: EmptyWrite['via']): FieldValueRecord {
    const now = this.clock.format();
    let record = this.getValue(contact.id, fieldId);
    if (value === '') {
      this.emptyWrites.record({ contactId: contact.id, email: contact.email, field: `field:${fieldId}`, previous: record?.value ?? '', via });
    }
    if (record) {
      record.value = value;
      record.udate = now;
      return record;
    }
    record = { id: this.valueIds.next(), contact: contact.id, field: fieldId, value, cdate: now, udate: now };
    this.fieldValues.set(record.id, record);
    const perContact = this.byContact.get(contact.id);
    if (perContact) perContact.push(record);
    else this.byContact.set(contact.id, [record]);
    return record;
  }

  deleteValuesOf(contactId: string): void {
    for (const value of this.byContact.get(contactId) ?? []) this.fieldValues.delete(value.id);
    this.byContact.delete(contactId);
  }
}
