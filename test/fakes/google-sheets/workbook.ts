/**
 * A cell as the fake stores it: a number, text, TRUE/FALSE, empty (null), or a date with the number format the
 * sheet shows it in.
 */
export type FakeCell = string | number | boolean | null | { date: string; format?: 'yyyy-mm-dd' | 'M/d/yyyy' };

export interface FakeTab {
  sheetId: number;
  title: string;
  sheetType: 'GRID' | 'OBJECT';
  rowCount: number;
  columnCount: number;
  /** Rows from row 1; a function serves generated rows without storing them. */
  cells: FakeCell[][] | ((rowIndex: number) => FakeCell[] | undefined);
  /** Every values.get on this tab waits this long first (for abort tests). */
  delayMs?: number;
}

export interface FakeSpreadsheet {
  id: string;
  title: string;
  tabs: FakeTab[];
  /** Emails the spreadsheet is shared with (Viewer or more). */
  sharedWith: Set<string>;
}

export function cellAt(tab: FakeTab, row: number, column: number): FakeCell {
  const cells = typeof tab.cells === 'function' ? tab.cells(row - 1) : tab.cells[row - 1];
  return cells?.[column - 1] ?? null;
}

const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

/** Renders a cell as values.get does for the given options (documented in the fake's README). */
export function render(cell: FakeCell, valueRender: string, dateTimeRender: string): unknown {
  if (cell === null || cell === '') return '';
  if (typeof cell === 'object') {
    const [year, month, day] = cell.date.split('-').map(Number);
    const formatted = cell.format === 'M/d/yyyy' ? `${month}/${day}/${year}` : cell.date;
    if (valueRender === 'FORMATTED_VALUE' || dateTimeRender === 'FORMATTED_STRING') return formatted;
    return (Date.UTC(year, month - 1, day) - SERIAL_EPOCH) / 86_400_000;
  }
  if (valueRender === 'FORMATTED_VALUE') return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : String(cell);
  return cell;
}
