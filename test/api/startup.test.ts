import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from '@jest/globals';
import { spawnFerry, waitForOutput } from '../helpers/ferry-process';

async function graphql(url: string, token: string, query: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

describe('npm start with no DATABASE_URL runs on an embedded PostgreSQL', () => {
  test('starts, serves, stops cleanly on SIGTERM, and reuses its data on restart', async () => {
    const projectDir = mkdtempSync(join(tmpdir(), 'ferry-start-'));
    chmodSync(projectDir, 0o755);
    const dataDir = join(projectDir, '.ferry');
    const env = { FERRY_DATA_DIR: dataDir, FERRY_PORT: '0' };

    const first = spawnFerry('main', env);
    const [, firstUrl] = await waitForOutput(first, /listening at (http:\/\/\S+)/);
    const health = await fetch(firstUrl.replace('/graphql', '/healthz'));
    assert.equal(health.status, 200);
    const ready = (await (await fetch(firstUrl.replace('/graphql', '/readyz'))).json()) as { checks: Record<string, boolean> };
    assert.deepEqual(ready.checks, { database: true, scheduler: true });
    assert.equal(statSync(join(dataDir, 'secret.key')).mode & 0o777, 0o600, 'generated key file is private');

    const tokenCli = spawnFerry('cli', env, ['token', 'create', '--name', 'ci']);
    assert.equal(await tokenCli.exited, 0, tokenCli.output());
    const token = tokenCli.output().trim();
    assert.match(token, /^ferry_[\w-]{20,}$/, 'the token is printed alone on stdout');

    const created = await graphql(
      firstUrl,
      token,
      'mutation { createSource(input: { name: "kept", type: "postgres", skipTest: true, config: { host: "127.0.0.1", database: "x", user: "u", password: "p" } }) { id } }',
    );
    assert.ok(created.data?.createSource.id, JSON.stringify(created));

    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    const pidFile = join(dataDir, 'pg', 'postmaster.pid');
    assert.equal(existsSync(pidFile), false, 'PostgreSQL was stopped with Ferry');

    const offlineCli = spawnFerry('cli', env, ['token', 'create', '--name', 'offline']);
    assert.equal(await offlineCli.exited, 0, `with Ferry stopped the CLI starts and stops the database itself: ${offlineCli.output()}`);
    const offlineToken = offlineCli.output().trim();
    assert.match(offlineToken, /^ferry_[\w-]{20,}$/);
    assert.equal(existsSync(pidFile), false, 'the CLI stopped the database it started');

    const second = spawnFerry('main', env);
    const [, secondUrl] = await waitForOutput(second, /listening at (http:\/\/\S+)/);
    const listed = await graphql(secondUrl, token, '{ sources { name } }');
    assert.deepEqual(listed.data?.sources, [{ name: 'kept' }], 'the token and the source survived the restart');
    assert.equal((await graphql(secondUrl, offlineToken, '{ sources { name } }')).data?.sources.length, 1);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0, second.output());
    assert.ok(readFileSync(join(dataDir, 'pg', 'PG_VERSION'), 'utf8').trim().length > 0);
    rmSync(projectDir, { recursive: true, force: true });
  }, 45_000);

  test('starts even when the data dir is inside a private folder (running as root, e.g. under /root)', async () => {
    const privateDir = mkdtempSync(join(tmpdir(), 'ferry-private-'));
    assert.equal(statSync(privateDir).mode & 0o777, 0o700);
    const dataDir = join(privateDir, '.ferry');
    const relocated = join('/var/lib/ferry', createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
    const ferry = spawnFerry('main', { FERRY_DATA_DIR: dataDir, FERRY_PORT: '0' });
    const [, url] = await waitForOutput(ferry, /listening at (http:\/\/\S+)/);
    assert.equal((await fetch(url.replace('/graphql', '/healthz'))).status, 200);
    ferry.child.kill('SIGTERM');
    assert.equal(await ferry.exited, 0, ferry.output());
    if (process.getuid?.() === 0) {
      assert.ok(existsSync(join(relocated, 'pg', 'PG_VERSION')), 'as root the cluster was placed where the postgres user can reach it');
      rmSync(relocated, { recursive: true, force: true });
    }
    rmSync(privateDir, { recursive: true, force: true });
  }, 30_000);

  test('a bad variable stops start-up with a message naming it', async () => {
    const bad = spawnFerry('main', { FERRY_PORT: 'eighty' });
    assert.equal(await bad.exited, 1);
    assert.match(bad.output(), /FERRY_PORT: /);
  });

  test('DATABASE_URL without FERRY_SECRET_KEY stops start-up and says how to make one', async () => {
    const bad = spawnFerry('main', { DATABASE_URL: `postgres://u:p@127.0.0.1:1/ferry_${randomBytes(3).toString('hex')}` });
    assert.equal(await bad.exited, 1);
    assert.match(bad.output(), /FERRY_SECRET_KEY is required when DATABASE_URL is set/);
    assert.match(bad.output(), /openssl rand -base64 32/);
  });
});
