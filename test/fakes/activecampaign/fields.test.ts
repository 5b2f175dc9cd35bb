import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: custom field definitions', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });

  test('GET /fields lists fields with options and relations, filterable by perstag', async () => {
    const plan = ac.state.addField({ title: 'Plan Tier', type: 'dropdown', options: ['Free', 'Pro'] });
    ac.state.addField({ title: 'Notes', type: 'textarea' });
    const all = await api.get('/fields?limit=100');
    assert.equal(all.body.meta.total, '2');
    const field = all.body.fields.find((f: { id: string }) => f.id === plan.id);
    assert.deepEqual(
      { title: field.title, type: field.type, perstag: field.perstag, isrequired: field.isrequired, visible: field.visible },
      { title: 'Plan Tier', type: 'dropdown', perstag: 'PLAN_TIER', isrequired: '0', visible: '1' },
    );
    assert.deepEqual(
      all.body.fieldOptions.filter((o: { field: string }) => o.field === plan.id).map((o: { value: string }) => o.value),
      ['Free', 'Pro'],
    );
    assert.equal(field.options.length, 2);
    assert.equal(all.body.fieldRels.find((r: { field: string }) => r.field === plan.id).relid, '0');
    const filtered = await api.get('/fields?filters[perstag]=NOTES');
    assert.deepEqual(
      filtered.body.fields.map((f: { title: string }) => f.title),
      ['Notes'],
    );
  });

  test('POST /fields creates a field; a duplicate title is refused with 422 duplicate', async () => {
    const created = await api.post('/fields', { field: { type: 'text', title: 'Company Size', descript: 'employees' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.field.perstag, 'COMPANY_SIZE');
    assert.equal(typeof created.body.field.id, 'string');
    const duplicate = await api.post('/fields', { field: { type: 'text', title: 'company size' } });
    assert.equal(duplicate.status, 422);
    assert.equal(duplicate.body.errors[0].title, 'There is already a field with this title');
    assert.equal(duplicate.body.errors[0].code, 'duplicate');
    assert.equal((await api.post('/fields', { field: { type: 'text' } })).status, 422);
  });

  test('POST /fieldRels relates a field to a list (0 = all); unknown field or list is 404', async () => {
    const field = ac.state.addField({ title: 'Rel', type: 'text', lists: [] });
    const list = ac.state.addList({ name: 'Rel List' });
    const rel = await api.post('/fieldRels', { fieldRel: { field: Number(field.id), relid: Number(list.id) } });
    assert.equal(rel.status, 201);
    assert.equal(rel.body.fieldRel.relid, list.id);
    assert.deepEqual(
      ac.state.fields.relsOf(field.id).map((r) => r.relid),
      [list.id],
    );
    assert.equal((await api.post('/fieldRels', { fieldRel: { field: 9999, relid: 0 } })).status, 404);
    assert.equal((await api.post('/fieldRels', { fieldRel: { field: field.id, relid: 9999 } })).status, 404);
  });

  test('POST /fieldOption/bulk adds options, which then become valid values', async () => {
    const field = ac.state.addField({ title: 'Region', type: 'radio' });
    const sync = (value: string) =>
      api.post('/contact/sync', { contact: { email: 'region@example.com', fieldValues: [{ field: field.id, value }] } });
    assert.equal((await sync('EMEA')).status, 422);
    const bulk = await api.post('/fieldOption/bulk', {
      fieldOptions: [
        { field: field.id, value: 'EMEA', label: 'Europe', orderid: 1 },
        { field: Number(field.id), value: 'APAC', label: 'Asia', orderid: 2 },
      ],
    });
    assert.equal(bulk.status, 201);
    assert.deepEqual(
      bulk.body.fieldOptions.map((o: { value: string }) => o.value),
      ['EMEA', 'APAC'],
    );
    assert.equal((await sync('EMEA')).status, 201);
    const bad = await api.post('/fieldOption/bulk', { fieldOptions: [{ field: 9999, value: 'X' }] });
    assert.equal(bad.status, 422);
    assert.equal(ac.state.fields.optionsOf(field.id).length, 2);
  });
});
