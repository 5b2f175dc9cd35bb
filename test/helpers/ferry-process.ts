import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const distRoot = join(__dirname, '..', '..');

export interface FerryProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Runs `node dist/src/<script>` as a separate process, the way `npm start` does, with only the given environment. */
export function spawnFerry(script: 'main' | 'cli', env: Record<string, string>, args: string[] = []): FerryProcess {
  const child = spawn(process.execPath, [join(distRoot, 'src', `${script}.js`), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits until the process prints `pattern`, failing if it exits or the time runs out. */
export async function waitForOutput(process: FerryProcess, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = process.output().match(pattern);
    if (match) return match;
    if (process.child.exitCode !== null)
      throw new Error(`process exited (${process.child.exitCode}) before printing ${pattern}:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${pattern}:\n${process.output()}`);
}

/** A `FERRY_ROLE=worker` process (`node dist/src/main.js`) on Ferry's database, once it has started taking runs. */
export async function startWorkerProcess(databaseUrl: string, secretKey: string, env: Record<string, string> = {}): Promise<FerryProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ferry-worker-'));
  const worker = spawnFerry('main', {
    DATABASE_URL: databaseUrl,
    FERRY_SECRET_KEY: secretKey,
    FERRY_ROLE: 'worker',
    FERRY_DATA_DIR: dataDir,
    FERRY_LOG_LEVEL: 'info',
    ...env,
  });
  void worker.exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  await waitForOutput(worker, /"message":"Ferry started"/);
  return worker;
}

/** Kills (SIGKILL) each process still running: test clean-up that must not wait. */
export function killProcesses(processes: readonly FerryProcess[]): void {
  for (const { child } of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
