import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from '@jest/globals';

/** Runs main.js with `env` added to ours (and a free port). */
function startMain(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [join(__dirname, 'main.js')], { env: { ...process.env, FAKE_AC_PORT: '0', ...env } });
}

/** What main.js prints up to "Stop with", the last line it prints once it listens. */
async function outputUntilListening(child: ChildProcessWithoutNullStreams): Promise<string> {
  let out = '';
  child.stdout.setEncoding('utf8');
  for await (const chunk of child.stdout) {
    out += chunk;
    if (out.includes('Stop with')) break;
  }
  return out;
}

test('main.js starts a seeded fake, prints a pasteable URL and key, and stops on SIGTERM', async () => {
  const child = startMain({ FAKE_AC_API_KEY: 'demo-key' });
  try {
    const out = await outputUntilListening(child);
    const url = /API URL: (\S+)/.exec(out)?.[1];
    assert.match(url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(out, /API key: demo-key/);
    const headers = { 'Api-Token': 'demo-key' };
    const get = async (path: string): Promise<any> => (await fetch(`${url}/api/3${path}`, { headers })).json();
    const lists = await get('/lists');
    assert.deepEqual(
      lists.lists.map((l: { stringid: string }) => l.stringid),
      ['newsletter', 'product-updates', 'partners'],
    );
    const fields = await get('/fields');
    assert.ok(fields.fields.length >= 4);
    const schemas = await get('/customObjects/schemas');
    assert.equal(schemas.meta.total, 1);
    const excluded = await get('/lists/exclusions');
    assert.equal(excluded.exclusions[0].matchPhrase, 'do-not-contact@example.com');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('FAKE_AC_FAULTS injects fault rules from the start; a bad value stops main.js with a message naming it', async () => {
  const faults = JSON.stringify([
    { method: 'GET', path: '/users/me', fault: { type: 'response', status: 500, body: { message: 'boom' } }, times: 1 },
  ]);
  const child = startMain({ FAKE_AC_API_KEY: 'demo-key', FAKE_AC_FAULTS: faults });
  try {
    const out = await outputUntilListening(child);
    assert.match(out, /Fault rules: +GET \/users\/me → response/);
    const url = /API URL: (\S+)/.exec(out)?.[1];
    const me = () => fetch(`${url}/api/3/users/me`, { headers: { 'Api-Token': 'demo-key' } });
    const first = await me();
    assert.deepEqual([first.status, await first.json()], [500, { message: 'boom' }]);
    assert.equal((await me()).status, 200, 'times: 1 applies once');
    child.kill('SIGTERM');
    await once(child, 'exit');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }

  const bad = startMain({ FAKE_AC_FAULTS: '[{"path":"/contacts","fault":{"type":"explode"}}]' });
  let err = '';
  bad.stderr.setEncoding('utf8');
  bad.stderr.on('data', (chunk: string) => (err += chunk));
  const [code, signal] = await once(bad, 'exit');
  assert.equal(code, 1, `exit signal ${signal}; stderr: ${err}`);
  assert.match(err, /FAKE_AC_FAULTS\[0\]: "fault\.type" must be one of rate-limit, /);
});
