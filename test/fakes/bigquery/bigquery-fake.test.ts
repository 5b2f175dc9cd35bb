import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'undici';
import { tokenFor } from '../google-oauth/fetch-token';
import { startFakeBigQuery, type FakeBigQuery } from './index';

const PROJECT = 'demo-project';

describe('fake BigQuery REST API v2', () => {
  let fake: FakeBigQuery;
  let token: string;
  beforeAll(async () => {
    fake = await startFakeBigQuery({ maxWaitMs: 150 });
    const account = fake.createServiceAccount('reader', PROJECT);
    token = await tokenFor(account.keyJson, 'https://www.googleapis.com/auth/bigquery');
    fake.warehouse.addTable(
      PROJECT,
      'crm',
      'people',
      [
        { name: 'id', type: 'INTEGER' },
        { name: 'seen', type: 'TIMESTAMP' },
      ],
      [
        [1, 1714979289123456n],
        [2, null],
        [3, null],
        [4, null],
        [5, null],
      ],
    );
    fake.warehouse.addDataset(PROJECT, 'eu', 'EU');
    for (const name of ['a', 'b', 'c']) fake.warehouse.addTable(PROJECT, 'eu', name, [{ name: 'id', type: 'INTEGER' }], []);
  });
  afterAll(() => fake.close());

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, bearer: string | null = token) => {
    const reply = await request(`${fake.url}/bigquery/v2/projects/${PROJECT}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: reply.statusCode, body: (await reply.body.json()) as any };
  };
  const query = (body: Record<string, unknown>) => call('POST', '/queries', { useLegacySql: false, ...body });

  test('no token → 401 UNAUTHENTICATED; a token without a BigQuery scope → 403', async () => {
    expect((await call('POST', '/queries', { query: 'SELECT 1' }, null)).body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    const account = fake.createServiceAccount('sheets-only', PROJECT);
    const sheetsToken = await tokenFor(account.keyJson, 'https://www.googleapis.com/auth/spreadsheets.readonly');
    expect((await call('POST', '/queries', { query: 'SELECT 1' }, sheetsToken)).body.error).toMatchObject({
      code: 403,
      message: 'Request had insufficient authentication scopes.',
    });
  });

  test('jobs.query defaults to legacy SQL: without useLegacySql false the fake refuses', async () => {
    const { status, body } = await call('POST', '/queries', { query: 'SELECT 1' });
    expect(status).toBe(400);
    expect(body.error.errors[0].reason).toBe('invalidQuery');
  });

  test('a dry run gives the schema and creates no job', async () => {
    const before = fake.jobs.all().length;
    const { status, body } = await query({ query: 'SELECT id FROM `crm.people`', dryRun: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ schema: { fields: [{ name: 'id', type: 'INTEGER' }] }, jobComplete: true, totalBytesProcessed: '0' });
    expect(body.rows).toBeUndefined();
    expect(body.jobReference.jobId).toBeUndefined();
    expect(fake.jobs.all()).toHaveLength(before);
  });

  test('pages: maxResults rows per page, pageToken to the next, totalRows of the whole result', async () => {
    const first = await query({ query: 'SELECT id FROM `crm.people`', maxResults: 2 });
    expect(first.body).toMatchObject({ jobComplete: true, totalRows: '5', rows: [{ f: [{ v: '1' }] }, { f: [{ v: '2' }] }] });
    const ids = first.body.rows.map((row: any) => row.f[0].v);
    let pageToken = first.body.pageToken as string | undefined;
    while (pageToken) {
      const next = await call('GET', `/queries/${first.body.jobReference.jobId}?location=US&maxResults=2&pageToken=${pageToken}`);
      ids.push(...next.body.rows.map((row: any) => row.f[0].v));
      pageToken = next.body.pageToken;
    }
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
  });

  test('TIMESTAMP comes as float seconds by default, as int64 microseconds with formatOptions.useInt64Timestamp', async () => {
    expect((await query({ query: 'SELECT seen FROM `crm.people`', maxResults: 1 })).body.rows[0].f[0].v).toBe('1.714979289123456E9');
    expect(
      (await query({ query: 'SELECT seen FROM `crm.people`', maxResults: 1, formatOptions: { useInt64Timestamp: true } })).body.rows[0].f[0].v,
    ).toBe('1714979289123456');
  });

  test('a slow job answers jobComplete: false with its reference, then getQueryResults completes; cancel stops a running job', async () => {
    const started = await query({ query: '/* fake:slow 0.4 */ SELECT 1 AS x', timeoutMs: 10 });
    expect(started.body).toMatchObject({ jobComplete: false, jobReference: { projectId: PROJECT, location: 'US' } });
    expect(started.body.rows).toBeUndefined();
    const done = await call('GET', `/queries/${started.body.jobReference.jobId}?location=US&timeoutMs=1000`);
    expect(done.body).toMatchObject({ jobComplete: false });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await call('GET', `/queries/${started.body.jobReference.jobId}?location=US`)).body).toMatchObject({
      jobComplete: true,
      rows: [{ f: [{ v: '1' }] }],
    });

    const slow = await query({ query: '/* fake:slow 30 */ SELECT 1 AS x', timeoutMs: 10 });
    const jobId = slow.body.jobReference.jobId;
    expect(fake.jobs.running().map((job) => job.jobId)).toContain(jobId);
    expect((await call('POST', `/jobs/${jobId}/cancel?location=US`)).body).toMatchObject({
      kind: 'bigquery#jobCancelResponse',
      job: { status: { state: 'DONE' } },
    });
    expect(fake.jobs.running()).toHaveLength(0);
    expect((await call('GET', `/queries/${jobId}?location=US`)).body.error.errors[0].reason).toBe('stopped');
  });

  test("errors have Google's shape: invalidQuery 400, notFound 404 naming the location, a job looked up in the wrong location", async () => {
    const invalid = await query({ query: 'SELEC 1' });
    expect(invalid).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Syntax error: Unexpected identifier "SELEC" at [1:1]',
          errors: [
            {
              message: 'Syntax error: Unexpected identifier "SELEC" at [1:1]',
              domain: 'global',
              reason: 'invalidQuery',
              location: 'q',
              locationType: 'parameter',
            },
          ],
          status: 'INVALID_ARGUMENT',
        },
      },
    });
    const elsewhere = await query({ query: 'SELECT * FROM `eu.a`' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error).toMatchObject({
      message: 'Not found: Dataset demo-project:eu was not found in location US',
      status: 'NOT_FOUND',
      errors: [{ reason: 'notFound' }],
    });
    expect((await query({ query: 'SELECT * FROM `eu.a`', location: 'EU' })).status).toBe(200);
    const job = await query({ query: 'SELECT 1' });
    expect((await call('GET', `/queries/${job.body.jobReference.jobId}?location=EU`)).status).toBe(404);
  });

  test('datasets.list and tables.list page with maxResults and nextPageToken', async () => {
    const datasets = await call('GET', '/datasets');
    expect(datasets.body.datasets.map((d: any) => [d.datasetReference.datasetId, d.location])).toEqual([
      ['crm', 'US'],
      ['eu', 'EU'],
    ]);
    const first = await call('GET', '/datasets/eu/tables?maxResults=2');
    expect(first.body).toMatchObject({ totalItems: 3, nextPageToken: '2' });
    expect(first.body.tables.map((t: any) => t.tableReference.tableId)).toEqual(['a', 'b']);
    const second = await call('GET', `/datasets/eu/tables?maxResults=2&pageToken=${first.body.nextPageToken}`);
    expect(second.body.tables.map((t: any) => t.tableReference.tableId)).toEqual(['c']);
    expect(second.body.nextPageToken).toBeUndefined();
  });
});
