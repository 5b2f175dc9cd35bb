import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { launchChromium, openRecordedPage, screenshot } from '../helpers/browser';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { createSync, fastPlugins, FAST_REQUESTS_PER_SECOND, startWarehouse, waitForRun, type Warehouse } from '../helpers/sync-fixtures';

describe('the change guard in the run console', () => {
  let ferry: TestFerry;
  let browser: Browser;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let syncId: string;

  beforeAll(async () => {
    fake = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, bulkImport: { processingDelayMs: 20 } });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE members AS SELECT 'member' || g || '@example.com' AS email, 'Member ' || g AS first_name FROM generate_series(1, 10) g`,
    );
    ferry = await startTestFerry({}, fastPlugins);
    ({ syncId } = await createSync(ferry.client, {
      name: 'Members',
      warehouseUrl: warehouse.url,
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      sql: 'SELECT email, first_name FROM members',
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      fake,
    }));
    await ferry.client.data(`mutation($id: ID!) { updateSync(id: $id, input: { changeGuard: { maxRecords: 3 } }) { id } }`, { id: syncId });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('the preview says the next run would be stopped, and "Run past the guard" lets one run through', async () => {
    const origin = new URL(ferry.url).origin;
    const { page } = await openRecordedPage(browser, origin);
    await page.goto(`${origin}/`);
    await page.getByLabel('API token').fill(ferry.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`tr[data-sync-id="${syncId}"]`).getByRole('link', { name: 'Members' }).click();

    await page.getByRole('button', { name: 'Preview the next run' }).click();
    await page.getByText(/^The next run would be stopped by the change guard before any write: it would send 10 records/).waitFor();
    await screenshot(page, 'console-change-guard');
    assert.equal(fake.state.findContactByEmail('member1@example.com'), undefined, 'the preview wrote nothing');

    const button = page.getByRole('button', { name: 'Run past the guard' });
    assert.match((await button.getAttribute('title')) ?? '', /a run may send at most 3 records/);
    await button.click();
    await page.waitForURL(/#\/runs\//);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    const run = await waitForRun(ferry.client, runId);
    assert.deepEqual([run.status, run.rowsCreated], ['SUCCEEDED', 10], JSON.stringify(run));
    assert.equal(fake.state.findContactByEmail('member1@example.com')?.firstName, 'Member 1');
  }, 60_000);
});
