import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { apiClient } from './api-client';
import { errorBodies, startFakeActiveCampaign } from './index';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: contacts', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });

  test('POST /contact/sync creates, then updates the contact with the same lower-cased email (201 both times)', async () => {
    const created = await api.post('/contact/sync', { contact: { email: 'Jane.Doe@Example.com', firstName: 'Jane', lastName: 'Doe', phone: '123' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.contact.email, 'jane.doe@example.com');
    const updated = await api.post('/contact/sync', { contact: { email: 'JANE.DOE@example.COM', lastName: 'Smith' } });
    assert.equal(updated.status, 201);
    assert.equal(updated.body.contact.id, created.body.contact.id);
    const stored = ac.state.findContactByEmail('jane.doe@example.com')!;
    assert.deepEqual(
      { firstName: stored.firstName, lastName: stored.lastName, phone: stored.phone },
      { firstName: 'Jane', lastName: 'Smith', phone: '123' },
      'keys that are absent keep their value',
    );
    assert.equal(ac.state.contacts.size >= 1, true);
  });

  test('"" clears a stored value (the real API does) and is logged as an empty write', async () => {
    const before = ac.state.emptyWrites.entries.length;
    await api.post('/contact/sync', { contact: { email: 'wipe@example.com', firstName: 'Keep', phone: '555' } });
    await api.post('/contact/sync', { contact: { email: 'wipe@example.com', phone: '' } });
    const contact = ac.state.findContactByEmail('wipe@example.com')!;
    assert.equal(contact.phone, '');
    assert.equal(contact.firstName, 'Keep');
    const writes = ac.state.emptyWrites.entries.slice(before);
    assert.equal(writes.length, 1);
    assert.deepEqual(
      { ...writes[0], time: 0 },
      { contactId: contact.id, email: 'wipe@example.com', field: 'phone', previous: '555', via: 'contact/sync', time: 0 },
    );
    assert.ok(ac.state.emptyWrites.overwrites.some((w) => w.email === 'wipe@example.com'));
  });

  test('an invalid or missing email gets the documented 422 email_invalid body', async () => {
    for (const email of ['not-an-email', 'a@b', '', undefined]) {
      const reply = await api.post('/contact/sync', { contact: { email, firstName: 'X' } });
      assert.equal(reply.status, 422, String(email));
      assert.deepEqual(reply.body, {
        errors: [
          {
            title: 'Contact Email Address is not valid.',
            detail: '',
            code: 'email_invalid',
            error: 'must_be_valid_email_address',
            source: { pointer: '/data/attributes/email' },
          },
        ],
      });
    }
  });

  test('an excluded email is refused by sync and POST /contacts and nothing is stored', async () => {
    ac.state.addExclusion('Blocked@Example.com');
    for (const path of ['/contact/sync', '/contacts']) {
      const reply = await api.post(path, { contact: { email: 'blocked@example.com' } });
      assert.equal(reply.status, 422);
      assert.deepEqual(reply.body, errorBodies.emailExcluded);
    }
    assert.equal(ac.state.findContactByEmail('blocked@example.com'), undefined);
  });

  test('with excludedOnSync "skip", sync answers 200 with no contact and stores nothing; POST /contacts still refuses', async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: false, excludedOnSync: 'skip' });
    try {
      fake.state.addExclusion('quiet@example.com');
      const client = apiClient(fake);
      const skipped = await client.post('/contact/sync', { contact: { email: 'Quiet@example.com', firstName: 'Q' } });
      assert.deepEqual([skipped.status, skipped.body], [200, {}]);
      const created = await client.post('/contacts', { contact: { email: 'quiet@example.com' } });
      assert.deepEqual([created.status, created.body], [422, errorBodies.emailExcluded]);
      assert.equal(fake.state.findContactByEmail('quiet@example.com'), undefined);
      const fine = await client.post('/contact/sync', { contact: { email: 'loud@example.com' } });
      assert.equal(fine.status, 201, 'other emails are written as usual');
    } finally {
      await fake.close();
    }
  });

  test('GET /contacts?ids[]= returns only those contacts, within limit, with their count as the total', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push(ac.state.addContact({ email: `byid${i}@example.com` }).id);
    const query = (list: string[], extra = '') => `/contacts?${list.map((id) => `ids[]=${id}`).join('&')}${extra}`;
    const some = await api.get(query([ids[3], ids[1], '999999']));
    assert.deepEqual(some.body.contacts.map((c: { id: string }) => c.id).sort(), [ids[1], ids[3]].sort());
    assert.equal(some.body.meta.total, '2', 'an unknown id is ignored');
    const limited = await api.get(query(ids, '&limit=2'));
    assert.equal(limited.body.contacts.length, 2);
    assert.equal(limited.body.meta.total, '5');
    const rest = await api.get(query(ids, '&limit=2&offset=4'));
    assert.deepEqual(
      rest.body.contacts.map((c: { email: string }) => c.email),
      ['byid4@example.com'],
    );
    const comma = await api.get(`/contacts?ids=${ids[0]},${ids[2]}`);
    assert.deepEqual(
      comma.body.contacts.map((c: { id: string }) => c.id),
      [ids[0], ids[2]],
      'a comma-separated ids works too',
    );
  });

  test("a contact's lists and tags are paged (20 by default, at most 100) with their total", async () => {
    const contact = ac.state.addContact({ email: 'member@example.com' });
    for (let i = 0; i < 25; i += 1) {
      const list = ac.state.addList({ name: `Paged list ${i}` });
      ac.state.lists.setStatus(contact.id, list.id, i === 24 ? 2 : 1);
      ac.state.tags.link(contact.id, ac.state.addTag(`Paged tag ${i}`).id);
    }
    for (const collection of ['contactLists', 'contactTags']) {
      const first = await api.get(`/contacts/${contact.id}/${collection}`);
      assert.equal(first.body[collection].length, 20, collection);
      assert.equal(first.body.meta.total, '25');
      const second = await api.get(`/contacts/${contact.id}/${collection}?limit=100&offset=20`);
      assert.equal(second.body[collection].length, 5, collection);
    }
    const last = await api.get(`/contacts/${contact.id}/contactLists?limit=1&offset=24`);
    assert.equal(last.body.contactLists[0].status, 2);
  });

  test('POST /contacts creates only: a second one gets 422 duplicate', async () => {
    const first = await api.post('/contacts', { contact: { email: 'create@example.com' } });
    assert.equal(first.status, 201);
    const again = await api.post('/contacts', { contact: { email: 'CREATE@example.com' } });
    assert.equal(again.status, 422);
    assert.deepEqual(again.body, errorBodies.duplicateEmail);
  });

  test('GET/PUT/DELETE /contacts/{id}, with the documented 404 body for an unknown id', async () => {
    const { body } = await api.post('/contact/sync', { contact: { email: 'crud@example.com', firstName: 'C' } });
    const id = body.contact.id;
    const got = await api.get(`/contacts/${id}`);
    assert.equal(got.body.contact.firstName, 'C');
    const put = await api.put(`/contacts/${id}`, { contact: { firstName: 'D' } });
    assert.equal(put.status, 200);
    assert.equal(put.body.contact.firstName, 'D');
    assert.equal((await api.delete(`/contacts/${id}`)).status, 200);
    for (const reply of [await api.get(`/contacts/${id}`), await api.put(`/contacts/${id}`, { contact: {} }), await api.delete(`/contacts/${id}`)]) {
      assert.equal(reply.status, 404);
      assert.deepEqual(reply.body, { message: `No Result found for Subscriber with id ${id}` });
    }
    assert.equal(ac.state.findContactByEmail('crud@example.com'), undefined);
  });

  test('GET /contacts?email= finds one contact or none', async () => {
    await api.post('/contact/sync', { contact: { email: 'lookup@example.com' } });
    const hit = await api.get('/contacts?email=LOOKUP%40example.com');
    assert.equal(hit.body.contacts.length, 1);
    assert.equal(hit.body.meta.total, '1');
    const miss = await api.get('/contacts?email=nobody%40example.com');
    assert.deepEqual(miss.body.contacts, []);
    assert.equal(miss.body.meta.total, '0');
  });

  test('id_greater with orders[id]=ASC pages through every contact in id order', async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: false });
    try {
      for (let i = 0; i < 250; i += 1) fake.state.addContact({ email: `p${i}@example.com` });
      fake.state.deleteContact('7');
      const client = apiClient(fake);
      const seen: string[] = [];
      let last = 0;
      for (;;) {
        const page = await client.get(`/contacts?orders[id]=ASC&id_greater=${last}&limit=100`);
        if (page.body.contacts.length === 0) break;
        seen.push(...page.body.contacts.map((c: { id: string }) => c.id));
        last = Number(seen[seen.length - 1]);
      }
      assert.equal(seen.length, 249);
      assert.ok(!seen.includes('7'));
      assert.deepEqual(
        seen,
        [...seen].sort((a, b) => Number(a) - Number(b)),
      );
      const desc = await client.get('/contacts?orders[id]=DESC&limit=2');
      assert.deepEqual(
        desc.body.contacts.map((c: { id: string }) => c.id),
        ['250', '249'],
      );
      assert.equal(desc.body.meta.total, '249');
      const offset = await client.get('/contacts?limit=2&offset=5');
      assert.deepEqual(
        offset.body.contacts.map((c: { id: string }) => c.id),
        ['6', '8'],
      );
    } finally {
      await fake.close();
    }
  });

  test('custom field values are set inline on sync, by field id; "" clears one and is logged', async () => {
    const color = ac.state.addField({ title: 'Color', type: 'text' });
    const reply = await api.post('/contact/sync', {
      contact: { email: 'fields@example.com', fieldValues: [{ field: Number(color.id), value: 'Blue' }] },
    });
    assert.equal(reply.status, 201);
    assert.deepEqual(
      reply.body.fieldValues.map((v: { field: string; value: string }) => [v.field, v.value]),
      [[color.id, 'Blue']],
    );
    assert.equal(ac.state.snapshotContact('fields@example.com')!.fields[color.id], 'Blue');
    await api.post('/contact/sync', { contact: { email: 'fields@example.com', fieldValues: [{ field: color.id, value: '' }] } });
    assert.equal(ac.state.snapshotContact('fields@example.com')!.fields[color.id], '');
    assert.ok(ac.state.emptyWrites.overwrites.some((w) => w.field === `field:${color.id}` && w.previous === 'Blue'));
  });

  test('a field referenced by title instead of id is refused with 422 related_missing', async () => {
    ac.state.addField({ title: 'Shoe Size', type: 'text' });
    const reply = await api.post('/contact/sync', { contact: { email: 'title@example.com', fieldValues: [{ field: 'Shoe Size', value: '9' }] } });
    assert.equal(reply.status, 422);
    assert.equal(reply.body.errors[0].code, 'related_missing');
    assert.match(reply.body.errors[0].title, /reference fields by id/);
    assert.equal(ac.state.findContactByEmail('title@example.com'), undefined, 'nothing is written when the request is refused');
  });

  test('field values are validated by type; datetimes are stored in the account offset', async () => {
    const date = ac.state.addField({ title: 'Birthday', type: 'date' });
    const datetime = ac.state.addField({ title: 'Last Seen', type: 'datetime' });
    const listbox = ac.state.addField({ title: 'Interests', type: 'listbox', options: ['Golf', 'Tennis', 'Chess'] });
    const dropdown = ac.state.addField({ title: 'Plan', type: 'dropdown', options: ['Free', 'Pro'] });
    const number = ac.state.addField({ title: 'Seats', type: 'number' });
    const sync = (field: string, value: string) =>
      api.post('/contact/sync', { contact: { email: 'typed@example.com', fieldValues: [{ field, value }] } });

    for (const [field, value] of [
      [date.id, '2024-02-30'],
      [date.id, '01/02/2024'],
      [datetime.id, 'yesterday'],
      [listbox.id, 'Golf'],
      [listbox.id, '||Golf||Darts||'],
      [dropdown.id, 'Enterprise'],
      [number.id, 'twelve'],
    ]) {
      const reply = await sync(field, value);
      assert.equal(reply.status, 422, `${field}=${value}`);
      assert.equal(reply.body.errors[0].code, 'field_invalid');
      assert.equal(reply.body.errors[0].source.pointer, '/data/attributes/fieldValues/0');
    }
    for (const [field, value] of [
      [date.id, '2024-02-29'],
      [listbox.id, '||Golf||Chess||'],
      [dropdown.id, 'Pro'],
      [number.id, '12'],
      [datetime.id, '2024-01-31T13:05:00-06:00'],
    ]) {
      assert.equal((await sync(field, value)).status, 201, `${field}=${value}`);
    }
    const fields = ac.state.snapshotContact('typed@example.com')!.fields;
    assert.equal(fields[datetime.id], '2024-01-31T14:05:00-05:00');
    assert.equal(fields[listbox.id], '||Golf||Chess||');
  });

  test('validation can be turned off', async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: false, validateFieldValues: false });
    try {
      const date = fake.state.addField({ title: 'D', type: 'date' });
      const reply = await apiClient(fake).post('/contact/sync', {
        contact: { email: 'x@example.com', fieldValues: [{ field: date.id, value: 'soon' }] },
      });
      assert.equal(reply.status, 201);
    } finally {
      await fake.close();
    }
  });

  test('/fieldValues create and update one value per contact and field; GET /contacts/{id}/fieldValues lists them', async () => {
    const field = ac.state.addField({ title: 'Favourite', type: 'text' });
    const { body } = await api.post('/contact/sync', { contact: { email: 'fv@example.com' } });
    const contactId = body.contact.id;
    const created = await api.post('/fieldValues', {
      fieldValue: { contact: Number(contactId), field: Number(field.id), value: 'Red' },
      useDefaults: true,
    });
    assert.equal(created.status, 201);
    const updated = await api.put(`/fieldValues/${created.body.fieldValue.id}`, {
      fieldValue: { contact: contactId, field: field.id, value: 'Green' },
    });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.fieldValue.id, created.body.fieldValue.id);
    const again = await api.post('/fieldValues', { fieldValue: { contact: contactId, field: field.id, value: 'Teal' } });
    assert.equal(again.status, 200, 'a second POST for the same contact and field updates the one value');
    assert.equal(again.body.fieldValue.id, created.body.fieldValue.id);
    await api.put(`/fieldValues/${created.body.fieldValue.id}`, { fieldValue: { value: 'Green' } });
    const list = await api.get(`/contacts/${contactId}/fieldValues`);
    assert.deepEqual(
      list.body.fieldValues.map((v: { value: string }) => v.value),
      ['Green'],
    );
    assert.equal((await api.post('/fieldValues', { fieldValue: { contact: '99999', field: field.id, value: 'x' } })).status, 404);
    assert.equal((await api.put('/fieldValues/99999', { fieldValue: { value: 'x' } })).status, 404);
  });
});
