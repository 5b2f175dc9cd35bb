import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, test } from '@jest/globals';
import { clusterDirectory } from '../../src/database/cluster-directory';

const projectRoot = join(__dirname, '..', '..', '..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start` as a terminal runs it: the leader of its own process group, so that a signal sent to the group reaches
 * npm, its shell and Ferry at once, exactly as Ctrl+C does. `--ignore-scripts` skips the prestart build (npm test
 * has compiled dist/ already).
 */
function npmStart(dataDir: string) {
  const child = spawn('npm', ['start', '--ignore-scripts'], {
    cwd: projectRoot,
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', FERRY_DATA_DIR: dataDir, FERRY_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async () => {
    const deadline = Date.now() + 60_000;
    while (!/listening at http/.test(output)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { child, exited, listening, output: () => output };
}

describe('Ctrl+C on npm start', () => {
  const projectDir = mkdtempSync(join(tmpdir(), 'ferry-ctrl-c-'));
  chmodSync(projectDir, 0o755);
  const dataDir = join(projectDir, '.ferry');
  afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

  test('SIGINT to the whole process group exits 0 with no stack trace, leaves no PostgreSQL running, and the next start works', async () => {
    for (const attempt of [1, 2]) {
      const ferry = npmStart(dataDir);
      await ferry.listening();
      const postmaster = postmasterPid(dataDir);
      assert.ok(alive(postmaster), `attempt ${attempt}: the embedded PostgreSQL runs (pid ${postmaster})`);

      process.kill(-ferry.child.pid!, 'SIGINT');
      const code = await ferry.exited;
      assert.equal(code, 0, `attempt ${attempt}: npm start exits 0 on Ctrl+C:\n${ferry.output()}`);
      assert.doesNotMatch(ferry.output(), /Unhandled|Error:|\n\s+at /, `attempt ${attempt}: no error and no stack trace:\n${ferry.output()}`);
      assert.match(ferry.output(), /SIGINT: stopping/);
      assert.doesNotMatch(ferry.output(), /again: exiting without waiting/, 'one Ctrl+C is one stop, although npm forwards it too');
      const deadline = Date.now() + 5_000;
      while (alive(postmaster) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(!alive(postmaster), `attempt ${attempt}: no PostgreSQL left running`);
    }
  }, 180_000);
});

/** The pid of the embedded cluster's server, from PostgreSQL's own postmaster.pid. */
function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(clusterDirectory(dataDir), 'postmaster.pid'), 'utf8').split('\n')[0]);
}
