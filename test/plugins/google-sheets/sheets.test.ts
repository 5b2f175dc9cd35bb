import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ConnectionError, PluginConfigError, type Row } from '../../../src/plugins/contract';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import type { SheetsConfig } from '../../../src/plugins/sources/google/sheets/config';
import { pluginContext } from '../../helpers/plugin-context';
import { startSheetsSetup, type SheetsSetup } from './sheets-fake-setup';

async function readAll(rows: AsyncIterable<Row[]>): Promise<Row[][]> {
  const batches: Row[][] = [];
  for await (const batch of rows) batches.push(batch);
  return batches;
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );

describe('google-sheets source', () => {
  let setup: SheetsSetup;
  let config: SheetsConfig;
  let spreadsheetId: string;

  beforeAll(async () => {
    setup = await startSheetsSetup();
    const sheet = setup.fake.addSpreadsheet(
      'CRM export',
      [
        {
          title: 'People',
          rowCount: 12,
          columnCount: 6,
          cells: [
            ['email', 'name', 'score', 'active', 'joined', 'note'],
            ['ada@example.com', 'Ada', 36.5, true, { date: '2024-03-01', format: 'yyyy-mm-dd' }, 'first'],
            ['alan@example.com', '', 41, false, { date: '2024-03-02', format: 'M/d/yyyy' }],
            [],
            ['grace@example.com', 'Grace', 0, null, null, null],
          ],
        },
        { title: "Bob's tab", cells: [['id'], [1], [2]] },
        {
          title: 'Blank header',
          cells: [
            ['email', 'name', '', 'city'],
            ['a@example.com', 'A', 'x', 'Paris'],
          ],
        },
        {
          title: 'Twice',
          cells: [
            ['email', 'name', 'email'],
            ['a@example.com', 'A', 'b@example.com'],
          ],
        },
        { title: 'Empty', cells: [] },
        { title: 'Chart', sheetType: 'OBJECT' },
      ],
      [setup.account.email],
    );
    spreadsheetId = sheet.id;
    config = setup.config(spreadsheetId);
  });
  afterAll(() => setup.fake.close());

  const table = (name: string) => ({ kind: 'table' as const, table: { schema: null, name } });
  const ctx = () => pluginContext();

  test('test() opens the spreadsheet; tables() lists its cell tabs, searched and limited', async () => {
    await googleSheetsSource.test(config, ctx());
    expect(await googleSheetsSource.tables!(config, { first: 10 }, ctx())).toEqual(
      ['People', "Bob's tab", 'Blank header', 'Twice', 'Empty'].map((name) => ({ schema: null, name })),
    );
    expect(await googleSheetsSource.tables!(config, { first: 10, search: 'BOB' }, ctx())).toEqual([{ schema: null, name: "Bob's tab" }]);
    expect(await googleSheetsSource.tables!(config, { first: 2 }, ctx())).toHaveLength(2);
  });

  test('columns() are row 1 of the tab, read alone', async () => {
    const before = setup.fake.requests.length;
    expect(await googleSheetsSource.columns(config, table('People'), ctx())).toEqual(
      ['email', 'name', 'score', 'active', 'joined', 'note'].map((name) => ({ name, type: 'any' })),
    );
    expect(setup.fake.requests.slice(before).filter((line) => line.includes('/values/'))).toEqual([
      expect.stringContaining("/values/'People'!A1:F1?"),
    ]);
  });

  test('read() yields rows by header: numbers, booleans, dates as shown, blanks and left-out cells as null, blank rows skipped', async () => {
    const rows = (await readAll(googleSheetsSource.read(config, table('People'), { batchSize: 100 }, ctx()))).flat();
    expect(rows).toEqual([
      { email: 'ada@example.com', name: 'Ada', score: 36.5, active: true, joined: '2024-03-01', note: 'first' },
      { email: 'alan@example.com', name: null, score: 41, active: false, joined: '3/2/2024', note: null },
      { email: 'grace@example.com', name: 'Grace', score: 0, active: null, joined: null, note: null },
    ]);
  });

  test('reads in windows of batchSize rows inside the grid, and stops at the first window with no values', async () => {
    const before = setup.fake.requests.length;
    const batches = await readAll(googleSheetsSource.read(config, table('People'), { batchSize: 2 }, ctx()));
    expect(batches.map((batch) => batch.length)).toEqual([2, 1]);
    const windows = setup.fake.requests
      .slice(before)
      .filter((line) => line.includes('/values/'))
      .map((line) => /values\/([^?]+)/.exec(line)![1]);
    expect(windows).toEqual(["'People'!A1:F1", "'People'!A2:F3", "'People'!A4:F5", "'People'!A6:F7"]);
    expect(
      setup.fake.requests.slice(before).every((line) => !line.includes('/values/') || line.includes('valueRenderOption=UNFORMATTED_VALUE')),
    ).toBe(true);
  });

  test('a tab name with a quote is quoted in A1 notation', async () => {
    const rows = (await readAll(googleSheetsSource.read(config, table("Bob's tab"), { batchSize: 10 }, ctx()))).flat();
    expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
  });

  test('a blank or repeated header is refused naming the cell; an empty tab says to add a header', async () => {
    expect((await failure(googleSheetsSource.columns(config, table('Blank header'), ctx()))).message).toMatch(
      /^Cell C1 of the tab "Blank header" is blank/,
    );
    const twice = await failure(googleSheetsSource.columns(config, table('Twice'), ctx()));
    expect(twice).toBeInstanceOf(PluginConfigError);
    expect(twice.message).toMatch(/"email" twice, in A1 and C1/);
    expect((await failure(googleSheetsSource.columns(config, table('Empty'), ctx()))).message).toMatch(
      /^The tab "Empty" is empty: put the column names in row 1/,
    );
  });

  test('SQL models and unknown tabs are refused with what to do', async () => {
    expect((await failure(googleSheetsSource.columns(config, { kind: 'sql', sql: 'SELECT 1' }, ctx()))).message).toMatch(
      /^Google Sheets has no SQL: make the model a table model/,
    );
    expect((await failure(googleSheetsSource.columns(config, table('Nope'), ctx()))).message).toMatch(
      /no tab named "Nope": its tabs are "People", "Bob's tab"/,
    );
  });

  test('a spreadsheet not shared with the service account names the email to share it with', async () => {
    const private_ = setup.fake.addSpreadsheet('Private', [{ title: 'Sheet1', cells: [['a']] }], ['someone@example.com']);
    const error = await failure(googleSheetsSource.test(setup.config(private_.id), ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /not shared with the service account \(The caller does not have permission\).*add ferry-sheets@ferry-test\.iam\.gserviceaccount\.com as a Viewer/,
    );
  });

  test('a spreadsheet that does not exist says to check the setting', async () => {
    const error = await failure(googleSheetsSource.test(setup.config('1NoSuchSpreadsheetxxxxxxxxxxxxxxxxxxxxxxxxx'), ctx()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/no spreadsheet with the id 1NoSuchSpreadsheet.*check spreadsheet/);
  });

  test('the spreadsheet setting takes a URL or an id, and refuses anything else', () => {
    const parse = (spreadsheet: string) => googleSheetsSource.config.safeParse({ ...config, spreadsheet });
    expect(parse(spreadsheetId).success).toBe(true);
    expect(parse(`https://docs.google.com/spreadsheets/u/0/d/${spreadsheetId}/edit?usp=sharing`).success).toBe(true);
    expect(parse('https://example.com/spreadsheets/d/abc').error?.issues[0].message).toMatch(/not the address of a Google Sheets spreadsheet/);
    expect(parse('my sheet').error?.issues[0].message).toMatch(/neither a spreadsheet URL nor a spreadsheet id/);
  });

  test('an abort during a slow read throws at once, and the request is dropped on the server too', async () => {
    const slow = setup.fake.addSpreadsheet('Slow', [{ title: 'Slow', cells: [['x'], [1]], delayMs: 30_000 }], [setup.account.email]);
    const controller = new AbortController();
    const reading = readAll(
      googleSheetsSource.read(setup.config(slow.id), table('Slow'), { batchSize: 10 }, pluginContext({ signal: controller.signal })),
    );
    reading.catch(() => undefined);
    for (let waited = 0; setup.fake.inFlight() === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(setup.fake.inFlight()).toBe(1);
    const reason = new Error('run cancelled');
    const abortedAt = Date.now();
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    for (let waited = 0; setup.fake.inFlight() > 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(setup.fake.inFlight()).toBe(0);
  });

  test('limits() is the documented read quota, keyed by the service account', () => {
    expect(googleSheetsSource.limits!(config)).toEqual({ key: `google-sheets ${setup.account.email}`, requests: 60, perMs: 60_000 });
  });
});
