import type { PluginContext, SourceTable, TablesOptions } from '../../../contract';
import { SheetsApi } from './api';
import type { SheetsConfig } from './config';

/** The spreadsheet's tabs holding cells (chart sheets left out), in their order, as `{ schema: null, name: title }`. */
export async function tables(config: SheetsConfig, { search, first }: TablesOptions, ctx: PluginContext): Promise<SourceTable[]> {
  const needle = search?.toLowerCase();
  return (await new SheetsApi(config, ctx).tabs())
    .filter((tab) => (tab.sheetType ?? 'GRID') === 'GRID' && (!needle || tab.title.toLowerCase().includes(needle)))
    .sort((a, b) => a.index - b.index)
    .slice(0, first)
    .map((tab) => ({ schema: null, name: tab.title }));
}
