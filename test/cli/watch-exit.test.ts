import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { spawnFerry } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import {
  FAST_REQUESTS_PER_SECOND,
  contactSyncSpec,
  createSync,
  fastPlugins,
  runToEnd,
  startWarehouse,
  type Warehouse,
} from '../helpers/sync-fixtures';

/** `watch` in a script or CI: its exit code says whether the run did its work. */
describe('ferry watch exit code', () => {
  let ferry: TestFerry;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    warehouse = await startWarehouse();
    ferry = await startTestFerry({}, fastPlugins);
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  const watch = async (runId: string) => {
    const cli = spawnFerry('cli', { FERRY_URL: ferry.url, FERRY_TOKEN: ferry.token }, ['watch', runId]);
    return { code: await cli.exited, output: cli.output() };
  };

  test('0 for a run that succeeded; 1 for one that failed, whose error it prints', async () => {
    await warehouse.client.query(`CREATE TABLE watched (email text, first_name text)`);
    await warehouse.client.query(`INSERT INTO watched VALUES ('watch1@example.com', 'Wanda')`);
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, { sql: 'SELECT email, first_name FROM watched', mappings: [{ from: 'first_name', to: 'firstName' }] }),
    );
    const succeeded = await runToEnd(ferry.client, syncId);
    assert.equal(succeeded.status, 'SUCCEEDED');
    const ok = await watch(succeeded.id);
    assert.equal(ok.code, 0, ok.output);
    assert.match(ok.output, /^SUCCEEDED /m);

    await warehouse.client.query(`DROP TABLE watched`);
    const failed = await runToEnd(ferry.client, syncId);
    assert.equal(failed.status, 'FAILED');
    const bad = await watch(failed.id);
    assert.equal(bad.code, 1, bad.output);
    assert.match(bad.output, /^FAILED .*error: .*watched/m);
  }, 60_000);
});
