import type { PluginContext } from '../../../contract';
import { apiOrigin, authorizedRequest, parseServiceAccountKey, type ServiceAccountKey } from '../service-account';
import { spreadsheetId, type SheetsConfig } from './config';
import { sheetsError } from './errors';

/** Reading is all Ferry does. */
export const SHEETS_SCOPES = ['https://www.googleapis.com/auth/spreadsheets.readonly'];

export interface TabProperties {
  sheetId: number;
  title: string;
  index: number;
  /** GRID for cell tabs; OBJECT (a chart sheet) and DATA_SOURCE hold no cells to read. */
  sheetType?: string;
  gridProperties?: { rowCount?: number; columnCount?: number };
}

/** One cell value as `UNFORMATTED_VALUE` + `FORMATTED_STRING` renders it. */
export type CellValue = string | number | boolean;

/** The Sheets API v4 for one spreadsheet, with the service account's token and readable errors. */
export class SheetsApi {
  readonly key: ServiceAccountKey;
  readonly spreadsheetId: string;
  private readonly base: string;

  constructor(
    private readonly config: SheetsConfig,
    private readonly ctx: Pick<PluginContext, 'http' | 'signal'>,
  ) {
    this.key = parseServiceAccountKey(config.serviceAccountKey);
    this.spreadsheetId = spreadsheetId(config);
    this.base = `${apiOrigin(config.apiUrl)}/v4/spreadsheets/${encodeURIComponent(this.spreadsheetId)}`;
  }

  /** The tabs (spreadsheets.get with fields=sheets.properties: no cell is read). */
  async tabs(): Promise<TabProperties[]> {
    const reply = await this.get<{ sheets?: Array<{ properties: TabProperties }> }>('', { fields: 'sheets.properties' });
    return (reply.sheets ?? []).map((sheet) => sheet.properties);
  }

  /**
   * The rows of an A1 range (spreadsheets.values.get), numbers and booleans unformatted, dates and times as the
   * sheet shows them. Trailing empty cells of a row and trailing empty rows are left out, as the API does.
   */
  async values(range: string): Promise<CellValue[][]> {
    const reply = await this.get<{ values?: CellValue[][] }>(`/values/${encodeURIComponent(range)}`, {
      majorDimension: 'ROWS',
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'FORMATTED_STRING',
    });
    return reply.values ?? [];
  }

  private async get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = new URL(`${this.base}${path}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    try {
      return await authorizedRequest<T>(this.key, SHEETS_SCOPES, this.ctx, {
        method: 'GET',
        url: url.toString(),
        timeoutMs: this.config.requestTimeoutSeconds * 1000,
      });
    } catch (error) {
      if (this.ctx.signal.aborted) throw this.ctx.signal.reason;
      throw sheetsError(error, { spreadsheetId: this.spreadsheetId, clientEmail: this.key.clientEmail });
    }
  }
}
