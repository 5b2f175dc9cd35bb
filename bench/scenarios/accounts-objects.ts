import { Client } from 'pg';
import { startFakeActiveCampaign } from '../../test/fakes/activecampaign';
import { createSync, runToEnd, sourceConfig, startBenchFerry } from '../bench-ferry';
import type { ScenarioContext, ScenarioResult } from './scenario';

const RECORDS = 300;

/** (d) Accounts and custom-object records per hour at ActiveCampaign's real limit of 5 requests per second. */
export async function accountsObjectsScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  await warehouse.query(`DROP TABLE IF EXISTS bench_accounts; DROP TABLE IF EXISTS bench_subscriptions`);
  await warehouse.query(
    `CREATE TABLE bench_accounts AS SELECT 'Company ' || g AS name, 'https://company' || g || '.example' AS url FROM generate_series(1, ${RECORDS}) g`,
  );
  await warehouse.query(
    `CREATE TABLE bench_subscriptions AS SELECT 'sub-' || g AS id, (ARRAY['free','pro','team'])[1 + g % 3] AS plan, g % 50 AS seats FROM generate_series(1, ${RECORDS}) g`,
  );
  await warehouse.end();
  const fake = await startFakeActiveCampaign({ requestsPerSecond: 5 });
  const schema = fake.state.addSchema({
    slug: 'subscription',
    fields: [
      { id: 'plan', type: 'text', required: true },
      { id: 'seats', type: 'number', scale: 0 },
    ],
  });
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  // A fresh second of the account's budget around the API's own discovery calls, which do not go through the engine's limiter.
  const pause = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  try {
    const destination = { type: 'activecampaign', config: { apiUrl: fake.url, apiKey: fake.apiKey } };
    const accountSync = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: 'SELECT name, url FROM bench_accounts',
      destination,
      object: 'account',
      syncKey: { column: 'name', field: 'name' },
      mappings: [{ from: 'url', to: 'accountUrl' }],
    });
    await pause();
    const accounts = await runToEnd(ferry.client, accountSync);
    if (accounts.status !== 'SUCCEEDED') throw new Error(`account run: ${JSON.stringify(accounts)}`);
    await pause(); // createSync reads the destination's objects outside the engine's limiter
    const objectSync = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: 'SELECT id, plan, seats FROM bench_subscriptions',
      destination,
      object: `customObject:${schema.id}`,
      syncKey: { column: 'id', field: 'externalId' },
      mappings: [
        { from: 'plan', to: 'field:plan' },
        { from: 'seats', to: 'field:seats' },
      ],
    });
    await pause();
    const objects = await runToEnd(ferry.client, objectSync);
    if (objects.status !== 'SUCCEEDED') throw new Error(`custom object run: ${JSON.stringify(objects)}`);
    return {
      'accounts created': fake.state.counts().accounts,
      'account run seconds': Math.round(accounts.seconds * 100) / 100,
      'accounts per hour': Math.round((RECORDS / accounts.seconds) * 3600),
      'custom object records created': fake.state.customObjects.recordsOf(schema.id).length,
      'custom object run seconds': Math.round(objects.seconds * 100) / 100,
      'custom object records per hour': Math.round((RECORDS / objects.seconds) * 3600),
      'most requests in any 1 s window': fake.requests.maxRequestsInAnyWindow(1000),
      'HTTP 429 replies': fake.requests.entries.filter((e) => e.status === 429).length,
    };
  } finally {
    await ferry.running.stop();
    await fake.close();
  }
}
