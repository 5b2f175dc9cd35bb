/** A parsed A1 range: the tab's title (null: the first tab) and 1-based bounds; absent bounds are open. */
export interface A1Range {
  tab: string | null;
  startRow?: number;
  endRow?: number;
  startColumn?: number;
  endColumn?: number;
}

/** A → 1, Z → 26, AA → 27. */
export function columnNumber(letters: string): number {
  return [...letters.toUpperCase()].reduce((total, char) => total * 26 + char.charCodeAt(0) - 64, 0);
}

export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

function cell(text: string): { column?: number; row?: number } | null {
  const match = /^([A-Za-z]*)(\d*)$/.exec(text);
  if (!match || (match[1] === '' && match[2] === '')) return null;
  return { column: match[1] ? columnNumber(match[1]) : undefined, row: match[2] ? Number(match[2]) : undefined };
}

/**
 * Parses the A1 notation of the Sheets API: `Sheet1!A1:B2`, `'My tab'!A2:F`, `Sheet1!1:1`, `Sheet1!A:A`, `Sheet1`
 * (the whole tab), `A1:B2` (the first tab). Quotes inside a quoted title are doubled. Null when it does not parse.
 */
export function parseA1(range: string): A1Range | null {
  let tab: string | null = null;
  let rest = range;
  if (range.startsWith("'")) {
    const match = /^'((?:[^']|'')*)'(?:!(.*))?$/.exec(range);
    if (!match) return null;
    tab = match[1].replaceAll("''", "'");
    rest = match[2] ?? '';
  } else if (range.includes('!')) {
    const at = range.indexOf('!');
    tab = range.slice(0, at);
    rest = range.slice(at + 1);
  } else if (!/^[A-Za-z]*\d*(:[A-Za-z]*\d*)?$/.test(range)) {
    return { tab: range };
  }
  if (rest === '') return { tab };
  const [from, to = from] = rest.split(':');
  const start = cell(from);
  const end = cell(to);
  if (!start || !end) return null;
  return { tab, startRow: start.row, endRow: end.row, startColumn: start.column, endColumn: end.column };
}
