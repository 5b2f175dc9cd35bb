import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { fastPlugins } from '../../helpers/sync-fixtures';
import { startSheetsSetup, type SheetsSetup } from './sheets-fake-setup';

/** The fake's quota and the plugin's budget, both scaled down from 60 a minute so the test takes seconds. */
const QUOTA = { requests: 2, perMs: 1_000 };

describe("the API's Google Sheets calls share the source's read budget", () => {
  let setup: SheetsSetup;
  let ferry: TestFerry;
  beforeAll(async () => {
    setup = await startSheetsSetup({ readsPerWindow: QUOTA.requests, windowMs: QUOTA.perMs });
    const scaledDown = { ...googleSheetsSource, limits: (config: never) => ({ ...googleSheetsSource.limits!(config), ...QUOTA }) };
    ferry = await startTestFerry({}, [scaledDown as Plugin, fastPlugins[1]]);
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await setup?.fake.close();
  });

  test('createSource and six testSource calls in a row are paced under the quota: every one passes, none gets a 429', async () => {
    const sheet = setup.fake.addSpreadsheet('Budget', [{ title: 'People', cells: [['email'], ['a@example.com']] }], [setup.account.email]);
    const { client } = ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "Sheet", type: "google-sheets", config: $c }) { id lastTest { ok } } }`,
      {
        c: { serviceAccountKey: setup.account.keyJson, spreadsheet: sheet.id, apiUrl: setup.fake.url },
      },
    );
    expect(createSource.lastTest).toEqual({ ok: true });
    const started = Date.now();
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) {
      const { testSource } = await client.data(`mutation($id: ID!) { testSource(id: $id) { ok message } }`, { id: createSource.id });
      outcomes.push(testSource);
    }
    expect(outcomes).toEqual(Array(6).fill({ ok: true, message: null }));
    // Seven reads at 2 a second: at least two full windows of waiting.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * QUOTA.perMs);
  }, 60_000);
});
