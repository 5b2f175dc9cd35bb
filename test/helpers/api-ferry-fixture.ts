import { afterAll, beforeAll } from '@jest/globals';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { startTestFerry, type TestFerry } from './ferry-server';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, startWarehouse, type Warehouse } from './sync-fixtures';

/** An API-only Ferry (no worker: queued runs stay queued, to be looked at), a fake account and a warehouse. */
export interface ApiFerryFixture {
  ferry: TestFerry;
  fake: FakeActiveCampaign;
  warehouse: Warehouse;
}

/** Starts the fixture in a `before` hook of the enclosing describe and stops it in an `after` hook. */
export function useApiFerryFixture(): ApiFerryFixture {
  // The before hook fills it in, as it would `let`s declared in the describe.
  const fixture = {} as ApiFerryFixture;
  beforeAll(async () => {
    fixture.fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    fixture.warehouse = await startWarehouse();
    fixture.ferry = await startTestFerry({ FERRY_ROLE: 'api' }, fastPlugins);
  });
  afterAll(async () => {
    await fixture.ferry?.stop();
    await fixture.fake?.close();
    await fixture.warehouse?.close();
  });
  return fixture;
}
