import type { SheetsConfig } from '../../../src/plugins/sources/google/sheets/config';
import type { FakeServiceAccount } from '../../fakes/google-oauth';
import { startFakeSheets, type FakeSheets, type FakeSheetsOptions } from '../../fakes/google-sheets';

export interface SheetsSetup {
  fake: FakeSheets;
  account: FakeServiceAccount;
  /** A config for a spreadsheet; add the spreadsheet to the fake first. */
  config(spreadsheetId: string): SheetsConfig;
}

/** A fake Sheets API with one service account, and configs that reach it. */
export async function startSheetsSetup(options: FakeSheetsOptions = {}): Promise<SheetsSetup> {
  const fake = await startFakeSheets(options);
  const account = fake.createServiceAccount('ferry-sheets', 'ferry-test');
  return {
    fake,
    account,
    config: (spreadsheetId) => ({
      serviceAccountKey: account.keyJson,
      spreadsheet: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit#gid=0`,
      requestTimeoutSeconds: 10,
      apiUrl: fake.url,
    }),
  };
}
