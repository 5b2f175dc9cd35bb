import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { DestinationObject } from '../../../src/plugins/contract';
import { plugin, startTestAccount, type TestAccount } from './test-account';

function byKey(objects: DestinationObject[]): Map<string, DestinationObject> {
  return new Map(objects.map((o) => [o.key, o]));
}

describe('objects()', () => {
  let account: TestAccount;
  beforeAll(async () => {
    account = await startTestAccount();
    const { state } = account.fake;
    for (let i = 1; i <= 130; i += 1) state.addField({ title: `Custom ${i}`, type: 'text' });
    state.addField({ title: 'Birthday', type: 'date' });
    state.addField({ title: 'Interests', type: 'listbox', options: ['Red', 'Blue'] });
    state.addField({ title: 'Legacy', type: '' });
    state.addField({ title: 'Odd', type: 'multivalue' });
    for (let i = 1; i <= 105; i += 1) state.addAccountField({ label: `Acct ${i}`, type: 'text' });
    state.addAccountField({ label: 'Revenue', type: 'currency' });
    state.addAccountField({ label: 'Regions', type: 'multiselect', options: ['EU', 'US'] });
  });
  afterAll(() => account.close());

  test('contact: email identifier, both behaviors, standard fields and every custom field past the first page', async () => {
    const mark = account.fake.requests.count;
    const objects = byKey(await plugin.objects(account.config, account.context()));
    const contact = objects.get('contact')!;
    assert.deepEqual(contact.identifiers, ['email']);
    assert.deepEqual(contact.behaviors, ['UPDATE_OR_CREATE', 'UPDATE_ONLY']);
    const fields = new Map(contact.fields.map((f) => [f.key, f]));
    assert.deepEqual(fields.get('email'), { key: 'email', label: 'Email', type: 'email', required: true, identifier: true, array: false });
    for (const key of ['firstName', 'lastName', 'phone']) assert.equal(fields.get(key)?.type, 'text');
    assert.deepEqual(fields.get('lists'), { key: 'lists', label: 'Lists', type: 'listIds', required: false, identifier: false, array: true });
    assert.deepEqual(fields.get('tags'), { key: 'tags', label: 'Tags', type: 'tags', required: false, identifier: false, array: true });
    const custom = contact.fields.filter((f) => f.key.startsWith('field:'));
    assert.equal(custom.length, 134, 'all 134 custom fields, paged 100 at a time');
    const birthday = account.fake.state.fields.all().find((f) => f.title === 'Birthday')!;
    assert.deepEqual(fields.get(`field:${birthday.id}`), {
      key: `field:${birthday.id}`,
      label: 'Birthday',
      type: 'date',
      required: false,
      identifier: false,
      array: false,
    });
    const types = new Map(custom.map((f) => [f.label, f]));
    assert.equal(types.get('Interests')?.type, 'listbox');
    assert.equal(types.get('Interests')?.array, true);
    assert.equal(types.get('Legacy')?.type, 'text', 'an old field with no type is text');
    assert.equal(types.get('Odd')?.type, 'multivalue', 'unknown types are kept as ActiveCampaign names them');
    const pages = account.fake.requests.entries.slice(mark).filter((e) => e.method === 'GET' && e.path.startsWith('/api/3/fields'));
    assert.equal(pages.length, 2);
  });

  test('account: name identifier, UPDATE_OR_CREATE, and account custom fields past the first page', async () => {
    const objects = byKey(await plugin.objects(account.config, account.context()));
    const acct = objects.get('account')!;
    assert.deepEqual(acct.identifiers, ['name']);
    assert.deepEqual(acct.behaviors, ['UPDATE_OR_CREATE']);
    assert.deepEqual(
      acct.fields.slice(0, 2).map((f) => [f.key, f.identifier, f.required]),
      [
        ['name', true, true],
        ['accountUrl', false, false],
      ],
    );
    const custom = acct.fields.filter((f) => f.key.startsWith('field:'));
    assert.equal(custom.length, 107);
    const regions = custom.find((f) => f.label === 'Regions')!;
    assert.equal(regions.type, 'multiselect');
    assert.equal(regions.array, true);
    assert.equal(custom.find((f) => f.label === 'Revenue')?.type, 'currency');
  });

  test('no custom objects on the account means no such objects', async () => {
    const objects = await plugin.objects(account.config, account.context());
    assert.deepEqual(
      objects.map((o) => o.key),
      ['contact', 'account'],
    );
  });

  test('plans without custom objects (403 or 404 from the schemas endpoint) just have none', async () => {
    for (const status of [403, 404]) {
      const fault = account.fake.faults.inject({
        path: '/customObjects/schemas',
        fault: { type: 'response', status, body: { message: status === 403 ? 'Forbidden' : 'Not Found' } },
      });
      const objects = await plugin.objects(account.config, account.context());
      assert.deepEqual(
        objects.map((o) => o.key),
        ['contact', 'account'],
        `status ${status}`,
      );
      assert.equal(fault.applied, 1);
      fault.remove();
    }
  });

  test('one object per custom-object schema, paged, skipping fields marked for deletion', async () => {
    const withSchemas = await startTestAccount();
    try {
      await schemasAreDiscovered(withSchemas);
    } finally {
      await withSchemas.close();
    }
  });

  async function schemasAreDiscovered(account: TestAccount): Promise<void> {
    const schemas = [];
    for (let i = 1; i <= 102; i += 1) {
      schemas.push(
        account.fake.state.addSchema({
          slug: `thing-${i}`,
          labels: { singular: `Thing ${i}`, plural: `Things ${i}` },
          fields: [
            { id: 'amount', type: 'number', scale: 2, required: true },
            { id: 'renewal-date', type: 'date' },
            { id: 'old-field', type: 'text' },
          ],
        }),
      );
    }
    // A field deleted in ActiveCampaign still shows with showFields=all, marked for deletion.
    for (const schema of schemas) account.fake.state.customObjects.markFieldForDeletion(schema.id, 'old-field');
    const objects = byKey(await plugin.objects(account.config, account.context()));
    const custom = [...objects.values()].filter((o) => o.key.startsWith('customObject:'));
    assert.equal(custom.length, 102);
    const first = objects.get(`customObject:${schemas[0].id}`)!;
    assert.equal(first.label, 'Custom object: Thing 1');
    assert.deepEqual(first.identifiers, ['externalId']);
    assert.deepEqual(first.behaviors, ['UPDATE_OR_CREATE']);
    assert.deepEqual(first.fields, [
      { key: 'externalId', label: 'External ID', type: 'text', required: true, identifier: true, array: false },
      { key: 'field:amount', label: 'amount', type: 'number', required: true, identifier: false, array: false },
      { key: 'field:renewal-date', label: 'renewal date', type: 'date', required: false, identifier: false, array: false },
    ]);
    assert.ok(account.fake.requests.find('GET', '/customObjects/schemas').every((e) => e.path.includes('showFields=all')));
  }

  test('a refused key fails discovery with a ConnectionError saying what to fix, not an empty list', async () => {
    await assert.rejects(plugin.objects({ ...account.config, apiKey: 'bad-key-000' }, account.context()), {
      name: 'ConnectionError',
      message: 'ActiveCampaign rejected the API key: copy it again from Settings → Developer',
    });
  });
});
