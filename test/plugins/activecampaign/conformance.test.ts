import type { DestinationPlugin } from '../../../src/plugins/contract';
import { destinationConformance } from '../../conformance/destination-conformance';
import { plugin, startTestAccount, type TestAccount } from './test-account';

let account: TestAccount;

const text = { valid: 'Red', invalid: ['a', 'list'] };
const multiValue = { valid: ['Red', 'Blue'], invalid: ['a||b'] };
const number = { valid: '12.5', invalid: 'twelve' };

destinationConformance({
  plugin: plugin as unknown as DestinationPlugin,
  async setUp() {
    account = await startTestAccount();
    const { state } = account.fake;
    state.addList({ id: 1, name: 'Newsletter', stringid: 'newsletter' });
    for (const type of ['text', 'textarea', 'date', 'datetime', 'dropdown', 'listbox', 'radio', 'checkbox', 'hidden', 'number']) {
      state.addField({ title: `A ${type}`, type, options: ['Red', 'Blue'] });
    }
    for (const type of ['text', 'textarea', 'date', 'datetime', 'dropdown', 'multiselect', 'radio', 'checkbox', 'hidden', 'currency', 'number']) {
      state.addAccountField({ label: `A ${type}`, type, options: ['Red', 'Blue'] });
    }
    state.addSchema({
      slug: 'subscription',
      fields: [
        { id: 'plan', type: 'text' },
        { id: 'seats', type: 'number', scale: 0 },
        { id: 'renews-on', type: 'date' },
      ],
    });
    return account.config;
  },
  tearDown: () => account.close(),
  object: 'contact',
  record: (n) => ({
    key: `conformance${n}@example.com`,
    fields: { email: `conformance${n}@example.com`, firstName: `Person ${n}`, lists: ['newsletter'] },
  }),
  // The importer refuses the address; its key differs from record(n)'s by one character.
  rejectedRecord: (n) => ({ record: { key: `conformance${n}@@example.com`, fields: { email: `conformance${n}@@example.com` } }, reason: /email/i }),
  coerceSamples: {
    email: { valid: 'ada@example.com', invalid: ['ada@example.com', 'bob@example.com'] },
    text,
    textarea: text,
    hidden: text,
    dropdown: text,
    radio: text,
    date: { valid: '2024-02-29', invalid: 'tomorrow' },
    datetime: { valid: '2024-03-01T10:00:00Z', invalid: '2024-03-01T25:00:00Z' },
    number,
    currency: number,
    listbox: multiValue,
    checkbox: multiValue,
    multiselect: multiValue,
    listIds: { valid: ['1', 'newsletter'], invalid: [{ id: 1 }] },
    tags: { valid: ['vip'], invalid: [{ name: 'vip' }] },
  },
});
