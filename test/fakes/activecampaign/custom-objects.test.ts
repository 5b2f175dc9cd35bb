import assert from 'node:assert/strict';
import { beforeAll, describe, test } from '@jest/globals';
import type { CustomObjectSchema } from './state/records';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: custom objects', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });
  let schema: CustomObjectSchema;
  let contactId: string;
  beforeAll(() => {
    schema = ac.state.addSchema({
      slug: 'subscription',
      fields: [
        { id: 'my-number-field', type: 'number', scale: 0 },
        { id: 'plan_name', type: 'text' },
      ],
      relationships: [{ id: 'primary-contact', namespace: 'contacts' }],
    });
    contactId = ac.state.addContact({ email: 'owner@example.com' }).id;
  });

  const records = () => ac.state.customObjects.recordsOf(schema.id);

  test('GET /customObjects/schemas lists fixtures with a numeric meta and caps limit at 100', async () => {
    for (let i = 0; i < 3; i += 1) ac.state.addSchema({ slug: `extra-${i}`, fields: [] });
    const reply = await api.get('/customObjects/schemas?limit=2&offset=1');
    assert.deepEqual(reply.body.meta, { total: 4, count: 2, limit: 2, offset: 1 });
    const capped = await api.get('/customObjects/schemas?limit=1000');
    assert.equal(capped.body.meta.limit, 100);
    const mine = capped.body.schemas.find((s: { id: string }) => s.id === schema.id);
    assert.match(mine.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(mine.relationships, [
      { id: 'primary-contact', namespace: 'contacts', hasMany: false, labels: { singular: 'primary contact', plural: 'primary contacts' } },
    ]);
    assert.equal(mine.fields[0].type, 'number');
  });

  test('the id/externalId upsert matrix', async () => {
    const post = (record: unknown) => api.post(`/customObjects/records/${schema.id}`, { record });

    const created = await post({
      externalId: 'ext-1',
      fields: [{ id: 'my-number-field', value: 100 }],
      relationships: { 'primary-contact': [Number(contactId)] },
    });
    assert.equal(created.status, 201);
    const first = created.body.record;
    assert.equal(first.externalId, 'ext-1');
    assert.equal(first.schemaId, schema.id);
    assert.deepEqual(first.relationships, { 'primary-contact': [contactId] });

    const byExternal = await post({ externalId: 'ext-1', fields: [{ id: 'my-number-field', value: 200 }] });
    assert.equal(byExternal.status, 201);
    assert.equal(byExternal.body.record.id, first.id, 'no id match, externalId matches → update');

    const byIdOnly = await post({ id: first.id, fields: [{ id: 'plan_name', value: 'Pro' }] });
    assert.equal(byIdOnly.body.record.id, first.id, 'id matches, externalId omitted → update');

    const byBoth = await post({ id: first.id, externalId: 'ext-1', fields: [{ id: 'my_number_field', value: 300 }] });
    assert.equal(byBoth.body.record.id, first.id, 'id and externalId match → update (- and _ are the same)');

    const idOtherExternal = await post({ id: first.id, externalId: 'ext-2', fields: [{ id: 'my-number-field', value: 1 }] });
    assert.notEqual(idOtherExternal.body.record.id, first.id, 'id matches but externalId differs → new record');
    assert.equal(idOtherExternal.body.record.externalId, 'ext-2');

    const neither = await post({ id: '987654', externalId: 'ext-3' });
    assert.notEqual(neither.body.record.id, '987654', 'neither matches → created with its own id');

    assert.equal(records().length, 3);
    const stored = ac.state.customObjects.findByExternalId(schema.id, 'ext-1')!;
    assert.deepEqual(stored.fields, { 'my-number-field': 300, plan_name: 'Pro' });
  });

  test('timestamps are ISO UTC with milliseconds: equal on create, updatedTimestamp moves past createdTimestamp on update', async () => {
    const post = (fields: unknown[]) => api.post(`/customObjects/records/${schema.id}`, { record: { externalId: 'stamped', fields } });
    const created = (await post([{ id: 'my-number-field', value: 1 }])).body.record;
    assert.match(created.createdTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.equal(created.updatedTimestamp, created.createdTimestamp);
    const updated = (await post([{ id: 'my-number-field', value: 2 }])).body.record;
    assert.equal(updated.createdTimestamp, created.createdTimestamp);
    assert.ok(Date.parse(updated.updatedTimestamp) > Date.parse(created.createdTimestamp), 'even within the same millisecond');
    const again = (await post([])).body.record;
    assert.ok(Date.parse(again.updatedTimestamp) > Date.parse(updated.updatedTimestamp));
  });

  test('a field marked for deletion is listed only with showFields=all, with its status, and can no longer be written', async () => {
    const doomed = ac.state.addSchema({
      slug: 'doomed',
      fields: [
        { id: 'keep', type: 'text' },
        { id: 'gone', type: 'text', required: true },
      ],
    });
    ac.state.customObjects.markFieldForDeletion(doomed.id, 'gone');
    const fieldsOf = async (query: string) =>
      (await api.get(`/customObjects/schemas${query}`)).body.schemas
        .find((s: { id: string }) => s.id === doomed.id)
        .fields.map((f: { id: string; status?: string }) => [f.id, f.status]);
    assert.deepEqual(await fieldsOf('?limit=100'), [['keep', undefined]]);
    assert.deepEqual(await fieldsOf('?limit=100&showFields=all'), [
      ['keep', undefined],
      ['gone', 'marked_for_deletion'],
    ]);
    const one = await api.get(`/customObjects/schemas/${doomed.id}?showFields=all`);
    assert.equal(one.body.schema.fields.length, 2);
    const write = await api.post(`/customObjects/records/${doomed.id}`, { record: { externalId: 'd-1', fields: [{ id: 'gone', value: 'x' }] } });
    assert.equal(write.status, 422);
    const withoutIt = await api.post(`/customObjects/records/${doomed.id}`, { record: { externalId: 'd-1', fields: [{ id: 'keep', value: 'x' }] } });
    assert.equal(withoutIt.status, 201, 'a required field marked for deletion is no longer required');
  });

  test('an unknown field is 422 with source {type,value}; an unknown schema is 404 {"message":"Not Found"}', async () => {
    const count = records().length;
    const bad = await api.post(`/customObjects/records/${schema.id}`, { record: { externalId: 'bad', fields: [{ id: 'x', value: 1 }] } });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body, {
      errors: [
        {
          title: 'Invalid value for field "x"',
          detail: 'x cannot accept a value that is not defined in the schema.',
          source: { type: 'pointer', value: '/data/attributes/x' },
        },
      ],
    });
    const notNumber = await api.post(`/customObjects/records/${schema.id}`, {
      record: { externalId: 'bad', fields: [{ id: 'my-number-field', value: 'lots' }] },
    });
    assert.equal(notNumber.status, 422);
    const unknownContact = await api.post(`/customObjects/records/${schema.id}`, {
      record: { externalId: 'bad', relationships: { 'primary-contact': [99999] } },
    });
    assert.equal(unknownContact.status, 422);
    assert.equal(records().length, count);
    const noSchema = await api.post('/customObjects/records/00000000-0000-0000-0000-000000000000', { record: { externalId: 'x' } });
    assert.equal(noSchema.status, 404);
    assert.deepEqual(noSchema.body, { message: 'Not Found' });
    const malformed = await api.post(`/customObjects/records/${schema.id}`, { nope: true });
    assert.deepEqual(malformed.body, { errors: [{ status: 400, title: 'Bad Request' }] });
  });

  test('records list with the relationship filter; GET by id and by externalId', async () => {
    const other = ac.state.addContact({ email: 'other@example.com' }).id;
    await api.post(`/customObjects/records/${schema.id}`, { record: { externalId: 'rel-other', relationships: { 'primary-contact': [other] } } });
    const filtered = await api.get(`/customObjects/records/${schema.id}?filters[relationships.primary-contact][eq]=${other}`);
    assert.deepEqual(
      filtered.body.records.map((r: { externalId: string }) => r.externalId),
      ['rel-other'],
    );
    assert.equal(filtered.body.meta.total, 1);
    const record = ac.state.customObjects.findByExternalId(schema.id, 'rel-other')!;
    assert.equal((await api.get(`/customObjects/records/${schema.id}/${record.id}`)).body.record.externalId, 'rel-other');
    assert.equal((await api.get(`/customObjects/records/${schema.id}/external/rel-other`)).body.record.id, record.id);
  });

  test('DELETE by id or by externalId answers 202; an unknown record is 404', async () => {
    const a = (await api.post(`/customObjects/records/${schema.id}`, { record: { externalId: 'del-a' } })).body.record;
    await api.post(`/customObjects/records/${schema.id}`, { record: { externalId: 'del-b' } });
    const byId = await api.delete(`/customObjects/records/${schema.id}/${a.id}`);
    assert.equal(byId.status, 202);
    const byExternal = await api.delete(`/customObjects/records/${schema.id}/external/del-b`);
    assert.equal(byExternal.status, 202);
    assert.equal(ac.state.customObjects.findByExternalId(schema.id, 'del-a'), undefined);
    assert.equal(ac.state.customObjects.findByExternalId(schema.id, 'del-b'), undefined);
    assert.equal((await api.delete(`/customObjects/records/${schema.id}/external/del-b`)).status, 404);
  });
});
