import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql, { type Connection } from 'mysql2/promise';

const run = promisify(execFile);

/** A real MariaDB server (Debian's `mariadb-server` package) in a temporary directory, for one test file. */
export interface MariaDbServer {
  port: number;
  /** The database the read-only user may read. */
  database: string;
  /** A user with SELECT and SHOW VIEW on `database` only, logging in with `password` (a real password check). */
  reader: { user: string; password: string };
  /** A root connection over the server's socket, to build fixtures and watch sessions. */
  admin: Connection;
  /** Kills the server, waits for it to exit and removes its directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function connectAdmin(socketPath: string, server: ChildProcess, logFile: string): Promise<Connection> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`mariadbd exited with ${server.exitCode}: ${await readFile(logFile, 'utf8').catch(() => '')}`);
    }
    try {
      return await mysql.createConnection({ socketPath, user: 'root', multipleStatements: true });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * Starts `mariadbd` in a fresh data directory (made by `mariadb-install-db`) on a free port of 127.0.0.1, with its
 * socket in the same directory, and creates the database `ferry` and the read-only user `ferry_reader`. Grant
 * checks stay on: the reader's password is really checked. Needs `mariadbd` on the PATH (`apt-get install
 * mariadb-server`); tests run as root, hence `--user=root`.
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ferry-mariadb-'));
  const dataDir = join(dir, 'data');
  const socketPath = join(dir, 'mariadb.sock');
  const logFile = join(dir, 'error.log');
  let server: ChildProcess | undefined;
  try {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ]).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      throw new Error(
        'mariadb-install-db is not installed: the mysql source is tested against a real MariaDB (apt-get install mariadb-server; see README, Developing)',
      );
    });
    const port = await freePort();
    server = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--socket=${socketPath}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        '--user=root',
        `--pid-file=${join(dir, 'mariadbd.pid')}`,
        `--log-error=${logFile}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--max-connections=50',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
      ],
      { stdio: 'ignore' },
    );
    const admin = await connectAdmin(socketPath, server, logFile);
    const reader = { user: 'ferry_reader', password: 'reader-Pa55' };
    await admin.query(`
      CREATE DATABASE ferry CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
      CREATE USER '${reader.user}'@'%' IDENTIFIED BY '${reader.password}';
      GRANT SELECT, SHOW VIEW ON ferry.* TO '${reader.user}'@'%';
      USE ferry;`);
    const child = server;
    return {
      port,
      database: 'ferry',
      reader,
      admin,
      async stop() {
        await admin.end().catch(() => undefined);
        await stopProcess(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (server) await stopProcess(server);
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
