import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { loadConfig } from '../../src/config';

describe('FERRY_METRICS_ADDRESS', () => {
  test('is unset by default (and when empty): metrics only on the API port, with a token', () => {
    assert.equal(loadConfig({}).FERRY_METRICS_ADDRESS, undefined);
    assert.equal(loadConfig({ FERRY_METRICS_ADDRESS: ' ' }).FERRY_METRICS_ADDRESS, undefined);
  });

  test('takes HOST:PORT, [IPv6]:PORT, or :PORT for every interface', () => {
    assert.deepEqual(loadConfig({ FERRY_METRICS_ADDRESS: '127.0.0.1:9464' }).FERRY_METRICS_ADDRESS, { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(loadConfig({ FERRY_METRICS_ADDRESS: ':9464' }).FERRY_METRICS_ADDRESS, { host: undefined, port: 9464 });
    assert.deepEqual(loadConfig({ FERRY_METRICS_ADDRESS: '[::1]:9464' }).FERRY_METRICS_ADDRESS, { host: '::1', port: 9464 });
    assert.deepEqual(loadConfig({ FERRY_METRICS_ADDRESS: 'metrics.internal:9100' }).FERRY_METRICS_ADDRESS, { host: 'metrics.internal', port: 9100 });
  });

  test('a bad address stops start-up with a message naming the variable and the forms it takes', () => {
    for (const bad of ['9464', '127.0.0.1', '127.0.0.1:', 'host:port', ':99999', 'http://127.0.0.1:9464', '::1:9464']) {
      assert.throws(
        () => loadConfig({ FERRY_METRICS_ADDRESS: bad }),
        (error: Error & { code?: string }) =>
          error.code === 'CONFIG_INVALID' &&
          error.message.includes('FERRY_METRICS_ADDRESS: must be HOST:PORT or :PORT, e.g. 127.0.0.1:9464') &&
          error.message.includes(`got "${bad}"`),
        bad,
      );
    }
  });

  test("the API's own port is refused, except for a worker, which serves no API", () => {
    assert.throws(
      () => loadConfig({ FERRY_PORT: '4000', FERRY_METRICS_ADDRESS: ':4000' }),
      /FERRY_METRICS_ADDRESS: port 4000 is the API's \(FERRY_PORT\): give the metrics a port of their own/,
    );
    assert.equal(loadConfig({ FERRY_ROLE: 'worker', FERRY_METRICS_ADDRESS: ':4000' }).FERRY_METRICS_ADDRESS?.port, 4000);
  });
});
