import { ConnectionError, type PluginContext } from '../../../contract';
import { SheetsApi } from './api';
import type { SheetsConfig } from './config';

/** Gets a token and lists the spreadsheet's tabs: proves the key, the spreadsheet id and that it is shared with the account. */
export async function testConnection(config: SheetsConfig, ctx: PluginContext): Promise<void> {
  try {
    await new SheetsApi(config, ctx).tabs();
  } catch (error) {
    if (error instanceof ConnectionError || ctx.signal.aborted) throw error;
    throw new ConnectionError(`Google Sheets refused to open the spreadsheet: ${(error as Error).message}`, { reason: 'server_refused' });
  }
}
