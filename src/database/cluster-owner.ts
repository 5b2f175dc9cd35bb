import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server running on a cluster directory, from PostgreSQL's own postmaster.pid, if its process is alive. */
export function runningServer(databaseDir: string): { pid: number; port: number } | null {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  return alive(Number(pid)) && Number(port) ? { pid: Number(pid), port: Number(port) } : null;
}

export type Ownership = { owner: true; release(): void } | { owner: false };

/**
 * Decides which Ferry process owns (starts and stops) the cluster: the first to create `ferry.lock`. Another
 * process (the CLI while `npm start` runs) waits until the owner's server is up and only attaches. A lock left by
 * a dead process (kill -9) is taken over, together with the server it may have left running.
 */
export async function claimCluster(clusterParent: string, databaseDir: string, timeoutMs = 120_000): Promise<Ownership> {
  const lock = join(clusterParent, 'ferry.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return { owner: true, release: () => rmSync(lock, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lock, 'utf8').trim());
    if (!alive(holder) || holder === process.pid) {
      rmSync(lock, { force: true });
      continue;
    }
    if (runningServer(databaseDir)) return { owner: false };
    if (Date.now() > deadline) throw new Error(`Ferry process ${holder} holds ${lock} but its database did not start within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** Stops a server this process adopted (it has no child handle for it): SIGINT, then wait for it to exit. */
export async function stopAdoptedServer(pid: number, timeoutMs = 30_000): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
}
