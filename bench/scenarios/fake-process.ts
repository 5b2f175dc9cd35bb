import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface FakeProcess<Ready = Record<string, string>> {
  /** What the fake printed on its FAKE_READY line. */
  ready: Ready;
  stop(): Promise<void>;
}

/**
 * Starts a fake service (`dist/test/fakes/<name>/main.js`) in its own process, so the peak RSS a scenario reports is
 * Ferry's alone, and waits for its FAKE_READY line.
 */
export function startFakeProcess<Ready = Record<string, string>>(name: string, env: Record<string, string>): Promise<FakeProcess<Ready>> {
  const script = join(__dirname, '..', '..', 'test', 'fakes', name, 'main.js');
  const child: ChildProcess = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('FAKE_READY '));
      if (!line) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      resolve({
        ready: JSON.parse(line.slice('FAKE_READY '.length)) as Ready,
        stop: () => new Promise((done) => (child.exitCode !== null ? done() : (child.once('exit', () => done()), child.kill('SIGTERM')))),
      });
    });
    child.once('exit', (code) => reject(new Error(`fake ${name} exited (${code}) before it was ready:\n${out}`)));
  });
}
