import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { createApiToken } from '../../src/schema/auth';
import { seedDemoData, startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { foreignRequests, launchChromium, openRecordedPage, screenshot, type PageRecord } from '../helpers/browser';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { createSync, enginePlugins, startWarehouse, waitForRun, type Warehouse } from '../helpers/sync-fixtures';

/** The README walkthrough's sample: 1,000 customers and three rows ActiveCampaign refuses (src/cli/sample-data.ts). */
const sampleCustomers = `
  CREATE TABLE customers AS
  SELECT 'customer' || g || '@example.com' AS email,
         (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'])[1 + g % 5] AS first_name,
         'Customer ' || g AS last_name,
         CASE WHEN g % 2 = 0 THEN ARRAY['newsletter'] ELSE ARRAY['newsletter', 'product-updates'] END AS lists,
         (ARRAY['Free', 'Pro', 'Enterprise'])[1 + g % 3] AS plan
  FROM generate_series(1, 1000) g;
  INSERT INTO customers VALUES
    ('do-not-contact@example.com', 'Do Not', 'Contact', ARRAY['newsletter'], 'Free'),
    ('not-an-email', 'Bad', 'Address', ARRAY['newsletter'], 'Free'),
    ('no-such-list@example.com', 'Lost', 'List', ARRAY['vip-lounge'], 'Pro');`;

async function signIn(page: Page, token: string): Promise<void> {
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the run console in a real Chromium', () => {
  let ferry: TestFerry;
  let browser: Browser;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let origin: string;
  let syncId: string;

  beforeAll(async () => {
    // ActiveCampaign's real 5 requests per second, and imports that take 0.8 s: a run of a few seconds to watch.
    // One import after another (as the real importer queues an account's imports), so they settle a second or more
    // apart and the bar has several values to show between half and full.
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 800, fifo: { contactsPerSecond: 500 } } });
    const demo = seedDemoData(fake.state);
    warehouse = await startWarehouse();
    await warehouse.client.query(sampleCustomers);
    ferry = await startTestFerry({}, enginePlugins);
    origin = new URL(ferry.url).origin;
    ({ syncId } = await createSync(ferry.client, {
      name: 'Customers',
      warehouseUrl: warehouse.url,
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      sql: 'SELECT email, first_name, last_name, lists, plan FROM customers',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'first_name', to: 'firstName' },
        { from: 'last_name', to: 'lastName' },
        { from: 'lists', to: 'lists' },
        { from: 'plan', to: `field:${demo.fields.plan.id}` },
        { constant: 'warehouse', to: 'tags' },
      ],
      fake,
    }));
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('log in, preview, run a sync and watch it live to PARTIAL, with the three rejected rows and their reasons', async () => {
    const { page, record } = await openRecordedPage(browser, origin);
    let loads = 0;
    page.on('load', () => (loads += 1));
    const response = await page.goto(`${origin}/`);
    assert.match(response?.headers()['content-security-policy'] ?? '', /default-src 'self'/);
    await screenshot(page, 'console-login');
    await signIn(page, ferry.token);

    const row = page.locator(`tr[data-sync-id="${syncId}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /Customers[\s\S]*on demand[\s\S]*never run/);
    await screenshot(page, 'console-syncs');
    await row.getByRole('link', { name: 'Customers' }).click();

    await page.getByRole('button', { name: 'Preview the next run' }).click();
    await page.getByText(/Rows read 1,003: 1,003 to send, 0 unchanged/).waitFor();

    const writesBefore = fake.state.findContactByEmail('customer1@example.com');
    assert.equal(writesBefore, undefined, 'the preview wrote nothing');
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.waitForURL(/#\/runs\//);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));

    // Follow what the page shows while the run goes on: progress values and statuses, read from the DOM.
    const seen: Array<{ status: string; progress: number; estimate: string }> = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      const state = await page.evaluate(() => {
        const document = (globalThis as any).document;
        return {
          status: document.querySelector('#run-status .badge')?.dataset.status ?? '',
          progress: Number(document.querySelector('#run-progress')?.value ?? -1),
          estimate: document.querySelector('#run-estimate')?.textContent ?? '',
        };
      });
      if (JSON.stringify(state) !== JSON.stringify(seen.at(-1))) seen.push(state);
      if (
        state.status === 'RUNNING' &&
        state.progress > 0.5 &&
        state.progress < 1 &&
        !seen.some((earlier) => earlier !== state && earlier.progress > 0.5 && earlier.progress < 1)
      ) {
        await screenshot(page, 'console-run-live');
      }
      if (['PARTIAL', 'SUCCEEDED', 'FAILED', 'CANCELLED'].includes(state.status) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await screenshot(page, 'console-run');
    assert.equal(seen.at(-1)?.status, 'PARTIAL', JSON.stringify(seen));
    assert.equal(seen.at(-1)?.progress, 1);
    const midway = seen.filter((state) => state.status === 'RUNNING' && state.progress > 0 && state.progress < 1);
    assert.ok(midway.length >= 2, `the progress bar moved live through several values: ${JSON.stringify(seen)}`);
    assert.ok(
      midway.every((state, i) => i === 0 || state.progress >= midway[i - 1].progress),
      'and never backwards',
    );
    assert.ok(
      seen.some((state) => /left/.test(state.estimate)),
      `an estimate of the time left was shown: ${JSON.stringify(seen)}`,
    );
    assert.equal(loads, 1, 'without reloading the page');
    assert.equal((await waitForRun(ferry.client, runId)).status, 'PARTIAL');
    assert.ok(
      record.framesSent.some((frame) => frame.includes('syncRunUpdated')),
      'over the syncRunUpdated subscription',
    );

    await page.getByText('3 rejected rows; showing 1–3.').waitFor();
    const rejected = await page
      .locator('#rejected-rows tbody tr')
      .evaluateAll((rows) =>
        rows
          .map((row: any) => ({ key: row.cells[0].textContent, reason: row.cells[1].textContent }))
          .sort((a: any, b: any) => a.key.localeCompare(b.key)),
      );
    assert.equal(rejected.length, 3);
    assert.deepEqual(
      rejected.map((row) => row.key),
      ['do-not-contact@example.com', 'no-such-list@example.com', 'not-an-email'],
    );
    assert.equal(rejected[0].reason, 'Row skipped - It is on exclusion list');
    assert.match(rejected[1].reason, /^List "vip-lounge" not found in ActiveCampaign: use the list's ID or its string ID/);
    assert.match(rejected[2].reason, /Email Address is not valid/);
    assert.match(await page.locator('dd[data-counter="rowsCreated"]').innerText(), /^1,000$/);
    await page.locator('#rejected-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-run-rejected');

    assert.deepEqual(foreignRequests(record, origin), [], 'every request went to Ferry');
    assert.deepEqual(record.problems, [], 'no page error and no Content-Security-Policy violation');
  }, 120_000);

  test('a wrong token, typed or left in the tab from before, shows the login page with the reason', async () => {
    const { page, record } = await openRecordedPage(browser, origin);
    await page.goto(`${origin}/`);
    await signIn(page, 'wrong-token-0123456789');
    await page.getByText('Ferry refused this token').waitFor();
    assert.equal(await page.locator('#content').isVisible(), false, 'nothing of the console is shown');

    await page.evaluate(() => (globalThis as any).sessionStorage.setItem('ferry.apiToken', 'revoked-token-0123456789'));
    await page.reload();
    await page.getByText('Your token is no longer accepted: sign in again.').waitFor();
    assert.equal(await page.getByLabel('API token').isVisible(), true);
    await screenshot(page, 'console-wrong-token');
    assert.equal(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('ferry.apiToken')), null, 'the refused token is forgotten');

    await signIn(page, ferry.token);
    await page.getByRole('heading', { name: 'Syncs' }).waitFor();
    // After signing in, focus moves to the content, once it is drawn.
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'content', undefined, { timeout: 5_000 });
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => (globalThis as any).document.activeElement?.textContent),
      'Customers',
      'the keyboard reaches the first sync',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Customers' }).waitFor();
    // A new page puts the focus on its content.
    await page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'content', undefined, { timeout: 5_000 });
    await page.getByRole('button', { name: 'Forget token' }).click();
    await page.getByLabel('API token').waitFor();

    // A token revoked while the console is open: the next call is refused, and the sign-in page comes back.
    const { token: stored, apiToken } = await createApiToken(ferry.ferry.db, 'revoked-while-open');
    await signIn(page, stored);
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor(); // the page it was on
    await ferry.client.data('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id });
    await page.getByRole('navigation').getByRole('link', { name: 'Syncs' }).click();
    await page.getByText('Ferry no longer accepts your token (revoked or expired): sign in again.').waitFor();
    assert.equal(await page.locator('#content').isVisible(), false);
    assertNoProblems(record);
  }, 60_000);
});

function assertNoProblems(record: PageRecord): void {
  assert.deepEqual(record.problems, []);
}

describe('with FERRY_CONSOLE=false', () => {
  let ferry: TestFerry;

  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_CONSOLE: 'false' });
  }, 60_000);

  afterAll(async () => {
    await ferry?.stop();
  });

  test('/ is a 404 and the console scripts are not served', async () => {
    const origin = new URL(ferry.url).origin;
    assert.equal((await fetch(`${origin}/`, { headers: { accept: 'text/html' } })).status, 404);
    assert.equal((await fetch(`${origin}/ui/console/main.js`)).status, 404);
    assert.equal((await fetch(`${origin}/ui/shared/token.js`)).status, 200, 'the IDE still uses the shared files');
  });
});
