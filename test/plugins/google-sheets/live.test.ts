import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Row } from '../../../src/plugins/contract';
import { googleSheetsSource } from '../../../src/plugins/sources/google/sheets';
import type { SheetsConfig } from '../../../src/plugins/sources/google/sheets/config';
import { pluginContext } from '../../helpers/plugin-context';

/**
 * Opt-in: against the real Sheets API when FERRY_LIVE_GOOGLE_KEY_FILE names a service account key file and
 * FERRY_LIVE_SHEET_ID a spreadsheet shared with that account whose first tab has a header row and a few rows.
 */
const keyFile = process.env.FERRY_LIVE_GOOGLE_KEY_FILE;
const sheetId = process.env.FERRY_LIVE_SHEET_ID;
const live = keyFile && sheetId ? describe : describe.skip;
const reason =
  keyFile && sheetId ? '' : ': skipped, FERRY_LIVE_GOOGLE_KEY_FILE and FERRY_LIVE_SHEET_ID are not both set (see README, Sources → Google Sheets)';

// A file whose tests are all skipped shows no test names: the reason is printed so the skip is never silent.
if (reason) console.log(`Live tests${reason}`);

live(`google-sheets source against the real Sheets API${reason}`, () => {
  const config = (): SheetsConfig => ({
    serviceAccountKey: readFileSync(keyFile!, 'utf8'),
    spreadsheet: sheetId!,
    requestTimeoutSeconds: 60,
    apiUrl: 'https://sheets.googleapis.com',
  });

  test('test(), tables(), columns() and read() of the first tab', async () => {
    await googleSheetsSource.test(config(), pluginContext());
    const tabs = await googleSheetsSource.tables!(config(), { first: 10 }, pluginContext());
    expect(tabs.length).toBeGreaterThan(0);
    const query = { kind: 'table' as const, table: tabs[0] };
    const columns = await googleSheetsSource.columns(config(), query, pluginContext());
    expect(columns.length).toBeGreaterThan(0);
    const rows: Row[] = [];
    for await (const batch of googleSheetsSource.read(config(), query, { batchSize: 2 }, pluginContext())) {
      expect(batch.length).toBeLessThanOrEqual(2);
      rows.push(...batch);
    }
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0])).toEqual(columns.map((column) => column.name));
  }, 60_000);
});
