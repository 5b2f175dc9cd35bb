import type { SourcePlugin } from '../../../contract';
import { columns } from './columns';
import { sheetsConfig } from './config';
import { limits } from './limits';
import { read } from './read';
import { tables } from './tables';
import { testConnection } from './test-connection';

/**
 * Reads the tabs of one Google Sheets spreadsheet with a service account: each tab is a table model whose row 1
 * names the columns. No SQL. See `read` for how cells are typed.
 */
export const googleSheetsSource: SourcePlugin<typeof sheetsConfig> = {
  id: 'google-sheets',
  kind: 'source',
  name: 'Google Sheets',
  version: '0.1.0',
  config: sheetsConfig,
  limits,
  test: testConnection,
  columns,
  read,
  tables,
};
