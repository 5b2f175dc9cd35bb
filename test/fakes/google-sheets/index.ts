import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  AccessTokens,
  ServiceAccounts,
  googleError,
  handleTokenRequest,
  sendJson,
  unauthenticated,
  type FakeServiceAccount,
  type TokenHolder,
} from '../google-oauth';
import { columnLetters, parseA1 } from './a1-range';
import { ReadQuota } from './read-quota';
import { cellAt, render, type FakeCell, type FakeSpreadsheet, type FakeTab } from './workbook';

export type { FakeCell, FakeSpreadsheet, FakeTab } from './workbook';

export interface FakeSheetsOptions {
  /** Read requests allowed per window per service account (default 60, the documented per-minute quota). */
  readsPerWindow?: number;
  /** The quota's window (default 60,000 ms). */
  windowMs?: number;
}

export interface FakeSheets {
  url: string;
  tokenUri: string;
  tokens: AccessTokens;
  spreadsheets: Map<string, FakeSpreadsheet>;
  createServiceAccount(name: string, projectId: string): FakeServiceAccount;
  /** Adds a spreadsheet with these tabs (rowCount/columnCount default to Sheets' 1000 × 26) shared with `sharedWith`. */
  addSpreadsheet(title: string, tabs: Array<Partial<FakeTab> & { title: string }>, sharedWith: string[]): FakeSpreadsheet;
  /** Every API request, as `METHOD /path?query` (path decoded). */
  requests: string[];
  /** Requests being answered right now. */
  inFlight(): number;
  close(): Promise<void>;
}

const SCOPES = new Set([
  'https://www.googleapis.com/auth/spreadsheets.readonly',
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/drive',
]);

const quotedTitle = (title: string) => (/^[A-Za-z0-9_]+$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`);

type Reply = { status: number; body: unknown };

const invalid = (message: string): Reply => ({ status: 400, body: googleError(400, 'INVALID_ARGUMENT', message) });

function spreadsheetResource(sheet: FakeSpreadsheet, fields: string | null, base: string): unknown {
  const sheets = sheet.tabs.map((tab, index) => ({
    properties: {
      sheetId: tab.sheetId,
      title: tab.title,
      index,
      sheetType: tab.sheetType,
      gridProperties: { rowCount: tab.rowCount, columnCount: tab.columnCount },
    },
  }));
  if (fields === 'sheets.properties' || fields === 'sheets(properties)') return { sheets };
  return {
    spreadsheetId: sheet.id,
    properties: { title: sheet.title, locale: 'en_US', timeZone: 'Etc/GMT' },
    sheets,
    spreadsheetUrl: `${base}/spreadsheets/d/${sheet.id}/edit`,
  };
}

/** Waits `ms`, or less when the client goes away (as a server stops working on an abandoned request). */
function delay(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function valuesGet(sheet: FakeSpreadsheet, rangeText: string, url: URL, res: ServerResponse): Promise<Reply> {
  // A bare tab title means the whole tab, even when it also reads as a cell (Sheet1 is not column SHEET, row 1).
  const range = sheet.tabs.some((tab) => tab.title === rangeText) ? { tab: rangeText } : parseA1(rangeText);
  const tab = range ? (range.tab === null ? sheet.tabs[0] : sheet.tabs.find((candidate) => candidate.title === range.tab)) : undefined;
  if (!range || !tab || tab.sheetType !== 'GRID') return invalid(`Unable to parse range: ${rangeText}`);
  const startRow = range.startRow ?? 1;
  const startColumn = range.startColumn ?? 1;
  const endRow = range.endRow ?? tab.rowCount;
  const endColumn = range.endColumn ?? tab.columnCount;
  const a1 = `${quotedTitle(tab.title)}!${columnLetters(startColumn)}${startRow}:${columnLetters(endColumn)}${endRow}`;
  if (endRow > tab.rowCount || endColumn > tab.columnCount) {
    return invalid(`Range (${a1}) exceeds grid limits. Max rows: ${tab.rowCount}, max columns: ${tab.columnCount}`);
  }
  if (tab.delayMs) await delay(tab.delayMs, res);
  const valueRender = url.searchParams.get('valueRenderOption') ?? 'FORMATTED_VALUE';
  const dateTimeRender = url.searchParams.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER';
  if (url.searchParams.get('majorDimension') === 'COLUMNS') return invalid('This fake serves majorDimension=ROWS only');
  const rows: unknown[][] = [];
  for (let row = startRow; row <= endRow; row += 1) {
    const values = [];
    for (let column = startColumn; column <= endColumn; column += 1) values.push(render(cellAt(tab, row, column), valueRender, dateTimeRender));
    while (values.length > 0 && values[values.length - 1] === '') values.pop();
    rows.push(values);
  }
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  return { status: 200, body: { range: a1, majorDimension: 'ROWS', ...(rows.length > 0 ? { values: rows } : {}) } };
}

/** Starts the fake Sheets API v4 (spreadsheets.get, spreadsheets.values.get) and its token endpoint on 127.0.0.1. */
export async function startFakeSheets(options: FakeSheetsOptions = {}): Promise<FakeSheets> {
  const tokens = new AccessTokens();
  let base = '';
  const accounts = new ServiceAccounts(() => `${base}/token`);
  const quota = new ReadQuota(options.readsPerWindow ?? 60, options.windowMs ?? 60_000);
  const spreadsheets = new Map<string, FakeSpreadsheet>();
  const requests: string[] = [];
  let inFlight = 0;
  let nextSheetId = 0;

  const answer = async (req: IncomingMessage, res: ServerResponse, url: URL, caller: TokenHolder): Promise<Reply> => {
    const match = /^\/v4\/spreadsheets\/([^/]+)(?:\/values\/(.+))?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) return { status: 404, body: googleError(404, 'NOT_FOUND', 'Requested entity was not found.') };
    if (!caller.scopes.some((scope) => SCOPES.has(scope))) {
      return { status: 403, body: googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.') };
    }
    if (!quota.take(caller.email)) {
      const project = caller.email.split('@')[1]?.split('.')[0] ?? 'unknown';
      return {
        status: 429,
        body: googleError(
          429,
          'RESOURCE_EXHAUSTED',
          `Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:${project}'.`,
        ),
      };
    }
    const sheet = spreadsheets.get(decodeURIComponent(match[1]));
    if (!sheet) return { status: 404, body: googleError(404, 'NOT_FOUND', 'Requested entity was not found.') };
    if (!sheet.sharedWith.has(caller.email))
      return { status: 403, body: googleError(403, 'PERMISSION_DENIED', 'The caller does not have permission') };
    if (match[2] === undefined) return { status: 200, body: spreadsheetResource(sheet, url.searchParams.get('fields'), base) };
    return valuesGet(sheet, decodeURIComponent(match[2]), url, res);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (url.pathname === '/token') {
      handleTokenRequest(req, res, accounts, tokens, `${base}/token`).catch(() => res.destroy());
      return;
    }
    requests.push(`${req.method} ${decodeURIComponent(url.pathname)}${url.search}`);
    const caller = tokens.holder(req.headers.authorization);
    if (!caller) return sendJson(res, 401, unauthenticated);
    inFlight += 1;
    answer(req, res, url, caller)
      .then((reply) => sendJson(res, reply.status, reply.body))
      .catch((error: unknown) => sendJson(res, 500, googleError(500, 'INTERNAL', `fake Sheets failed: ${(error as Error).message}`)))
      .finally(() => (inFlight -= 1));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    tokenUri: `${base}/token`,
    tokens,
    spreadsheets,
    requests,
    inFlight: () => inFlight,
    createServiceAccount: (name, projectId) => accounts.create(name, projectId),
    addSpreadsheet(title, tabs, sharedWith) {
      const sheet: FakeSpreadsheet = {
        id: randomBytes(33).toString('base64url'),
        title,
        tabs: tabs.map((tab) => ({ sheetId: nextSheetId++, sheetType: 'GRID', rowCount: 1000, columnCount: 26, cells: [], ...tab })),
        sharedWith: new Set(sharedWith),
      };
      spreadsheets.set(sheet.id, sheet);
      return sheet;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
