import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PluginConfigError, type Row } from '../../../src/plugins/contract';
import { bigQuerySource } from '../../../src/plugins/sources/google/bigquery';
import type { BigQueryConfig } from '../../../src/plugins/sources/google/bigquery/config';
import { generatedRowsSql } from '../../fakes/bigquery';
import { pluginContext } from '../../helpers/plugin-context';

/**
 * Opt-in: against the real BigQuery when FERRY_LIVE_GOOGLE_KEY_FILE names a service account key file with
 * roles/bigquery.jobUser (FERRY_LIVE_BIGQUERY_PROJECT: the project to bill, default the key's; FERRY_LIVE_BIGQUERY_LOCATION
 * optional). It reads generated rows and a public dataset: nothing is created, a few kilobytes are billed.
 */
const keyFile = process.env.FERRY_LIVE_GOOGLE_KEY_FILE;
const live = keyFile ? describe : describe.skip;
const reason = keyFile ? '' : ': skipped, FERRY_LIVE_GOOGLE_KEY_FILE is not set (see README, Sources → BigQuery)';

// A file whose tests are all skipped shows no test names: the reason is printed so the skip is never silent.
if (reason) console.log(`Live tests${reason}`);

live(`bigquery source against the real BigQuery${reason}`, () => {
  const config = (): BigQueryConfig => ({
    serviceAccountKey: readFileSync(keyFile!, 'utf8'),
    ...(process.env.FERRY_LIVE_BIGQUERY_PROJECT ? { projectId: process.env.FERRY_LIVE_BIGQUERY_PROJECT } : {}),
    ...(process.env.FERRY_LIVE_BIGQUERY_LOCATION ? { location: process.env.FERRY_LIVE_BIGQUERY_LOCATION } : {}),
    queryTimeoutSeconds: 120,
    requestTimeoutSeconds: 60,
    apiUrl: 'https://bigquery.googleapis.com',
  });
  const readAll = async (sql: string, batchSize: number) => {
    const batches: Row[][] = [];
    for await (const batch of bigQuerySource.read(config(), { kind: 'sql', sql }, { batchSize }, pluginContext())) batches.push(batch);
    return batches;
  };

  test('test() passes; columns() by dry run; read() pages through a generated result', async () => {
    await bigQuerySource.test(config(), pluginContext());
    expect(await bigQuerySource.columns(config(), { kind: 'sql', sql: generatedRowsSql(10) }, pluginContext())).toEqual([
      { name: 'id', type: 'INT64' },
      { name: 'email', type: 'STRING' },
      { name: 'amount', type: 'NUMERIC' },
      { name: 'created', type: 'DATE' },
    ]);
    const batches = await readAll(generatedRowsSql(2_500), 1_000);
    expect(batches.map((batch) => batch.length)).toEqual([1_000, 1_000, 500]);
    expect(batches[0][0]).toEqual({ id: '1', email: 'user1@example.com', amount: '0.01', created: '2024-01-02' });
  }, 120_000);

  test("a public table reads, and an invalid query carries BigQuery's message", async () => {
    const rows = (
      await readAll('SELECT word, word_count FROM `bigquery-public-data.samples.shakespeare` ORDER BY word_count DESC LIMIT 3', 10)
    ).flat();
    expect(rows).toHaveLength(3);
    expect(typeof rows[0].word).toBe('string');
    const error = await readAll('SELEC 1', 10).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(/Syntax error/);
  }, 120_000);
});
