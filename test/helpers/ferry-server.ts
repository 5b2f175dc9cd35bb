import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Plugin } from '../../src/plugins/contract';
import { startFerry, type RunningFerry } from '../../src/start-ferry';
import { createTestDatabase } from './database';
import { GraphQLTestClient } from './graphql-client';

export interface TestFerry extends RunningFerry {
  url: string;
  databaseUrl: string;
  token: string;
  client: GraphQLTestClient;
}

/** A Ferry in this process on its own database and a free port, with a static API token. */
export async function startTestFerry(env: Record<string, string> = {}, plugins?: Plugin[]): Promise<TestFerry> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const token = `test-token-${randomBytes(12).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-data-'));
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    // One key per database, as in production: every Ferry a test starts on the same database passes the key check.
    FERRY_SECRET_KEY: createHash('sha256').update(databaseUrl).digest('base64'),
    FERRY_PORT: '0',
    FERRY_API_TOKEN: token,
    FERRY_DATA_DIR: dataDir,
    FERRY_LOG_LEVEL: 'error',
    ...env,
  });
  const running = await startFerry(config, { plugins });
  if (!running.url) throw new Error('test Ferry has no API (FERRY_ROLE=worker?)');
  const stop = async () => {
    await running.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...running, stop, url: running.url, databaseUrl, token, client: new GraphQLTestClient(running.url, token) };
}

/** Config for the postgres source plugin that points at a database of the test server. */
export function postgresSourceConfig(databaseUrl: string): Record<string, unknown> {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
