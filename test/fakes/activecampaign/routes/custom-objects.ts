/** Custom objects: schema fixtures, and records upserted by id/externalId (activecampaign-api.md §8). */
import type { FakeApp } from '../app';
import { customObjectInvalid, errorBodies } from '../errors';
import { pagingOf } from '../paging';
import { idOf, isRecord, textOf } from '../body-values';
import type { RouteReply, Router } from '../router';
import { checkDate, checkDatetime } from '../state/field-value-rules';
import type { FakeState } from '../state/fake-state';
import type { CustomObjectRecord, CustomObjectSchema, SchemaField } from '../state/records';

const NOT_FOUND: RouteReply = { status: 404, body: errorBodies.notFound };

function recordJson(r: CustomObjectRecord) {
  return {
    id: r.id,
    externalId: r.externalId,
    schemaId: r.schemaId,
    fields: Object.entries(r.fields).map(([id, value]) => ({ id, value })),
    relationships: r.relationships,
    createdTimestamp: r.createdTimestamp,
    updatedTimestamp: r.updatedTimestamp,
  };
}

/** A schema as listed: fields marked for deletion appear (with their `status`) only when `showFields=all`. */
function schemaJson(s: CustomObjectSchema, query: URLSearchParams) {
  const all = query.get('showFields') === 'all';
  return { ...s, fields: all ? s.fields : s.fields.filter((f) => f.status !== 'marked_for_deletion'), appId: null };
}

/** Checks a value against the field's type; only `number` is confirmed, date and datetime follow contact fields. */
function checkValue(field: SchemaField, value: unknown, state: FakeState): { ok: true; value: unknown } | { ok: false; detail: string } {
  if (value === null) return { ok: true, value };
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, detail: `${field.id} must be a number.` };
    }
    case 'date':
    case 'datetime': {
      if (typeof value !== 'string') return { ok: false, detail: `${field.id} must be a ${field.type} string.` };
      const check = field.type === 'date' ? checkDate(value) : checkDatetime(value, state.clock);
      return check.ok ? check : { ok: false, detail: `${field.id}: ${check.reason}.` };
    }
    default:
      return { ok: true, value };
  }
}

interface RecordWrite {
  fields: [string, unknown][];
  relationships: [string, string[]][];
}

function parseRecord(input: Record<string, unknown>, schema: CustomObjectSchema, app: FakeApp): RecordWrite | RouteReply {
  const { state } = app;
  const write: RecordWrite = { fields: [], relationships: [] };
  if (input.fields !== undefined && !Array.isArray(input.fields)) return { status: 400, body: errorBodies.badRequest };
  for (const entry of (input.fields ?? []) as unknown[]) {
    if (!isRecord(entry) || typeof entry.id !== 'string') return { status: 400, body: errorBodies.badRequest };
    const field = state.customObjects.field(schema, entry.id);
    if (!field || field.status === 'marked_for_deletion') return { status: 422, body: errorBodies.customObjectInvalidField(entry.id) };
    const check = checkValue(field, entry.value, state);
    if (!check.ok) return { status: 422, body: customObjectInvalid(`Invalid value for field "${entry.id}"`, check.detail, entry.id) };
    write.fields.push([field.id, check.value]);
  }
  if (input.relationships !== undefined && !isRecord(input.relationships)) return { status: 400, body: errorBodies.badRequest };
  for (const [key, raw] of Object.entries((input.relationships ?? {}) as Record<string, unknown>)) {
    const rel = state.customObjects.relationship(schema, key);
    const invalid = (detail: string) => ({
      status: 422,
      body: customObjectInvalid(`Invalid value for relationship "${key}"`, detail, `relationships/${key}`),
    });
    if (!rel) return invalid(`${key} is not a relationship defined in the schema.`);
    const ids = (Array.isArray(raw) ? raw : [raw]).map(idOf);
    if (ids.some((id) => id === null)) return invalid(`${key} takes an array of ids.`);
    if (!rel.hasMany && ids.length > 1) return invalid(`${key} relates to at most one record.`);
    if (rel.namespace === 'contacts') {
      const missing = ids.find((id) => !state.contacts.get(id!));
      if (missing) return invalid(`contact ${missing} does not exist.`);
    }
    if (rel.namespace === 'accounts') {
      const missing = ids.find((id) => !state.accounts.get(id!));
      if (missing) return invalid(`account ${missing} does not exist.`);
    }
    write.relationships.push([rel.id, ids as string[]]);
  }
  return write;
}

/**
 * The documented matrix: id match with the same (or no) externalId → update it; id match with another
 * externalId, or no id match → the record holding that externalId, or a new one; neither → new.
 */
function targetOf(app: FakeApp, schemaId: string, id: string | null, externalId: string | null): CustomObjectRecord | null {
  const store = app.state.customObjects;
  const byId = id === null ? undefined : store.get(schemaId, id);
  if (byId && (externalId === null || byId.externalId === externalId)) return byId;
  return externalId === null ? null : (store.findByExternalId(schemaId, externalId) ?? null);
}

export function registerCustomObjectRoutes(router: Router, app: FakeApp): void {
  const store = app.state.customObjects;

  router.add('GET', '/customObjects/schemas', (req) => {
    const paging = pagingOf(req.query);
    const all = store.allSchemas();
    const page = all.slice(paging.offset, paging.offset + paging.limit);
    return {
      status: 200,
      body: {
        schemas: page.map((schema) => schemaJson(schema, req.query)),
        meta: { total: all.length, count: page.length, limit: paging.limit, offset: paging.offset },
      },
    };
  });

  router.add('GET', '/customObjects/schemas/:id', (req) => {
    const schema = store.getSchema(req.params.id);
    return schema ? { status: 200, body: { schema: schemaJson(schema, req.query) } } : NOT_FOUND;
  });

  router.add('POST', '/customObjects/records/:schemaId', (req) => {
    const schema = store.getSchema(req.params.schemaId);
    if (!schema) return NOT_FOUND;
    const input = isRecord(req.body) && isRecord(req.body.record) ? req.body.record : null;
    if (!input) return { status: 400, body: errorBodies.badRequest };
    const externalId = input.externalId === undefined || input.externalId === null ? null : (textOf(input.externalId) ?? null);
    const id = input.id === undefined || input.id === null ? null : (textOf(input.id) ?? null);
    const write = parseRecord(input, schema, app);
    if ('status' in write) return write;
    let record = targetOf(app, schema.id, id, externalId);
    if (!record) {
      const given = new Set(write.fields.map(([fieldId]) => fieldId));
      const missing = schema.fields.find((f) => f.required && f.status !== 'marked_for_deletion' && !given.has(f.id));
      if (missing)
        return { status: 422, body: customObjectInvalid(`Missing value for field "${missing.id}"`, `${missing.id} is required.`, missing.id) };
      record = store.create(schema.id, externalId);
    } else {
      store.touch(record);
    }
    for (const [fieldId, value] of write.fields) record.fields[fieldId] = value;
    for (const [relId, ids] of write.relationships) record.relationships[relId] = ids;
    return { status: 201, body: { record: recordJson(record) } };
  });

  router.add('GET', '/customObjects/records/:schemaId', (req) => {
    if (!store.getSchema(req.params.schemaId)) return NOT_FOUND;
    let records = store.recordsOf(req.params.schemaId);
    for (const [key, value] of req.query.entries()) {
      const m = /^filters\[relationships\.([^\]]+)\]\[eq\]$/.exec(key);
      if (m) records = records.filter((r) => (r.relationships[m[1]] ?? []).includes(value));
    }
    const paging = pagingOf(req.query);
    const page = records.slice(paging.offset, paging.offset + paging.limit);
    return {
      status: 200,
      body: { records: page.map(recordJson), meta: { total: records.length, count: page.length, limit: paging.limit, offset: paging.offset } },
    };
  });

  router.add('GET', '/customObjects/records/:schemaId/external/:externalId', (req) => {
    const record = store.findByExternalId(req.params.schemaId, req.params.externalId);
    return record ? { status: 200, body: { record: recordJson(record) } } : NOT_FOUND;
  });

  router.add('GET', '/customObjects/records/:schemaId/:recordId', (req) => {
    const record = store.get(req.params.schemaId, req.params.recordId);
    return record ? { status: 200, body: { record: recordJson(record) } } : NOT_FOUND;
  });

  router.add('DELETE', '/customObjects/records/:schemaId/external/:externalId', (req) => {
    const record = store.findByExternalId(req.params.schemaId, req.params.externalId);
    if (!record) return NOT_FOUND;
    store.delete(record.schemaId, record.id);
    return { status: 202 };
  });

  router.add('DELETE', '/customObjects/records/:schemaId/:recordId', (req) => {
    if (!store.delete(req.params.schemaId, req.params.recordId)) return NOT_FOUND;
    return { status: 202 };
  });
}
