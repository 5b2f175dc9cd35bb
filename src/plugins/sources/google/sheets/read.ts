import type { ModelQuery, PluginContext, ReadOptions, Row } from '../../../contract';
import { exactBatches } from '../exact-batches';
import { rangeOf } from './a1';
import { SheetsApi, type CellValue } from './api';
import type { SheetsConfig } from './config';
import { headerRow } from './header-row';
import { modelTab } from './tab-model';

function toRow(names: string[], cells: CellValue[]): Row | null {
  const row: Row = {};
  let blank = true;
  names.forEach((name, index) => {
    const cell = cells[index];
    const value = cell === undefined || cell === '' ? null : cell;
    if (value !== null) blank = false;
    row[name] = value;
  });
  return blank ? null : row;
}

/**
 * Streams a tab's rows below the header in batches of exactly `batchSize`, read `batchSize` rows per values.get (row windows such as
 * `'Tab'!A2:F1001`, within the tab's grid). Values: numbers → number; TRUE/FALSE → boolean; text → string;
 * dates, times and durations → the text the sheet shows (the API's FORMATTED_STRING: set the column's format to
 * yyyy-mm-dd in Sheets to get ISO dates); empty cells, and the cells a row leaves out at its end → null.
 * Entirely blank rows are skipped; reading stops at the end of the grid or at a window with no values at all.
 */
export async function* read(config: SheetsConfig, query: ModelQuery, { batchSize }: ReadOptions, ctx: PluginContext): AsyncGenerator<Row[]> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a whole number above 0, got ${batchSize}`);
  yield* exactBatches(windows(config, query, batchSize, ctx), batchSize);
}

async function* windows(config: SheetsConfig, query: ModelQuery, batchSize: number, ctx: PluginContext): AsyncGenerator<Row[]> {
  const api = new SheetsApi(config, ctx);
  const tab = await modelTab(api, query);
  const names = await headerRow(api, tab);
  const lastRow = tab.gridProperties?.rowCount ?? 1000;
  for (let first = 2; first <= lastRow; first += batchSize) {
    const cells = await api.values(rangeOf(tab.title, names.length, first, Math.min(lastRow, first + batchSize - 1)));
    if (cells.length === 0) return;
    const rows = cells.map((row) => toRow(names, row)).filter((row): row is Row => row !== null);
    if (rows.length > 0) yield rows;
  }
}
