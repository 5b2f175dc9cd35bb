import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, createSync, fastPlugins, runToEnd, startWarehouse, type Warehouse } from '../helpers/sync-fixtures';

describe('accounts and custom objects end to end', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    warehouse = await startWarehouse();
    ferry = await startTestFerry({}, fastPlugins);
  });

  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('accounts are matched by name: existing names are updated, never duplicated; new ones are created', async () => {
    const tier = fake.state.addAccountField({ label: 'Tier', type: 'dropdown', options: ['Gold', 'Silver'] });
    fake.state.addAccount({ name: 'Acme', accountUrl: 'https://old.acme.example' });
    fake.state.addAccount({ name: 'Initech' });
    await warehouse.client.query(`
      CREATE TABLE companies (name text, url text, tier text);
      INSERT INTO companies VALUES ('Acme', 'https://acme.example', 'Gold'), ('Globex', 'https://globex.example', 'Silver'), ('Initech', NULL, 'Silver'), ('Umbrella', NULL, NULL)`);
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT name, url, tier FROM companies',
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      object: 'account',
      syncKey: { column: 'name', field: 'name' },
      mappings: [
        { from: 'url', to: 'accountUrl' },
        { from: 'tier', to: `field:${tier.id}` },
      ],
    });
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual([run.rowsCreated, run.rowsUpdated], [2, 2]);
    assert.equal(fake.state.counts().accounts, 4, 'Acme and Initech were updated in place');
    assert.deepEqual(
      fake.state.accounts
        .all()
        .map((a) => a.name)
        .sort(),
      ['Acme', 'Globex', 'Initech', 'Umbrella'],
    );
    const acme = fake.state.findAccountByName('Acme')!;
    assert.equal(acme.accountUrl, 'https://acme.example');
    assert.equal(fake.state.accounts.getValue(acme.id, tier.id)?.fieldValue, 'Gold');

    await warehouse.client.query(`UPDATE companies SET tier = 'Gold' WHERE name = 'Globex'`);
    const rerun = await runToEnd(ferry.client, syncId);
    assert.deepEqual([rerun.rowsChanged, rerun.rowsUnchanged, rerun.rowsUpdated, rerun.rowsCreated], [1, 3, 1, 0]);
    assert.equal(fake.state.counts().accounts, 4);
    const snapshot: Array<{ record_key: string; external_id: string }> = await ferry.ferry.db.query(
      'SELECT record_key, external_id FROM sync_snapshots WHERE sync_id = $1 ORDER BY record_key',
      [syncId],
    );
    assert.deepEqual(
      snapshot.map((s) => [s.record_key, s.external_id]),
      [
        ['Acme', acme.id],
        ['Globex', fake.state.findAccountByName('Globex')!.id],
        ['Initech', fake.state.findAccountByName('Initech')!.id],
        ['Umbrella', fake.state.findAccountByName('Umbrella')!.id],
      ],
      'the snapshot keeps the id the destination gave each record',
    );
  });

  test('custom object records are upserted by externalId; a bad value rejects only its row', async () => {
    const schema = fake.state.addSchema({
      slug: 'subscription',
      fields: [
        { id: 'plan', type: 'text', required: true },
        { id: 'seats', type: 'number', scale: 0 },
      ],
    });
    const existing = fake.state.customObjects.create(schema.id, 'sub-1');
    await warehouse.client.query(`
      CREATE TABLE subscriptions (id text, plan text, seats text);
      INSERT INTO subscriptions VALUES ('sub-1', 'Pro', '5'), ('sub-2', 'Team', '12'), ('sub-3', 'Free', 'many')`);
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      sql: 'SELECT id, plan, seats FROM subscriptions',
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      object: `customObject:${schema.id}`,
      syncKey: { column: 'id', field: 'externalId' },
      mappings: [
        { from: 'plan', to: 'field:plan' },
        { from: 'seats', to: 'field:seats' },
      ],
    });
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'PARTIAL', JSON.stringify(run));
    assert.deepEqual([run.rowsUpdated, run.rowsCreated, run.rowsRejected], [1, 1, 1]);
    const store = fake.state.customObjects;
    assert.equal(store.recordsOf(schema.id).length, 2, 'sub-1 was updated in place, sub-2 created, sub-3 refused');
    assert.equal(store.findByExternalId(schema.id, 'sub-1')?.id, existing.id);
    assert.deepEqual(store.findByExternalId(schema.id, 'sub-2')?.fields, { plan: 'Team', seats: 12 });
    const { syncRun } = await ferry.client.data(`query($id: ID!) { syncRun(id: $id) { rejectedRows { edges { node { key reason } } } } }`, {
      id: run.id,
    });
    assert.equal(syncRun.rejectedRows.edges[0].node.key, 'sub-3');
    assert.match(syncRun.rejectedRows.edges[0].node.reason, /"many" is not a number/);
  });
});
