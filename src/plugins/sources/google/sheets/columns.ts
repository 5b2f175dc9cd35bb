import type { Column, ModelQuery, PluginContext } from '../../../contract';
import { SheetsApi } from './api';
import type { SheetsConfig } from './config';
import { headerRow } from './header-row';
import { modelTab } from './tab-model';

/** The tab's column names, from row 1 alone. Sheets has no column types: every column's type is `any`. */
export async function columns(config: SheetsConfig, query: ModelQuery, ctx: PluginContext): Promise<Column[]> {
  const api = new SheetsApi(config, ctx);
  const names = await headerRow(api, await modelTab(api, query));
  return names.map((name) => ({ name, type: 'any' }));
}
