import { randomUUID } from 'node:crypto';
import type { CustomObjectRecord, CustomObjectSchema, SchemaField, SchemaRelationship } from './records';

export interface NewSchema {
  slug: string;
  labels?: { singular: string; plural: string };
  description?: string;
  visibility?: 'private' | 'public';
  fields: (Omit<SchemaField, 'labels' | 'required'> & { labels?: SchemaField['labels']; required?: boolean })[];
  relationships?: (Omit<SchemaRelationship, 'labels' | 'hasMany'> & { labels?: SchemaRelationship['labels']; hasMany?: boolean })[];
}

/** Field ids treat `-` and `_` as the same character. */
export function canonicalFieldId(id: string): string {
  return id.replace(/_/g, '-');
}

function labelsOf(id: string): { singular: string; plural: string } {
  const words = id.replace(/[-_]+/g, ' ');
  return { singular: words, plural: `${words}s` };
}

/** Custom objects' timestamps: ISO 8601 in UTC with milliseconds, unlike the rest of the API (our guess). */
function isoNow(notBefore?: string): string {
  const now = Date.now();
  return new Date(notBefore === undefined ? now : Math.max(now, Date.parse(notBefore) + 1)).toISOString();
}

/** Custom object schemas and their records, indexed by id and by externalId per schema. */
export class CustomObjectStore {
  private readonly schemas = new Map<string, CustomObjectSchema>();
  private readonly records = new Map<string, Map<string, CustomObjectRecord>>();
  private readonly byExternalId = new Map<string, Map<string, string>>();
  private lastRecordId = 0;

  get recordCount(): number {
    let n = 0;
    for (const records of this.records.values()) n += records.size;
    return n;
  }

  createSchema(input: NewSchema): CustomObjectSchema {
    const now = isoNow();
    const schema: CustomObjectSchema = {
      id: randomUUID(),
      slug: input.slug,
      visibility: input.visibility ?? 'private',
      labels: input.labels ?? labelsOf(input.slug),
      description: input.description ?? '',
      fields: input.fields.map((f) => ({ ...f, labels: f.labels ?? labelsOf(f.id), required: f.required ?? false })),
      relationships: (input.relationships ?? []).map((r) => ({ ...r, labels: r.labels ?? labelsOf(r.id), hasMany: r.hasMany ?? false })),
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.schemas.set(schema.id, schema);
    this.records.set(schema.id, new Map());
    this.byExternalId.set(schema.id, new Map());
    return schema;
  }

  getSchema(id: string): CustomObjectSchema | undefined {
    return this.schemas.get(id);
  }

  allSchemas(): CustomObjectSchema[] {
    return [...this.schemas.values()];
  }

  field(schema: CustomObjectSchema, id: string): SchemaField | undefined {
    const key = canonicalFieldId(id);
    return schema.fields.find((f) => canonicalFieldId(f.id) === key);
  }

  relationship(schema: CustomObjectSchema, id: string): SchemaRelationship | undefined {
    const key = canonicalFieldId(id);
    return schema.relationships.find((r) => canonicalFieldId(r.id) === key);
  }

  get(schemaId: string, recordId: string): CustomObjectRecord | undefined {
    return this.records.get(schemaId)?.get(recordId);
  }

  findByExternalId(schemaId: string, externalId: string): CustomObjectRecord | undefined {
    const id = this.byExternalId.get(schemaId)?.get(externalId);
    return id === undefined ? undefined : this.get(schemaId, id);
  }

  recordsOf(schemaId: string): CustomObjectRecord[] {
    return [...(this.records.get(schemaId)?.values() ?? [])];
  }

  create(schemaId: string, externalId: string | null): CustomObjectRecord {
    const now = isoNow();
    this.lastRecordId += 1;
    const record: CustomObjectRecord = {
      id: String(this.lastRecordId),
      externalId,
      schemaId,
      fields: {},
      relationships: {},
      createdTimestamp: now,
      updatedTimestamp: now,
    };
    this.records.get(schemaId)!.set(record.id, record);
    if (externalId !== null) this.byExternalId.get(schemaId)!.set(externalId, record.id);
    return record;
  }

  /** Marks an update: `updatedTimestamp` moves to now, and always past the record's previous timestamps. */
  touch(record: CustomObjectRecord): void {
    record.updatedTimestamp = isoNow(record.updatedTimestamp);
  }

  /** Marks a schema field deleted, as ActiveCampaign does before removing it (`status: "marked_for_deletion"`). */
  markFieldForDeletion(schemaId: string, fieldId: string): SchemaField {
    const schema = this.schemas.get(schemaId);
    const field = schema && this.field(schema, fieldId);
    if (!field) throw new Error(`schema ${schemaId} has no field ${fieldId}`);
    field.status = 'marked_for_deletion';
    return field;
  }

  delete(schemaId: string, recordId: string): boolean {
    const record = this.get(schemaId, recordId);
    if (!record) return false;
    this.records.get(schemaId)!.delete(recordId);
    if (record.externalId !== null) this.byExternalId.get(schemaId)!.delete(record.externalId);
    return true;
  }
}
