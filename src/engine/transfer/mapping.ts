import type { FieldMapping, SyncKey } from '../../entities';
import { FailedPreconditionError } from '../../errors';
import type { CoerceResult, DestinationField, DestinationObject, DestinationRecord, Row } from '../../plugins/contract';

/** What the mapper needs of a sync. */
export interface MappingSpec {
  object: string;
  syncKey: SyncKey;
  mappings: FieldMapping[];
}

export type Coerce = (field: DestinationField, value: unknown) => CoerceResult;

/** A row that cannot be written, with the reason and as much of its record as could be mapped. */
export interface MappingRejection {
  key: string;
  reason: string;
  record: Record<string, unknown>;
}

export type MappedRow = { ok: true; record: DestinationRecord } | ({ ok: false } & MappingRejection);

interface ColumnField {
  column: string;
  field: DestinationField;
}

/**
 * Turns model rows into destination records: the sync key column becomes `record.key` (and the identifier
 * field), each mapped column or constant goes through the destination's `coerce`. Empty values are left out.
 */
export class RecordMapper {
  private readonly keyField: DestinationField;
  private readonly columns: ColumnField[] = [];
  private readonly constants: Record<string, unknown> = {};
  private checked = false;

  /** The sync key field's label, for messages. */
  get keyLabel(): string {
    return this.keyField.label;
  }

  constructor(
    private readonly spec: MappingSpec,
    object: DestinationObject,
    private readonly coerce: Coerce,
  ) {
    const fields = new Map(object.fields.map((field) => [field.key, field]));
    const fieldFor = (key: string, what: string): DestinationField => {
      const field = fields.get(key);
      if (!field) {
        throw new FailedPreconditionError(
          `${object.label} no longer has the field "${key}" (${what}): edit the sync's mappings to use one of ${[...fields.keys()].map((k) => `"${k}"`).join(', ')}`,
        );
      }
      return field;
    };
    this.keyField = fieldFor(spec.syncKey.field, 'the sync key');
    for (const mapping of spec.mappings) {
      const field = fieldFor(mapping.to, mapping.from ? `mapped from column "${mapping.from}"` : 'mapped from a constant');
      if (mapping.from) {
        this.columns.push({ column: mapping.from, field });
        continue;
      }
      const coerced = coerce(field, mapping.constant);
      if (!coerced.ok)
        throw new FailedPreconditionError(`The constant mapped to ${mapping.to} cannot be written: ${coerced.reason}; edit the sync's mappings`);
      if (coerced.value !== null && coerced.value !== undefined) this.constants[field.key] = coerced.value;
    }
  }

  /** Every field key a record of this mapper can have. */
  get fieldKeys(): string[] {
    return [this.keyField.key, ...Object.keys(this.constants), ...this.columns.map((c) => c.field.key)];
  }

  /** Fails the run when the model no longer returns a column the sync reads (checked on the first row). */
  private checkColumns(row: Row): void {
    const needed = [this.spec.syncKey.column, ...this.columns.map((c) => c.column)];
    const missing = needed.filter((column) => !(column in row));
    if (missing.length > 0) {
      throw new FailedPreconditionError(
        `The model no longer returns the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} that the sync reads: add ${missing.length > 1 ? 'them' : 'it'} back to the model's SQL or edit the sync`,
      );
    }
    this.checked = true;
  }

  private keyOf(row: Row): { key: string } | { key: string; reason: string } {
    const raw = row[this.spec.syncKey.column];
    const shown = raw === null || raw === undefined ? '' : String(raw);
    const coerced = this.coerce(this.keyField, raw);
    if (!coerced.ok) return { key: shown, reason: `Sync key: ${coerced.reason}` };
    const value = coerced.value;
    if (value === null || value === undefined || String(value).trim() === '') {
      return {
        key: '',
        reason: `The sync key column "${this.spec.syncKey.column}" is empty: every row needs a ${this.keyField.label} to be matched`,
      };
    }
    if (typeof value === 'object')
      return { key: shown, reason: `The sync key column "${this.spec.syncKey.column}" holds a list or an object; it must hold one value` };
    return { key: String(value).trim() };
  }

  map(row: Row): MappedRow {
    if (!this.checked) this.checkColumns(row);
    const key = this.keyOf(row);
    const fields: Record<string, unknown> = { [this.keyField.key]: key.key, ...this.constants };
    const reasons: string[] = 'reason' in key ? [key.reason] : [];
    for (const { column, field } of this.columns) {
      const value = row[column];
      const coerced = this.coerce(field, value);
      if (!coerced.ok) {
        reasons.push(coerced.reason);
        fields[field.key] = value;
      } else if (coerced.value !== null && coerced.value !== undefined) {
        fields[field.key] = coerced.value;
      }
    }
    if (reasons.length > 0) return { ok: false, key: key.key, reason: reasons.join('; '), record: fields };
    return { ok: true, record: { key: key.key, fields } };
  }
}
