import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'undici';
import { tokenFor } from '../google-oauth/fetch-token';
import { startFakeSheets, type FakeSheets, type FakeSpreadsheet } from './index';

describe('fake Google Sheets API v4', () => {
  let fake: FakeSheets;
  let token: string;
  let sheet: FakeSpreadsheet;
  beforeAll(async () => {
    fake = await startFakeSheets({ readsPerWindow: 1000 });
    const account = fake.createServiceAccount('reader', 'demo-project');
    token = await tokenFor(account.keyJson, 'https://www.googleapis.com/auth/spreadsheets.readonly');
    sheet = fake.addSpreadsheet(
      'Demo',
      [
        {
          title: 'Sheet1',
          rowCount: 5,
          columnCount: 4,
          cells: [['a', 'b', 'c'], [1, '', true], ['x'], [], [{ date: '2024-03-02', format: 'M/d/yyyy' }, 2.5]],
        },
        { title: 'Empty tab' },
      ],
      [account.email],
    );
  });
  afterAll(() => fake.close());

  const get = async (path: string, bearer = token) => {
    const reply = await request(`${fake.url}/v4/spreadsheets/${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    return { status: reply.statusCode, body: (await reply.body.json()) as any };
  };
  const values = (range: string, query = '') => get(`${sheet.id}/values/${encodeURIComponent(range)}${query}`);

  test("spreadsheets.get with fields=sheets.properties gives each tab's title and grid size", async () => {
    expect((await get(`${sheet.id}?fields=sheets.properties`)).body).toEqual({
      sheets: [
        {
          properties: { sheetId: expect.any(Number), title: 'Sheet1', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 5, columnCount: 4 } },
        },
        {
          properties: {
            sheetId: expect.any(Number),
            title: 'Empty tab',
            index: 1,
            sheetType: 'GRID',
            gridProperties: { rowCount: 1000, columnCount: 26 },
          },
        },
      ],
    });
  });

  test('values.get leaves out trailing empty cells and rows; empty cells inside a row are ""', async () => {
    expect((await values('Sheet1!A1:D5', '?valueRenderOption=UNFORMATTED_VALUE')).body).toEqual({
      range: 'Sheet1!A1:D5',
      majorDimension: 'ROWS',
      values: [['a', 'b', 'c'], [1, '', true], ['x'], [], [45353, 2.5]],
    });
    expect((await values("'Empty tab'!A1:C3")).body).toEqual({ range: "'Empty tab'!A1:C3", majorDimension: 'ROWS' });
    expect((await values('Sheet1!A3:D4')).body.values).toEqual([['x']]);
  });

  test('render options: FORMATTED_VALUE (default) gives text; dates as serial numbers or as the sheet shows them', async () => {
    expect((await values('Sheet1!A2:C2')).body.values).toEqual([['1', '', 'TRUE']]);
    expect((await values('Sheet1!A5:A5', '?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER')).body.values).toEqual([[45353]]);
    expect((await values('Sheet1!A5:A5', '?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING')).body.values).toEqual([
      ['3/2/2024'],
    ]);
  });

  test('A1 ranges: open-ended, whole rows, whole tab, quoted titles; beyond the grid and unknown tabs are 400', async () => {
    expect((await values('Sheet1!1:1')).body.values).toEqual([['a', 'b', 'c']]);
    expect((await values('Sheet1!B2:C')).body.values).toEqual([['', 'TRUE'], [], [], ['2.5']]);
    expect((await values('Sheet1')).body.range).toBe('Sheet1!A1:D5');
    const beyond = await values('Sheet1!A1:Z9');
    expect(beyond).toEqual({
      status: 400,
      body: { error: { code: 400, message: 'Range (Sheet1!A1:Z9) exceeds grid limits. Max rows: 5, max columns: 4', status: 'INVALID_ARGUMENT' } },
    });
    expect((await values('Nope!A1:B2')).body.error.message).toBe('Unable to parse range: Nope!A1:B2');
  });

  test('403 PERMISSION_DENIED for a spreadsheet not shared with the caller, 404 NOT_FOUND for a missing one, 401 without a token', async () => {
    const other = fake.addSpreadsheet('Private', [{ title: 'Sheet1' }], ['someone@example.com']);
    expect((await get(`${other.id}?fields=sheets.properties`)).body).toEqual({
      error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' },
    });
    expect((await get('1missingxxxxxxxxxxxxxxxxxxxxxxxx')).body).toEqual({
      error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
    });
    expect((await get(sheet.id, 'ya29.unknown')).status).toBe(401);
  });

  test('the read quota: past its requests per window, 429 RESOURCE_EXHAUSTED until the window moves on', async () => {
    const limited = await startFakeSheets({ readsPerWindow: 3, windowMs: 400 });
    try {
      const account = limited.createServiceAccount('busy', 'demo-project');
      const busyToken = await tokenFor(account.keyJson, 'https://www.googleapis.com/auth/spreadsheets.readonly');
      const doc = limited.addSpreadsheet('Busy', [{ title: 'Sheet1' }], [account.email]);
      const read = async () =>
        (await request(`${limited.url}/v4/spreadsheets/${doc.id}`, { headers: { authorization: `Bearer ${busyToken}` } })).statusCode;
      expect([await read(), await read(), await read()]).toEqual([200, 200, 200]);
      const refused = await request(`${limited.url}/v4/spreadsheets/${doc.id}`, { headers: { authorization: `Bearer ${busyToken}` } });
      expect(refused.statusCode).toBe(429);
      expect(((await refused.body.json()) as any).error).toMatchObject({
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: expect.stringMatching(/'Read requests per minute per user'/),
      });
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await read()).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
