import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { loadConfig } from '../../src/config';

describe('configuration is parsed once with zod', () => {
  test('defaults match DESIGN.md §7', () => {
    const config = loadConfig({});
    assert.equal(config.DATABASE_URL, undefined);
    assert.equal(config.FERRY_DATA_DIR, './.ferry');
    assert.equal(config.FERRY_PORT, 4000);
    assert.equal(config.FERRY_HOST, '127.0.0.1');
    assert.equal(config.FERRY_ROLE, 'all');
    assert.deepEqual(config.FERRY_PLUGINS, []);
    assert.equal(config.FERRY_AGENDA_MONGO_URL, undefined);
    assert.equal(config.FERRY_WORKER_CONCURRENCY, 2);
    assert.equal(config.FERRY_SHUTDOWN_GRACE_SECONDS, 15);
    assert.equal(config.FERRY_GRAPHIQL, true);
    assert.equal(config.FERRY_CONSOLE, true);
  });

  test('the browser pages turn off with false (or 0, no, off) and stay on when the variable is empty', () => {
    for (const off of ['false', '0', 'no', 'off', 'FALSE'])
      assert.equal(loadConfig({ FERRY_GRAPHIQL: off, FERRY_CONSOLE: off }).FERRY_GRAPHIQL, false, off);
    assert.equal(loadConfig({ FERRY_CONSOLE: 'false' }).FERRY_CONSOLE, false);
    assert.equal(loadConfig({ FERRY_GRAPHIQL: '', FERRY_CONSOLE: ' ' }).FERRY_GRAPHIQL, true);
    assert.equal(loadConfig({ FERRY_CONSOLE: ' ' }).FERRY_CONSOLE, true);
  });

  test('DATABASE_URL without FERRY_SECRET_KEY stops start-up and says how to make a key', () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/ferry' }),
      (error: Error & { code?: string }) =>
        error.code === 'CONFIG_INVALID' && /FERRY_SECRET_KEY is required/.test(error.message) && /openssl rand -base64 32/.test(error.message),
    );
  });

  test('a bad value names its variable', () => {
    for (const [name, value] of [
      ['FERRY_PORT', 'eighty'],
      ['FERRY_ROLE', 'boss'],
      ['DATABASE_URL', 'mysql://x'],
      ['FERRY_AGENDA_MONGO_URL', 'http://x'],
      ['FERRY_API_TOKEN', 'short'],
      ['FERRY_WORKER_CONCURRENCY', '0'],
      ['FERRY_SHUTDOWN_GRACE_SECONDS', '-1'],
      ['FERRY_GRAPHIQL', 'maybe'],
      ['FERRY_CONSOLE', 'nope'],
    ]) {
      assert.throws(() => loadConfig({ [name]: value, FERRY_SECRET_KEY: 'x' }), new RegExp(`${name}: `), name);
    }
  });

  test('FERRY_PLUGINS is a comma-separated list', () => {
    assert.deepEqual(loadConfig({ FERRY_PLUGINS: ' a-plugin, @scope/b ,' }).FERRY_PLUGINS, ['a-plugin', '@scope/b']);
  });
});
