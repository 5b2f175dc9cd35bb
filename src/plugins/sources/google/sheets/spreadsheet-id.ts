const EXAMPLE = 'e.g. https://docs.google.com/spreadsheets/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit';

/** The spreadsheet id in a Google Sheets URL or a bare id, or a sentence saying what to paste instead. */
export function readSpreadsheetId(input: string): { id: string } | { error: string } {
  const text = input.trim();
  if (/^[A-Za-z0-9_-]{20,}$/.test(text)) return { id: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      error: `"${input}" is neither a spreadsheet URL nor a spreadsheet id: copy the address of the spreadsheet from the browser (${EXAMPLE})`,
    };
  }
  const match = /^\/spreadsheets\/(?:u\/\d+\/)?d\/([A-Za-z0-9_-]{20,})(?:\/|$)/.exec(url.pathname);
  if (url.hostname !== 'docs.google.com' || !match) {
    return {
      error: `"${input}" is not the address of a Google Sheets spreadsheet: open the spreadsheet and copy the browser's address (${EXAMPLE})`,
    };
  }
  return { id: match[1] };
}
