/** Contact custom fields: `/fields`, `/fieldRels`, `/fieldOption/bulk` and `/fieldValues`. */
import type { FakeApp } from '../app';
import { attributeError, errorBodies, noResult } from '../errors';
import { metaOf, pageOf, pagingOf } from '../paging';
import { idOf, isRecord, textOf } from '../body-values';
import type { RouteReply, Router } from '../router';
import type { FakeState } from '../state/fake-state';
import type { FieldOptionRecord, FieldRecord, FieldRelRecord } from '../state/records';
import { fieldValueJson } from './contact-json';

function fieldJson(f: FieldRecord, state: FakeState) {
  return {
    title: f.title,
    descript: f.descript,
    type: f.type,
    isrequired: f.isrequired,
    perstag: f.perstag,
    defval: f.defval,
    show_in_list: '0',
    rows: '0',
    cols: '0',
    visible: f.visible,
    service: '',
    ordernum: f.ordernum,
    cdate: f.cdate,
    udate: f.udate,
    options: state.fields.optionsOf(f.id).map((o) => o.id),
    relations: state.fields.relsOf(f.id).map((r) => r.id),
    links: { options: `/api/3/fields/${f.id}/options`, relations: `/api/3/fields/${f.id}/relations` },
    id: f.id,
  };
}

function optionJson(o: FieldOptionRecord) {
  return { ...o, links: { field: `/api/3/fieldOptions/${o.id}/field` } };
}

function relJson(r: FieldRelRecord) {
  return { ...r, links: { field: `/api/3/fieldRels/${r.id}/field` } };
}

export function registerFieldRoutes(router: Router, { state }: FakeApp): void {
  router.add('GET', '/fields', (req) => {
    const perstag = req.query.get('filters[perstag]');
    const all = state.fields.all().filter((f) => perstag === null || f.perstag.toLowerCase() === perstag.toLowerCase());
    const page = pageOf(all, pagingOf(req.query));
    return {
      status: 200,
      body: {
        fieldOptions: page.flatMap((f) => state.fields.optionsOf(f.id)).map(optionJson),
        fieldRels: page.flatMap((f) => state.fields.relsOf(f.id)).map(relJson),
        fields: page.map((f) => fieldJson(f, state)),
        meta: metaOf(all.length),
      },
    };
  });

  router.add('GET', '/fields/:id', (req) => {
    const field = state.fields.get(req.params.id);
    if (!field) return { status: 404, body: noResult('Field', req.params.id) };
    return {
      status: 200,
      body: {
        fieldOptions: state.fields.optionsOf(field.id).map(optionJson),
        fieldRels: state.fields.relsOf(field.id).map(relJson),
        field: fieldJson(field, state),
      },
    };
  });

  router.add('POST', '/fields', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.field) ? req.body.field : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('field') };
    const title = textOf(input.title)?.trim();
    if (!title) return { status: 422, body: attributeError('The field title was not provided.', 'field_missing', 'title') };
    const type = textOf(input.type);
    if (!type) return { status: 422, body: attributeError('The field type was not provided.', 'field_missing', 'type') };
    if (state.fields.findByTitle(title)) return { status: 422, body: errorBodies.fieldDuplicateTitle(title) };
    const field = state.fields.create({
      title,
      type,
      perstag: textOf(input.perstag) || undefined,
      descript: textOf(input.descript),
      defval: textOf(input.defval),
      isrequired: textOf(input.isrequired) === '1' || input.isrequired === true,
      visible: !(textOf(input.visible) === '0' || input.visible === false),
    });
    return { status: 201, body: { field: fieldJson(field, state) } };
  });

  router.add('POST', '/fieldRels', (req) => {
    const input = isRecord(req.body) && isRecord(req.body.fieldRel) ? req.body.fieldRel : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('fieldRel') };
    const fieldId = idOf(input.field);
    const relid = idOf(input.relid ?? 0);
    if (fieldId === null || !state.fields.get(fieldId)) return { status: 404, body: noResult('Field', String(input.field)) };
    if (relid === null || (relid !== '0' && !state.lists.get(relid))) return { status: 404, body: noResult('List', String(input.relid)) };
    return { status: 201, body: { fieldRel: relJson(state.fields.addRel(fieldId, relid)) } };
  });

  router.add('POST', '/fieldOption/bulk', (req) => {
    const input = isRecord(req.body) ? req.body.fieldOptions : null;
    if (!Array.isArray(input) || input.length === 0) return { status: 422, body: errorBodies.missingAttribute('fieldOptions') };
    const planned: { field: string; value: string; label: string; orderid?: number }[] = [];
    for (const [index, raw] of input.entries()) {
      const fieldId = isRecord(raw) ? idOf(raw.field) : null;
      const value = isRecord(raw) ? textOf(raw.value) : undefined;
      if (!isRecord(raw) || fieldId === null || !state.fields.get(fieldId)) {
        return {
          status: 422,
          body: attributeError(`fieldOptions[${index}] names no existing field.`, 'related_missing', `fieldOptions/${index}/field`),
        };
      }
      if (value === undefined || value === '') {
        return { status: 422, body: attributeError(`fieldOptions[${index}] has no value.`, 'field_missing', `fieldOptions/${index}/value`) };
      }
      planned.push({ field: fieldId, value, label: textOf(raw.label) ?? value, orderid: Number(raw.orderid) || undefined });
    }
    const created = planned.map((o) => state.fields.addOption(o.field, o.value, o.label, o.orderid));
    return { status: 201, body: { fieldOptions: created.map(optionJson) } };
  });

  router.add('GET', '/fieldValues', (req) => {
    const fieldid = req.query.get('filters[fieldid]');
    const val = req.query.get('filters[val]');
    const all = [...state.fields.allValues()].filter((v) => (fieldid === null || v.field === fieldid) && (val === null || v.value === val));
    return { status: 200, body: { fieldValues: pageOf(all, pagingOf(req.query)).map(fieldValueJson), meta: metaOf(all.length) } };
  });

  router.add('GET', '/fieldValues/:id', (req) => {
    const value = state.fields.getValueById(req.params.id);
    if (!value) return { status: 404, body: noResult('FieldValue', req.params.id) };
    return { status: 200, body: { fieldValue: fieldValueJson(value) } };
  });

  const writeValue = (body: unknown, existingId: string | null): RouteReply => {
    const input = isRecord(body) && isRecord(body.fieldValue) ? body.fieldValue : null;
    if (!input) return { status: 422, body: errorBodies.missingAttribute('fieldValue') };
    const existing = existingId === null ? undefined : state.fields.getValueById(existingId);
    const contactId = idOf(input.contact) ?? existing?.contact ?? null;
    const contact = contactId === null ? undefined : state.contacts.get(contactId);
    if (!contact) return { status: 404, body: noResult('Subscriber', String(input.contact)) };
    const resolved = state.fields.resolve(input.field ?? existing?.field, input.value);
    if (!resolved.ok)
      return { status: 422, body: attributeError(resolved.reason, resolved.code, resolved.code === 'related_missing' ? 'field' : 'value') };
    const prior = state.fields.getValue(contact.id, resolved.field.id);
    const record = state.fields.setValue(contact, resolved.field.id, resolved.value, 'fieldValues');
    return { status: existing || prior ? 200 : 201, body: { contacts: [], fieldValue: fieldValueJson(record) } };
  };

  router.add('POST', '/fieldValues', (req) => writeValue(req.body, null));

  router.add('PUT', '/fieldValues/:id', (req) => {
    if (!state.fields.getValueById(req.params.id)) return { status: 404, body: noResult('FieldValue', req.params.id) };
    return writeValue(req.body, req.params.id);
  });
}
