import { sourceConformance, type FixtureColumn, type SourceFixture } from '../../conformance';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import type { SheetsConfig } from '../../../src/plugins/sources/google/sheets/config';
import type { FakeCell, FakeSpreadsheet } from '../../fakes/google-sheets';
import { startSilentServer } from '../../helpers/silent-server';
import { forgedKey } from '../google-service-account/forged-key';
import { startSheetsSetup, type SheetsSetup } from './sheets-fake-setup';

/**
 * A cell holding the suite's value as a spreadsheet can: numbers and booleans as such, dates as date cells shown
 * yyyy-mm-dd, everything else as text. A spreadsheet has no instants, JSON or arrays (they would come back as
 * text): `lacks` says so, and the suite skips those value forms with the reason.
 */
function cell(column: FixtureColumn, value: unknown): FakeCell {
  if (value === null || value === undefined) return null;
  if (column.type === 'date') return { date: String(value), format: 'yyyy-mm-dd' };
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

let setup: SheetsSetup;
let sheet: FakeSpreadsheet;
let silent: Awaited<ReturnType<typeof startSilentServer>>;

const table = (name: string) => ({ kind: 'table' as const, table: { schema: null, name } });

function addTab(
  title: string,
  cells: FakeCell[][] | ((row: number) => FakeCell[] | undefined),
  rowCount: number,
  columnCount: number,
  delayMs?: number,
) {
  sheet.tabs.push({ sheetId: sheet.tabs.length + 100, title, sheetType: 'GRID', rowCount: Math.max(rowCount, 1), columnCount, cells, delayMs });
}

const fixture: SourceFixture<SheetsConfig> = {
  plugin: googleSheetsSource,
  pluginModule: { path: require.resolve('../../../src/plugins/sources/google/sheets'), exportName: 'googleSheetsSource' },
  async setUp() {
    // The read quota has its own test (read-quota.test.ts); here it is out of the way of a million-row read.
    setup = await startSheetsSetup({ readsPerWindow: 1_000_000 });
    sheet = setup.fake.addSpreadsheet('Conformance', [{ title: 'Sheet1' }], [setup.account.email]);
    silent = await startSilentServer();
    return setup.config(sheet.id);
  },
  async tearDown() {
    await setup?.fake.close();
    await silent?.close();
  },
  badConfigs: (good) => ({
    wrongPassword: {
      config: { ...good, serviceAccountKey: forgedKey(good.serviceAccountKey) },
      message: /Invalid JWT Signature\..*Create a new JSON key/,
    },
    unknownDatabase: {
      config: { ...good, spreadsheet: '1NoSuchSpreadsheetxxxxxxxxxxxxxxxxxxxxxxxxx' },
      message: /no spreadsheet with the id 1NoSuchSpreadsheet.*check spreadsheet/,
    },
    unreachableHost: { config: { ...good, apiUrl: 'http://127.0.0.1:1' }, message: /Could not reach 127\.0\.0\.1:1 \(ECONNREFUSED\)/ },
    timeout: { config: { ...good, apiUrl: silent.url, requestTimeoutSeconds: 1 }, message: /did not answer within 1 seconds/ },
  }),
  async createTable(name: string, columns: FixtureColumn[], rows: unknown[][]) {
    const cells = [columns.map((column) => column.name), ...rows.map((row) => columns.map((column, index) => cell(column, row[index])))];
    addTab(name, cells, cells.length, columns.length);
    return table(name);
  },
  lacks: {
    failsWhenExecuted: 'a spreadsheet has no query that fails when run; columns() reads row 1 alone (sheets.test.ts checks the ranges it asks for)',
    instants: 'a spreadsheet cell holds a number, text, a boolean or a date shown as text: never an instant with a time zone',
    json: 'a spreadsheet cell holds no JSON: JSON text comes back as text',
    arrays: 'a spreadsheet cell holds no array: one value per cell',
  },
  generatedRows(count) {
    const name = `generated ${count}`;
    if (!sheet.tabs.some((tab) => tab.title === name)) {
      addTab(
        name,
        (row) =>
          row === 0
            ? ['id', 'email', 'amount', 'created']
            : row <= count
              ? [row, `user${row}@example.com`, row / 100, { date: '2024-01-01', format: 'yyyy-mm-dd' }]
              : undefined,
        count + 1,
        4,
      );
    }
    return table(name);
  },
  slowQuery(seconds) {
    const name = `slow ${seconds}`;
    if (!sheet.tabs.some((tab) => tab.title === name)) addTab(name, [['x'], [1]], 2, 1, seconds * 1000);
    return table(name);
  },
  invalidQuery: () => ({ query: { kind: 'sql', sql: 'SELECT 1' }, message: /^Google Sheets has no SQL/ }),
  openSessions: async () => setup.fake.inFlight(),
};

sourceConformance(fixture);
