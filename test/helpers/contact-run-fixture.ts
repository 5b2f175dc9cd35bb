import { afterAll, beforeAll } from '@jest/globals';
import type { Plugin } from '../../src/plugins/contract';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from './ferry-server';
import { startWarehouse, type SyncSpec, type Warehouse } from './sync-fixtures';

/**
 * What the contact-run tests share: a fake account with the list `newsletter`, the excluded email
 * excluded@example.com and a date field "Signup"; a warehouse whose `people` table holds person1..person20@example.com,
 * on the newsletter and signed up on 2024-01-01..20; and a Ferry.
 */
export interface ContactRunFixture {
  ferry: TestFerry;
  fake: FakeActiveCampaign;
  warehouse: Warehouse;
  /** The Signup field's mapping target, `field:<id>`. */
  signupFieldKey: string;
  /** first_name, lists and signup of `people` to the contact's first name, lists and Signup field. */
  contactMappings(): SyncSpec['mappings'];
}

export interface ContactRunOptions {
  /** The fake account's limit. */
  requestsPerSecond: number;
  plugins: Plugin[];
  /** SQL that creates and fills the file's own `messy` table in the warehouse. */
  messyTable: string;
}

/** Starts the fixture in a `before` hook of the enclosing describe and stops it in an `after` hook. */
export function useContactRunFixture(options: ContactRunOptions): ContactRunFixture {
  // The before hook fills in the rest, as it would `let`s declared in the describe.
  const fixture = {
    contactMappings: () => [
      { from: 'first_name', to: 'firstName' },
      { from: 'lists', to: 'lists' },
      { from: 'signup', to: fixture.signupFieldKey },
    ],
  } as ContactRunFixture;

  beforeAll(async () => {
    const fake = await startFakeActiveCampaign({ requestsPerSecond: options.requestsPerSecond, bulkImport: { processingDelayMs: 20 } });
    fixture.fake = fake;
    fake.state.addList({ name: 'Newsletter', stringid: 'newsletter' });
    fake.state.addExclusion('excluded@example.com');
    fixture.signupFieldKey = `field:${fake.state.addField({ title: 'Signup', type: 'date' }).id}`;
    fixture.warehouse = await startWarehouse();
    await fixture.warehouse.client.query(`
      CREATE TABLE people (id serial, email text, first_name text, lists text[], signup text);
      INSERT INTO people (email, first_name, lists, signup)
        SELECT 'person' || g || '@example.com', 'Person ' || g, ARRAY['newsletter'], '2024-01-' || lpad(g::text, 2, '0') FROM generate_series(1, 20) g;
    `);
    await fixture.warehouse.client.query(options.messyTable);
    fixture.ferry = await startTestFerry({}, options.plugins);
  });

  afterAll(async () => {
    await fixture.ferry?.stop();
    await fixture.fake?.close();
    await fixture.warehouse?.close();
  });

  return fixture;
}

/** Requests that write contacts, as the fake logged them. */
export const contactWrites = (fake: FakeActiveCampaign, since: number) =>
  fake.requests.entries.slice(since).filter((e) => e.method === 'POST' && /^\/api\/3\/(import\/bulk_import|contact\/sync)/.test(e.path));
