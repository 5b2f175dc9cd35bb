import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Pool } from 'pg';
import { Agent } from 'undici';
import { openDatabase } from '../../../src/database/data-source';
import { createSourceDispatcher } from '../../../src/engine/http/source-dispatcher';
import { SlidingWindowLimiter } from '../../../src/engine/http/sliding-window-limiter';
import { ConnectionError, type Row } from '../../../src/plugins/contract';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import type { SheetsConfig } from '../../../src/plugins/sources/google/sheets/config';
import { createTestDatabase } from '../../helpers/database';
import { pluginContext } from '../../helpers/plugin-context';
import { startSheetsSetup, type SheetsSetup } from './sheets-fake-setup';

/** The fake's quota, scaled down from 60 a minute so the test takes seconds: 4 reads per 1.5 s per account. */
const QUOTA = { requests: 4, perMs: 1_500 };

async function readAll(rows: AsyncIterable<Row[]>): Promise<Row[]> {
  const all: Row[] = [];
  for await (const batch of rows) all.push(...batch);
  return all;
}

describe('google-sheets source under the read quota', () => {
  let setup: SheetsSetup;
  let config: SheetsConfig;
  let pool: Pool;
  let agent: Agent;
  beforeAll(async () => {
    const url = await createTestDatabase();
    await (await openDatabase(url)).destroy();
    pool = new Pool({ connectionString: url, max: 2 });
    agent = new Agent();
    setup = await startSheetsSetup({ readsPerWindow: QUOTA.requests, windowMs: QUOTA.perMs });
    const rows = Array.from({ length: 6 }, (_, index) => [`user${index + 1}@example.com`]);
    const sheet = setup.fake.addSpreadsheet(
      'Quota',
      [{ title: 'People', rowCount: 20, columnCount: 2, cells: [['email'], ...rows] }],
      [setup.account.email],
    );
    config = setup.config(sheet.id);
  }, 30_000);
  afterAll(async () => {
    await setup.fake.close();
    await agent.close();
    await pool.end();
  });

  // tabs + header + 7 row windows of one row: 9 reads, over twice the quota.
  const read = (dispatcher: Agent | ReturnType<typeof createSourceDispatcher>) =>
    readAll(
      googleSheetsSource.read(config, { kind: 'table', table: { schema: null, name: 'People' } }, { batchSize: 1 }, pluginContext({ dispatcher })),
    );

  test('read straight, a read past the quota fails with 429 RESOURCE_EXHAUSTED, reported with what to do', async () => {
    const error = await read(agent).then(
      () => null,
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error?.message).toMatch(
      /read quota of ferry-sheets@ferry-test\.iam\.gserviceaccount\.com is used up .*Quota exceeded for quota metric 'Read requests'.*Try again in a minute/,
    );
    await new Promise((resolve) => setTimeout(resolve, QUOTA.perMs));
  }, 30_000);

  test("through the engine's source dispatcher with the quota as its budget, the same read paces itself and gets no 429", async () => {
    const limiter = new SlidingWindowLimiter(pool);
    const dispatcher = createSourceDispatcher({ limits: { key: `google-sheets ${setup.account.email}`, ...QUOTA }, limiter, agent });
    const before = setup.fake.requests.length;
    const started = Date.now();
    const rows = await read(dispatcher);
    const elapsed = Date.now() - started;
    expect(rows.map((row) => row.email)).toEqual(Array.from({ length: 6 }, (_, index) => `user${index + 1}@example.com`));
    const made = setup.fake.requests.length - before;
    expect(made).toBe(9);
    // 9 reads (and the token request, counted too) at 4 per 1.5 s need two full windows of waiting.
    expect(elapsed).toBeGreaterThanOrEqual(2 * QUOTA.perMs);
    console.log(`google-sheets: ${made} reads in ${elapsed} ms under a budget of ${QUOTA.requests} per ${QUOTA.perMs} ms, no 429`);
  }, 30_000);
});
