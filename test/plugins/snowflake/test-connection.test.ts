import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ConnectionError } from '../../../src/plugins/contract';
import { snowflakeSource } from '../../../src/plugins/sources/snowflake';
import { rsaKeyPair } from '../../fakes/snowflake';
import { context, rejection, useFakeSnowflake } from './fake-source';

describe('snowflake source: test()', () => {
  const sf = useFakeSnowflake();
  const refusal = async (overrides: Record<string, unknown>) => {
    const error = await rejection(snowflakeSource.test(sf.configWith(overrides), context()));
    expect(error).toBeInstanceOf(ConnectionError);
    return error;
  };

  test('resolves with a registered key, a usable warehouse, database and schema', async () => {
    await expect(snowflakeSource.test(sf.config, context())).resolves.toBeUndefined();
  });

  test('a key not registered on the user: the message names the fingerprint DESCRIBE USER must show', async () => {
    const error = await refusal({ privateKey: rsaKeyPair().privateKey });
    expect(error.message).toMatch(/^Snowflake refused the key of user "ferry" on account "ferrytest" \(JWT token is invalid\)/);
    expect(error.extensions.reason).toBe('authentication_failed');
  });

  test('an unknown (or not granted) database, schema or warehouse is named with the grant that fixes it', async () => {
    expect((await refusal({ database: 'analytics' })).message).toMatch(
      /^Snowflake has no database "analytics" that role FERRY_READER can use: check the name \(it is case-sensitive: a name created without quotes is upper case\) and GRANT USAGE ON DATABASE analytics TO ROLE FERRY_READER$/,
    );
    expect((await refusal({ schema: 'NOPE' })).message).toMatch(
      /^Snowflake has no schema "NOPE" .* GRANT USAGE ON SCHEMA ANALYTICS\.NOPE TO ROLE FERRY_READER$/,
    );
    expect((await refusal({ warehouse: 'NOPE_WH' })).message).toMatch(
      /^Snowflake has no warehouse "NOPE_WH" .* GRANT USAGE ON WAREHOUSE NOPE_WH TO ROLE FERRY_READER$/,
    );
  });

  test('a role not granted to the user', async () => {
    const error = await refusal({ role: 'SYSADMIN' });
    expect(error.message).toMatch(
      /^Role 'SYSADMIN' specified in the connect string does not exist or not authorized\..*GRANT ROLE SYSADMIN TO USER ferry/,
    );
  });

  test('a malformed key is reported without any request, naming the setting', async () => {
    const before = sf.fake.server.requests.length;
    const error = await rejection(snowflakeSource.test({ ...sf.config, privateKey: 'garbage' }, context()));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/^privateKey: not a PEM private key/);
    expect(sf.fake.server.requests.length).toBe(before);
  });

  describe('unreachable servers', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    let silentPort = 0;
    beforeAll(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    test('connection refused', async () => {
      const error = await refusal({ endpoint: 'http://127.0.0.1:1' });
      expect(error.message).toBe('Could not connect to http://127.0.0.1:1: connection refused. Check account (and endpoint, when set)');
    });

    test('a server that never answers: refused after requestTimeoutSeconds, naming the setting', async () => {
      const started = Date.now();
      const error = await refusal({ endpoint: `http://127.0.0.1:${silentPort}`, requestTimeoutSeconds: 1 });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error.message).toMatch(/did not answer within 1 seconds \(requestTimeoutSeconds\)/);
    });
  });
});
