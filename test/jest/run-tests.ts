/**
 * `npm test` (after tsc): jest in two passes over the compiled tests.
 *
 * 1. Every test file but the timing-sensitive ones, two at a time.
 * 2. The timing-sensitive ones (`*.alone.test.ts`: rate limits measured by when requests arrive, e.g. several
 *    processes sharing one account's limit) one at a time with nothing else running, so that a neighbour's CPU cannot bunch the arrivals
 *    they measure.
 *
 * Arguments go to jest in both passes (`npm test -- engine/shutdown`); a pass with no matching file is left out, and
 * the run fails when no file matches at all.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ALONE = '\\.alone\\.test\\.js$';
const jest = require.resolve('jest/bin/jest');
const root = join(__dirname, '..', '..', '..');
const args = process.argv.slice(2);

function jestRun(extra: string[], options: { capture?: boolean } = {}) {
  return spawnSync(process.execPath, [jest, ...args, ...extra], {
    cwd: root,
    stdio: options.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
  });
}

function listed(extra: string[]): number {
  const { stdout, status } = jestRun([...extra, '--listTests'], { capture: true });
  if (status !== 0) process.exit(status ?? 1);
  return stdout.split('\n').filter((line) => line.endsWith('.test.js')).length;
}

const together = ['--testPathIgnorePatterns', ALONE];
const alone = ['--testMatch', '**/*.alone.test.js', '--runInBand'];
const passes = [together, alone].filter((pass) => listed(pass) > 0);
if (passes.length === 0) {
  process.stderr.write(`No test file matches ${args.join(' ') || '(no arguments)'}: see README, "Developing"\n`);
  process.exit(1);
}
let failed = false;
for (const pass of passes) failed = jestRun(pass).status !== 0 || failed;
process.exit(failed ? 1 : 0);
