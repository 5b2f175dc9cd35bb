/** The demo account `main.ts` starts with; also usable by end-to-end tests that want a realistic account. */
import type { FakeState } from './state/fake-state';

export function seedDemoData(state: FakeState) {
  const lists = {
    newsletter: state.addList({ name: 'Newsletter', stringid: 'newsletter' }),
    productUpdates: state.addList({ name: 'Product Updates', stringid: 'product-updates' }),
    partners: state.addList({ name: 'Partners', stringid: 'partners' }),
  };
  const fields = {
    company: state.addField({ title: 'Company', type: 'text' }),
    birthday: state.addField({ title: 'Birthday', type: 'date' }),
    lastPurchaseAt: state.addField({ title: 'Last Purchase At', type: 'datetime' }),
    plan: state.addField({ title: 'Plan', type: 'dropdown', options: ['Free', 'Pro', 'Enterprise'] }),
    interests: state.addField({ title: 'Interests', type: 'listbox', options: ['Analytics', 'Automation', 'Email'] }),
    lifetimeValue: state.addField({ title: 'Lifetime Value', type: 'number' }),
  };
  const accountFields = {
    industry: state.addAccountField({ label: 'Industry', type: 'dropdown', options: ['Retail', 'Software', 'Finance'] }),
    annualRevenue: state.addAccountField({ label: 'Annual Revenue', type: 'currency', defaultCurrency: 'USD' }),
  };
  const subscription = state.addSchema({
    slug: 'subscription',
    labels: { singular: 'Subscription', plural: 'Subscriptions' },
    fields: [
      { id: 'plan-name', type: 'text', required: true },
      { id: 'seats', type: 'number', scale: 0 },
      { id: 'renews-on', type: 'date' },
    ],
    relationships: [{ id: 'primary-contact', namespace: 'contacts', hasMany: false }],
  });
  const excluded = state.addExclusion('do-not-contact@example.com');
  return { lists, fields, accountFields, schemas: { subscription }, excluded };
}
