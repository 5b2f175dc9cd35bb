import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';

/** Debian's chromium package; FERRY_TEST_CHROMIUM points elsewhere. Tests never download a browser. */
export const chromiumPath = process.env.FERRY_TEST_CHROMIUM ?? '/usr/bin/chromium';

/** Where browser tests save screenshots (kept out of git by .gitignore). */
export const screenshotDir = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Headless Chromium on a fresh profile, with nothing that phones home. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set FERRY_TEST_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a page did: every request it made, and every Content-Security-Policy violation or page error it reported. */
export interface PageRecord {
  requests: Request[];
  problems: string[];
  /** URLs of the WebSockets the page opened, and the text frames it sent on them. */
  webSockets: string[];
  framesSent: string[];
}

/**
 * A page on a laptop-sized window that may only reach `origin`: any other request is recorded and then aborted,
 * as it would fail with the network cut.
 */
export async function openRecordedPage(browser: Browser, origin: string): Promise<{ page: Page; record: PageRecord }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const record: PageRecord = { requests: [], problems: [], webSockets: [], framesSent: [] };
  page.on('request', (request) => record.requests.push(request));
  page.on('websocket', (socket) => {
    record.webSockets.push(socket.url());
    socket.on('framesent', (frame) => record.framesSent.push(String(frame.payload)));
  });
  page.on('pageerror', (error) => record.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) record.problems.push(`console: ${message.text()}`);
  });
  await context.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort('internetdisconnected')));
  return { page, record };
}

/** Every URL the page asked for (requests and WebSockets) whose origin is not `origin` (ws:// counted as http://). */
export function foreignRequests(record: PageRecord, origin: string): string[] {
  const urls = [...record.requests.map((request) => request.url()), ...record.webSockets.map((url) => url.replace(/^ws/, 'http'))];
  return urls.filter((url) => new URL(url).origin !== origin);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
