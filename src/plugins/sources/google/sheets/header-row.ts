import { PluginConfigError } from '../../../contract';
import { columnLetters, rangeOf } from './a1';
import type { SheetsApi, TabProperties } from './api';

/**
 * The column names in row 1 of the tab, checked: every name present and different from the others, so each
 * row becomes an object with one key per column. Errors name the cell to fix (e.g. C1).
 */
export async function headerRow(api: SheetsApi, tab: TabProperties): Promise<string[]> {
  const columns = Math.max(1, tab.gridProperties?.columnCount ?? 26);
  const [cells = []] = await api.values(rangeOf(tab.title, columns, 1, 1));
  const names = cells.map((cell) => String(cell).trim());
  if (names.length === 0) {
    throw new PluginConfigError(`The tab "${tab.title}" is empty: put the column names in row 1 and the data below them`);
  }
  const seen = new Map<string, string>();
  names.forEach((name, index) => {
    const cell = `${columnLetters(index + 1)}1`;
    if (name === '') {
      throw new PluginConfigError(
        `Cell ${cell} of the tab "${tab.title}" is blank: every column needs a name in row 1 (write one in ${cell}, or delete the column)`,
      );
    }
    const first = seen.get(name);
    if (first) {
      throw new PluginConfigError(
        `The tab "${tab.title}" has the column name "${name}" twice, in ${first} and ${cell}: give each column its own name in row 1`,
      );
    }
    seen.set(name, cell);
  });
  return names;
}
