import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Plugin } from '../../../src/plugins/contract';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import { startFakeActiveCampaign, type FakeActiveCampaign } from '../../fakes/activecampaign';
import { startTestFerry, type TestFerry } from '../../helpers/ferry-server';
import { FAST_REQUESTS_PER_SECOND, fastPlugins, runToEnd, syncModelToContacts } from '../../helpers/sync-fixtures';
import { startSheetsSetup, type SheetsSetup } from './sheets-fake-setup';

describe('a Google Sheets tab synced into ActiveCampaign contacts, end to end over the GraphQL API', () => {
  let sheets: SheetsSetup;
  let ac: FakeActiveCampaign;
  let ferry: TestFerry;
  beforeAll(async () => {
    sheets = await startSheetsSetup();
    ac = await startFakeActiveCampaign({ requestsPerSecond: FAST_REQUESTS_PER_SECOND });
    ferry = await startTestFerry({}, [googleSheetsSource as Plugin, fastPlugins[1]]);
  }, 60_000);
  afterAll(async () => {
    await ferry?.stop();
    await ac?.close();
    await sheets?.fake.close();
  });

  test('source (tabs listed), table model on a tab, sync: the run creates every contact; a second run sends nothing', async () => {
    const people = Array.from({ length: 30 }, (_, index) => [`person${index + 1}@example.com`, `Person ${index + 1}`]);
    const sheet = sheets.fake.addSpreadsheet(
      'CRM',
      [{ title: 'People', cells: [['email', 'first_name'], ...people] }, { title: 'Notes' }],
      [sheets.account.email],
    );
    const { client } = ferry;
    const { createSource } = await client.data(
      `mutation($c: JSONObject!) { createSource(input: { name: "CRM sheet", type: "google-sheets", config: $c }) { id config lastTest { ok } } }`,
      {
        c: {
          serviceAccountKey: sheets.account.keyJson,
          spreadsheet: `https://docs.google.com/spreadsheets/d/${sheet.id}/edit`,
          apiUrl: sheets.fake.url,
        },
      },
    );
    expect(createSource.config.serviceAccountKey).toBeNull();
    expect(createSource.lastTest).toEqual({ ok: true });
    const { source } = await client.data(`query($id: ID!) { source(id: $id) { tables(first: 10) { schema name } } }`, { id: createSource.id });
    expect(source.tables).toEqual([
      { schema: null, name: 'People' },
      { schema: null, name: 'Notes' },
    ]);

    const sqlModel = await client.request(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'SQL', sourceId: createSource.id, sql: 'SELECT 1' },
    });
    expect(sqlModel.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Google Sheets has no SQL/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
      i: { name: 'People', sourceId: createSource.id, table: 'People' },
    });
    const syncId = await syncModelToContacts(client, createModel.id, ac, { name: 'Sheet to contacts' });
    const first = await runToEnd(client, syncId, false, 60_000);
    expect(first).toMatchObject({ status: 'SUCCEEDED', error: null, rowsRead: 30, rowsCreated: 30, rowsRejected: 0 });
    expect(ac.state.findContactByEmail('person12@example.com')?.firstName).toBe('Person 12');
    const second = await runToEnd(client, syncId, false, 60_000);
    expect(second).toMatchObject({ status: 'SUCCEEDED', rowsRead: 30, rowsChanged: 0 });
  }, 120_000);
});
