/** The column letters of a 1-based column number: 1 → A, 26 → Z, 27 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  return letters;
}

/** A tab name as A1 notation wants it: in single quotes, quotes inside doubled ('It''s'). */
export function quoteTab(title: string): string {
  return `'${title.replaceAll("'", "''")}'`;
}

/** `'Tab'!A2:F101`: columns 1…`columns`, rows `firstRow`…`lastRow`. */
export function rangeOf(title: string, columns: number, firstRow: number, lastRow: number): string {
  return `${quoteTab(title)}!A${firstRow}:${columnLetters(columns)}${lastRow}`;
}
