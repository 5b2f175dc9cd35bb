import { PluginConfigError, type ModelQuery } from '../../../contract';
import type { SheetsApi, TabProperties } from './api';

/** The tab a model reads. A spreadsheet has no SQL: `sql` models are refused with what to do instead. */
export async function modelTab(api: SheetsApi, query: ModelQuery): Promise<TabProperties> {
  if (query.kind === 'sql') {
    throw new PluginConfigError(
      "Google Sheets has no SQL: make the model a table model on one of the spreadsheet's tabs (the source lists them as its tables)",
    );
  }
  const tabs = (await api.tabs()).filter((tab) => (tab.sheetType ?? 'GRID') === 'GRID');
  const tab = tabs.find((candidate) => candidate.title === query.table.name);
  if (!tab) {
    throw new PluginConfigError(
      `The spreadsheet has no tab named "${query.table.name}"${tabs.length ? `: its tabs are ${tabs.map((candidate) => `"${candidate.title}"`).join(', ')}` : ''}. Pick one of them, or rename the tab back`,
    );
  }
  return tab;
}
