import type { BigQueryConfig } from '../../../src/plugins/sources/google/bigquery/config';
import { startFakeBigQuery, type FakeBigQuery, type FakeBigQueryOptions } from '../../fakes/bigquery';
import type { FakeServiceAccount } from '../../fakes/google-oauth';

export const PROJECT = 'ferry-test';

export interface BigQuerySetup {
  fake: FakeBigQuery;
  account: FakeServiceAccount;
  config: BigQueryConfig;
}

/** A fake BigQuery with a service account (jobUser in ferry-test) and the config that reaches it. */
export async function startBigQuerySetup(options: FakeBigQueryOptions = {}): Promise<BigQuerySetup> {
  const fake = await startFakeBigQuery(options);
  const account = fake.createServiceAccount('ferry-reader', PROJECT);
  const config: BigQueryConfig = {
    serviceAccountKey: account.keyJson,
    queryTimeoutSeconds: 60,
    requestTimeoutSeconds: 10,
    apiUrl: fake.url,
  };
  return { fake, account, config };
}
