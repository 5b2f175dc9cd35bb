import { z } from 'zod';
import { PluginConfigError } from '../../../contract';
import { apiUrlField, serviceAccountKeyField } from '../service-account';
import { readSpreadsheetId } from './spreadsheet-id';

/** Connection settings of a Google Sheets source: one spreadsheet, read with a service account. */
export const sheetsConfig = z.object({
  serviceAccountKey: serviceAccountKeyField("Share the spreadsheet with the service account's email (client_email in the key) as a Viewer."),
  spreadsheet: z
    .string('required: the spreadsheet URL or id')
    .min(1, 'required: the spreadsheet URL or id')
    .superRefine((value, ctx) => {
      const parsed = readSpreadsheetId(value);
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
    })
    .describe('The spreadsheet: its URL as the browser shows it, or its id'),
  requestTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .max(300, 'must be at most 300 seconds')
    .default(60)
    .describe('Longest wait for one answer of the Sheets API'),
  apiUrl: apiUrlField('https://sheets.googleapis.com'),
});

export type SheetsConfig = z.infer<typeof sheetsConfig>;

export function spreadsheetId(config: SheetsConfig): string {
  const parsed = readSpreadsheetId(config.spreadsheet);
  if ('error' in parsed) throw new PluginConfigError(`spreadsheet: ${parsed.error}`, { field: 'spreadsheet' });
  return parsed.id;
}
