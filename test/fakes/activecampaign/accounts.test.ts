import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { errorBodies } from './index';
import { useFake } from './use-fake';

describe('fake ActiveCampaign: accounts', () => {
  const { ac, api } = useFake({ requestsPerSecond: false });

  test('POST /accounts creates (201); a missing name and a duplicate name get the documented 422 bodies', async () => {
    const created = await api.post('/accounts', { account: { name: 'Example Account', accountUrl: 'https://example.com', owner: 1 } });
    assert.equal(created.status, 201);
    assert.equal(created.body.account.name, 'Example Account');
    assert.equal(typeof created.body.account.id, 'string');
    const missing = await api.post('/accounts', { account: { accountUrl: 'https://x.example' } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body, {
      errors: [{ title: 'The account name was not provided.', detail: '', code: 'field_missing', source: { pointer: '/data/attributes/name' } }],
    });
    const duplicate = await api.post('/accounts', { account: { name: 'example account' } });
    assert.equal(duplicate.status, 422);
    assert.deepEqual(duplicate.body, {
      errors: [
        {
          title: 'An account named "example account" already exists. Please choose a new name.',
          detail: '',
          code: 'duplicate',
          source: { pointer: '/data/attributes/name' },
        },
      ],
    });
    assert.equal(ac.state.accounts.size, 1);
  });

  test('GET /accounts?search= is a paged substring match with a string total', async () => {
    for (const name of ['Acme Corp', 'Acme Labs', 'Globex', 'ACME Holdings']) ac.state.addAccount({ name });
    const page1 = await api.get('/accounts?search=acme&limit=2');
    assert.equal(page1.body.meta.total, '3');
    assert.deepEqual(
      page1.body.accounts.map((a: { name: string }) => a.name),
      ['Acme Corp', 'Acme Labs'],
    );
    const page2 = await api.get('/accounts?search=acme&limit=2&offset=2');
    assert.deepEqual(
      page2.body.accounts.map((a: { name: string }) => a.name),
      ['ACME Holdings'],
    );
    assert.equal(page2.body.accounts[0].contactCount, '0');
  });

  test('GET/PUT/DELETE /accounts/{id}; a rename onto another name is 422 duplicate; unknown ids are 404', async () => {
    const a = ac.state.addAccount({ name: 'Rename Me' });
    ac.state.addAccount({ name: 'Taken' });
    const renamed = await api.put(`/accounts/${a.id}`, { account: { name: 'Renamed', accountUrl: 'https://renamed.example' } });
    assert.equal(renamed.status, 200);
    assert.equal(ac.state.findAccountByName('renamed')?.id, a.id);
    assert.equal(ac.state.findAccountByName('Rename Me'), undefined);
    const collide = await api.put(`/accounts/${a.id}`, { account: { name: 'TAKEN' } });
    assert.equal(collide.status, 422);
    assert.equal(collide.body.errors[0].code, 'duplicate');
    assert.equal((await api.put(`/accounts/${a.id}`, { account: { name: 'Renamed' } })).status, 200, 'keeping its own name is fine');
    assert.equal((await api.get(`/accounts/${a.id}`)).body.account.accountUrl, 'https://renamed.example');
    assert.equal((await api.delete(`/accounts/${a.id}`)).status, 200);
    const gone = await api.get(`/accounts/${a.id}`);
    assert.equal(gone.status, 404);
    assert.deepEqual(gone.body, { message: `No Result found for Account with id ${a.id}` });
  });

  test('account custom fields: meta lists them; inline fields are stored and validated; currency is in cents', async () => {
    const size = ac.state.addAccountField({ label: 'Size', type: 'dropdown', options: ['1-10', '500-1000'] });
    const revenue = ac.state.addAccountField({ label: 'Revenue', type: 'currency' });
    const tags = ac.state.addAccountField({ label: 'Segments', type: 'multiselect', options: ['a', 'b', 'c'] });
    const meta = await api.get('/accountCustomFieldMeta');
    assert.deepEqual(
      meta.body.accountCustomFieldMeta.map((f: { id: string; fieldLabel: string; fieldType: string }) => [f.id, f.fieldLabel, f.fieldType]),
      [
        [size.id, 'Size', 'dropdown'],
        [revenue.id, 'Revenue', 'currency'],
        [tags.id, 'Segments', 'multiselect'],
      ],
    );
    const created = await api.post('/accounts', {
      account: {
        name: 'Fielded',
        fields: [
          { customFieldId: Number(size.id), fieldValue: '500-1000' },
          { customFieldId: revenue.id, fieldValue: 123456, fieldCurrency: 'gbp' },
          { customFieldId: tags.id, fieldValue: ['a', 'c'] },
        ],
      },
    });
    assert.equal(created.status, 201);
    const id = created.body.account.id;
    assert.deepEqual(created.body.account.fields, [
      { customFieldId: Number(size.id), fieldValue: '500-1000', accountId: id },
      { customFieldId: Number(revenue.id), fieldValue: 123456, fieldCurrency: 'GBP', accountId: id },
      { customFieldId: Number(tags.id), fieldValue: ['a', 'c'], accountId: id },
    ]);
    for (const [fieldId, fieldValue] of [
      [size.id, 'huge'],
      [revenue.id, 12.5],
      [tags.id, '||a||'],
      ['999', 'x'],
    ] as const) {
      const bad = await api.post('/accounts', { account: { name: `Bad ${fieldId}`, fields: [{ customFieldId: fieldId, fieldValue }] } });
      assert.equal(bad.status, 422, `${fieldId}=${String(fieldValue)}`);
      assert.equal(ac.state.findAccountByName(`Bad ${fieldId}`), undefined);
    }
  });

  test('/accountCustomFieldData: POST upserts one value, GET filters by account, bulkCreate takes a bare array', async () => {
    const field = ac.state.addAccountField({ label: 'Tier', type: 'text' });
    const account = ac.state.addAccount({ name: 'Data Co' });
    const other = ac.state.addAccount({ name: 'Other Co' });
    const posted = await api.post('/accountCustomFieldData', {
      accountCustomFieldDatum: { customerAccountId: account.id, customFieldId: field.id, fieldValue: 'gold' },
    });
    assert.equal(posted.status, 201);
    assert.equal(posted.body.accountCustomFieldDatum.fieldValue, 'gold');
    const bulk = await api.post('/accountCustomFieldData/bulkCreate', [
      { customerAccountId: account.id, customFieldId: field.id, fieldValue: 'platinum' },
      { accountId: Number(other.id), customFieldId: Number(field.id), fieldValue: 'silver' },
    ]);
    assert.equal(bulk.status, 200);
    assert.deepEqual(bulk.body, { message: 'the bulk insert was successful' });
    const listed = await api.get(`/accountCustomFieldData?filters[customerAccountId]=${account.id}`);
    assert.deepEqual(
      listed.body.accountCustomFieldData.map((d: { fieldValue: string }) => d.fieldValue),
      ['platinum'],
    );
    assert.equal(ac.state.accounts.getValue(other.id, field.id)?.fieldValue, 'silver');
    assert.equal((await api.post('/accountCustomFieldData/bulkCreate', { not: 'an array' })).status, 400);
    const badBulk = await api.post('/accountCustomFieldData/bulkCreate', [
      { customerAccountId: other.id, customFieldId: field.id, fieldValue: 'bronze' },
      { customerAccountId: '9999', customFieldId: field.id, fieldValue: 'x' },
    ]);
    assert.equal(badBulk.status, 404);
    assert.equal(ac.state.accounts.getValue(other.id, field.id)?.fieldValue, 'silver', 'a refused bulk writes nothing');
  });

  test('/accountContacts: one account per contact (422 field_invalid), filters, PUT and DELETE', async () => {
    const a = ac.state.addAccount({ name: 'Links A' });
    const b = ac.state.addAccount({ name: 'Links B' });
    const contact = ac.state.addContact({ email: 'linked@example.com' });
    const link = await api.post('/accountContacts', { accountContact: { contact: Number(contact.id), account: a.id, jobTitle: 'PM' } });
    assert.equal(link.status, 201);
    assert.equal(link.body.accountContact.jobTitle, 'PM');
    const second = await api.post('/accountContacts', { accountContact: { contact: contact.id, account: b.id } });
    assert.equal(second.status, 422);
    assert.deepEqual(second.body, errorBodies.contactHasAccount);
    const filtered = await api.get(`/accountContacts?filters[contact]=${contact.id}`);
    assert.deepEqual(
      filtered.body.accountContacts.map((l: { account: string }) => l.account),
      [a.id],
    );
    const moved = await api.put(`/accountContacts/${link.body.accountContact.id}`, { accountContact: { account: b.id } });
    assert.equal(moved.status, 200);
    assert.equal(ac.state.snapshotContact('linked@example.com')!.accountId, b.id);
    assert.equal((await api.delete(`/accountContacts/${link.body.accountContact.id}`)).status, 200);
    assert.equal(ac.state.snapshotContact('linked@example.com')!.accountId, null);
    assert.equal((await api.post('/accountContacts', { accountContact: { contact: contact.id, account: b.id } })).status, 201);
    assert.equal((await api.post('/accountContacts', { accountContact: { contact: 9999, account: b.id } })).status, 404);
  });
});
