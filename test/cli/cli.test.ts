import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { progressBar } from '../../src/cli/watch-run';
import { spawnFerry } from '../helpers/ferry-process';
import { startTestFerry, type TestFerry } from '../helpers/ferry-server';

const commands = ['token create', 'sample-data', 'sample-data set', 'gql', 'watch', 'apply', 'export', 'help'];

describe('the ferry CLI', () => {
  let ferry: TestFerry;
  beforeAll(async () => {
    ferry = await startTestFerry();
  });
  afterAll(async () => {
    await ferry?.stop();
  });

  test.each([['--help'], ['help'], ['-h']])('`ferry %s` exits 0 and lists every command on stdout', async (flag) => {
    const cli = spawnFerry('cli', {}, [flag]);
    assert.equal(await cli.exited, 0, cli.output());
    for (const command of commands) assert.ok(cli.output().includes(`  ${command}`), `lists ${command}:\n${cli.output()}`);
  });

  test('an unknown command exits 1, naming it, with the usage', async () => {
    const cli = spawnFerry('cli', {}, ['frobnicate']);
    assert.equal(await cli.exited, 1);
    assert.match(cli.output(), /Unknown command "frobnicate"/);
    assert.match(cli.output(), /Usage: npm run ferry/);
  });

  test('an unknown option exits 1, naming it and the options its command takes', async () => {
    const cli = spawnFerry('cli', {}, ['apply', 'ferry.yaml', '--dryrun']);
    assert.equal(await cli.exited, 1);
    assert.equal(
      cli.output().trim(),
      'Unknown option --dryrun: apply takes --dry-run, --prune, --skip-tests. `npm run ferry -- help` lists every command and its options.',
    );
  });

  test('FERRY_URL without its /graphql says to point it at the API, not a TypeError', async () => {
    const base = ferry.url.replace(/\/graphql$/, '');
    assert.notEqual(base, ferry.url);
    const cli = spawnFerry('cli', { FERRY_URL: base, FERRY_TOKEN: ferry.token }, ['export']);
    assert.equal(await cli.exited, 1);
    assert.equal(
      cli.output().trim(),
      `${base} answered 404 (Nothing at /: the API is at /graphql) with something that is not a GraphQL answer: ` +
        'set FERRY_URL to the API itself, ending in /graphql (e.g. http://127.0.0.1:4000/graphql)',
    );
  });

  test('export --output into a folder that does not exist names the option and the fix', async () => {
    const output = join(tmpdir(), `ferry-no-such-folder-${process.pid}`, 'ferry.yaml');
    const cli = spawnFerry('cli', { FERRY_URL: ferry.url, FERRY_TOKEN: ferry.token }, ['export', '--output', output]);
    assert.equal(await cli.exited, 1);
    assert.equal(cli.output().trim(), `--output ${output}: cannot write it (ENOENT); give a file in a folder that exists and that you may write to`);
  });

  test('watch of an unknown run prints a readable reason, not a JSON array', async () => {
    const cli = spawnFerry('cli', { FERRY_URL: ferry.url, FERRY_TOKEN: ferry.token }, ['watch', '00000000-0000-0000-0000-000000000000']);
    assert.equal(await cli.exited, 1);
    assert.equal(cli.output().trim(), 'SyncRun "00000000-0000-0000-0000-000000000000" not found: check the id (it may have been deleted)');
  });

  test('watch with a wrong token says what to check', async () => {
    const cli = spawnFerry('cli', { FERRY_URL: ferry.url, FERRY_TOKEN: 'wrong-token-0123456789' }, ['watch', '00000000-0000-0000-0000-000000000000']);
    assert.equal(await cli.exited, 1);
    assert.doesNotMatch(cli.output(), /^\[|\{"/, 'no raw JSON');
    assert.match(cli.output(), /token|FERRY_TOKEN|Bearer/i);
  });

  test('the progress bar fills with progress and says the time left when known', () => {
    assert.equal(progressBar(0, null), `[${'-'.repeat(24)}]   0%`);
    assert.equal(progressBar(0.5, 75), `[${'#'.repeat(12)}${'-'.repeat(12)}]  50%  about 1 min 15 s left`);
    assert.equal(progressBar(1, 0), `[${'#'.repeat(24)}] 100%  about 0 s left`);
  });
});
