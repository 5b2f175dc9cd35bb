import { Client } from 'pg';
import { startFakeActiveCampaign } from '../../test/fakes/activecampaign';
import { createSync, runToEnd, sourceConfig, startBenchFerry } from '../bench-ferry';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

/** (a) 20,000 new contacts into the fake enforcing ActiveCampaign's real limits: contacts per hour. */
export function contactsScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  return contactsAtRealLimits(ctx, 20_000);
}

/**
 * (f) 150,000 new contacts at the same limits: six minutes of the importer's budget, so the rate is the sustained
 * one, not a burst that fits in one minute's 100 imports.
 */
export async function sustainedContactsScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  // The fake ActiveCampaign runs in this process too: its 150,000 contacts are in this peak.
  const { result, peakMb } = await withPeakRss(() => contactsAtRealLimits(ctx, 150_000));
  return { ...result, 'peak RSS (MB)': peakMb };
}

async function contactsAtRealLimits(ctx: ScenarioContext, contacts: number): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  await warehouse.query(`DROP TABLE IF EXISTS bench_contacts`);
  await warehouse.query(
    `CREATE TABLE bench_contacts AS SELECT 'contact' || g || '@example.com' AS email, 'First' || g AS first_name, 'Last' || g AS last_name, ARRAY['bench'] AS lists FROM generate_series(1, ${contacts}) g`,
  );
  await warehouse.end();
  // ActiveCampaign's documented limits: 5 requests per second per account, 100 bulk imports per minute, 250 contacts each.
  const fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { perMinute: 100, maxContacts: 250 } });
  fake.state.addList({ name: 'Bench', stringid: 'bench' });
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      warehouse: sourceConfig(ctx.warehouseUrl),
      sql: 'SELECT email, first_name, last_name, lists FROM bench_contacts',
      destination: { type: 'activecampaign', config: { apiUrl: fake.url, apiKey: fake.apiKey } },
      object: 'contact',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'first_name', to: 'firstName' },
        { from: 'last_name', to: 'lastName' },
        { from: 'lists', to: 'lists' },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a fresh second of budget after the API's discovery calls
    const run = await runToEnd(ferry.client, syncId);
    if (run.status !== 'SUCCEEDED') throw new Error(`contact run ended ${run.status}: ${JSON.stringify(run)}`);
    const present = fake.state.counts().contacts;
    return {
      'contacts sent': run.rowsCreated + run.rowsUpdated,
      'contacts in ActiveCampaign': present,
      'run seconds': round(run.seconds),
      'contacts per hour': Math.round((contacts / run.seconds) * 3600),
      'most requests in any 1 s window': fake.requests.maxRequestsInAnyWindow(1000),
      'bulk imports': fake.state.imports.all().length,
      'HTTP 429 replies': fake.requests.entries.filter((e) => e.status === 429).length,
      'requests in all': fake.requests.count,
    };
  } finally {
    await ferry.running.stop();
    await fake.close();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
