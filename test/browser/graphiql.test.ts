import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../fakes/activecampaign';
import { foreignRequests, launchChromium, openRecordedPage, screenshot } from '../helpers/browser';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';
import { createSync, enginePlugins, startWarehouse, trigger, waitForRun, type Warehouse } from '../helpers/sync-fixtures';

/** The text of GraphiQL's editor (CodeMirror 5) under `selector`. */
// Functions, not strings: Playwright evaluates strings with eval, which the page's Content-Security-Policy forbids.
const editorText = (page: Page, selector: string): Promise<string> =>
  page.evaluate((s) => (globalThis as any).document.querySelector(`${s} .CodeMirror`)?.CodeMirror.getValue() ?? '', selector);

/**
 * Puts the named operation in GraphiQL's editor and presses its run button, once GraphiQL has taken in the edit:
 * it parses the editor 100 ms after a change (then stores the query and operation name), and before that would
 * still run the previous operation's name.
 */
async function runInIde(page: Page, operation: string, name: string): Promise<void> {
  await page.evaluate(
    (text) => (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(text),
    operation,
  );
  await page.waitForFunction(
    ([text, operationName]) => {
      const storage = (globalThis as any).localStorage;
      return storage.getItem('graphiql:query') === text && storage.getItem('graphiql:operationName') === operationName;
    },
    [operation, name],
  );
  await page.getByRole('button', { name: /Execute query/i }).click();
}

describe('the GraphQL IDE in a real Chromium', () => {
  let ferry: TestFerry;
  let browser: Browser;
  let fake: FakeActiveCampaign;
  let warehouse: Warehouse;
  let origin: string;

  beforeAll(async () => {
    // Each import takes 1.5 s at the fake, so a run lasts long enough to be watched.
    fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { processingDelayMs: 1_500 } });
    fake.state.addList({ name: 'Newsletter', stringid: 'newsletter' });
    warehouse = await startWarehouse();
    await warehouse.client.query(
      `CREATE TABLE people AS SELECT 'person' || g || '@example.com' AS email, 'Person ' || g AS first_name FROM generate_series(1, 600) g`,
    );
    ferry = await startTestFerry({}, enginePlugins);
    origin = new URL(ferry.url).origin;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ferry?.stop();
    await fake?.close();
    await warehouse?.close();
  });

  test('loads with every request going to Ferry, asks for the token once, runs a query and streams a run over the subscription', async () => {
    const { syncId } = await createSync(ferry.client, {
      warehouseUrl: warehouse.url,
      destination: { apiUrl: fake.url, apiKey: fake.apiKey },
      sql: 'SELECT email, first_name FROM people ORDER BY email',
      syncKey: { column: 'email', field: 'email' },
      mappings: [{ from: 'first_name', to: 'firstName' }],
      name: 'People',
    });
    const { page, record } = await openRecordedPage(browser, origin);
    const response = await page.goto(ferry.url);
    assert.equal(response?.status(), 200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/, 'scripts only from Ferry, none inline');
    assert.match(csp, /connect-src 'self'(;|$)/);

    await page.getByLabel('API token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Ferry refused this token').waitFor();
    await page.getByLabel('API token').fill(ferry.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
    assert.equal(
      await page.evaluate(() => (globalThis as any).sessionStorage.getItem('ferry.apiToken')),
      ferry.token,
      'the token is kept in session storage',
    );

    await runInIde(page, `query Syncs { syncs { id name } }`, 'Syncs');
    await page.waitForFunction(() =>
      /"syncs"|"errors"/.test((globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''),
    );
    assert.deepEqual(JSON.parse(await editorText(page, '.graphiql-response')), { data: { syncs: [{ id: syncId, name: 'People' }] } });
    const apiCalls = record.requests.filter((request) => request.url() === ferry.url && request.method() === 'POST');
    const authorizations = await Promise.all(apiCalls.map((call) => call.headerValue('authorization')));
    assert.equal(authorizations[0], 'Bearer not-the-token', 'the refused token was tried once');
    assert.ok(authorizations.length > 2);
    assert.deepEqual(new Set(authorizations.slice(1)), new Set([`Bearer ${ferry.token}`]), 'then every call carries the token');
    await screenshot(page, 'graphiql-query');

    const run = await trigger(ferry.client, syncId);
    await runInIde(page, `subscription WatchRun { syncRunUpdated(runId: "${run.id}") { status rowsRead rowsCreated progress } }`, 'WatchRun');
    const shown = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (!/"SUCCEEDED"|"errors"/.test([...shown].at(-1) ?? '') && Date.now() < deadline) {
      const text = await editorText(page, '.graphiql-response');
      if (/syncRunUpdated/.test(text)) shown.add(text);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const events = [...shown].map((text) => JSON.parse(text).data?.syncRunUpdated ?? JSON.parse(text));
    assert.ok(record.webSockets.length > 0, `the subscription went over a WebSocket: ${JSON.stringify(events)}`);
    assert.equal(events.at(-1)?.status, 'SUCCEEDED', JSON.stringify(events));
    assert.equal(events.at(-1)?.rowsCreated, 600);
    assert.ok(
      events.some((event) => event.status === 'RUNNING' && event.progress < 1),
      `a running state was shown before the end: ${JSON.stringify(events)}`,
    );
    assert.equal((await waitForRun(ferry.client, run.id)).status, 'SUCCEEDED');
    await screenshot(page, 'graphiql-subscription');

    const init = record.framesSent.map((frame) => JSON.parse(frame)).find((message) => message.type === 'connection_init');
    assert.deepEqual(init?.payload, { authorization: `Bearer ${ferry.token}` }, 'the token goes in connectionParams');
    assert.deepEqual(foreignRequests(record, origin), [], 'every request went to Ferry');
    assert.ok(
      record.requests.every((request) => !request.url().includes(ferry.token)),
      'the token is never in a URL',
    );
    assert.deepEqual(record.problems, [], 'no page error and no Content-Security-Policy violation');
  }, 90_000);

  test('the JSON API at /graphql is unchanged for clients that do not ask for HTML', async () => {
    // Apollo's CSRF prevention wants a non-simple header on GET: a JSON content type does.
    const get = await fetch(`${ferry.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${ferry.token}`, 'content-type': 'application/json' },
    });
    assert.deepEqual(await get.json(), { data: { __typename: 'Query' } });
    assert.equal(get.status, 200);
    const post = await fetch(ferry.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${ferry.token}`, 'content-type': 'application/json', accept: 'text/html, application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    assert.deepEqual(await post.json(), { data: { __typename: 'Query' } }, 'a POST is the API whatever it accepts');
    const anonymous = await fetch(ferry.url, { headers: { accept: 'application/json' } });
    assert.equal(anonymous.status, 401);
    for (const path of [
      '/graphiql/assets/../../package.json',
      '/graphiql/assets/graphiql@4.1.2/graphiql.js.map',
      '/ui/../package.json',
      '/ui/graphiql/ide.ts',
    ]) {
      assert.equal((await fetch(`${origin}${path}`)).status, 404, `${path}: only allow-listed files are served`);
    }
  });

  test('the IDE page names its assets, each served with its content type, and vendor files cached for good', async () => {
    const html = await (await fetch(ferry.url, { headers: { accept: 'text/html' } })).text();
    const paths = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    assert.equal(
      paths.filter((path) => /^\/graphiql\/assets\/(react|react-dom|graphql-ws|graphiql)@\d+\.\d+\.\d+\//.test(path)).length,
      5,
      paths.join(' '),
    );
    for (const path of paths) {
      const response = await fetch(`${origin}${path}`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      const versioned = path.startsWith('/graphiql/assets/');
      assert.equal(response.headers.get('cache-control'), versioned ? 'public, max-age=31536000, immutable' : 'no-cache', path);
      const etag = response.headers.get('etag')!;
      assert.equal((await fetch(`${origin}${path}`, { headers: { 'if-none-match': etag } })).status, 304, `${path} revalidates`);
    }
  });
});

describe('with FERRY_GRAPHIQL=false', () => {
  let ferry: TestFerry;
  let browser: Browser;

  beforeAll(async () => {
    ferry = await startTestFerry({ FERRY_GRAPHIQL: 'false' });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await ferry?.stop();
  });

  test('a browser at /graphql gets the JSON API answer, and no IDE asset is served', async () => {
    const { page } = await openRecordedPage(browser, new URL(ferry.url).origin);
    const response = await page.goto(ferry.url);
    assert.equal(response?.status(), 401);
    assert.match(response?.headers()['content-type'] ?? '', /^application\/json/);
    assert.equal((await response?.json())?.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const withToken = await fetch(ferry.url, { headers: { accept: 'text/html', authorization: `Bearer ${ferry.token}` } });
    assert.match(withToken.headers.get('content-type') ?? '', /^application\/json/, 'not an HTML landing page');
    const script = await fetch(new URL('/ui/graphiql/ide.js', ferry.url));
    assert.equal(script.status, 404);
  }, 30_000);
});
