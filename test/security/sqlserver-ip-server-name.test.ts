import { describe, expect, test } from '@jest/globals';
import { ConnectionError as TediousConnectionError } from 'tedious';
import { sqlServerSource } from '../../src/plugins/sources/sqlserver';
import type { Dialect } from '../../src/plugins/sources/sqlserver/config';
import { sqlServerConfig } from '../../src/plugins/sources/sqlserver/config';
import { connectionError } from '../../src/plugins/sources/sqlserver/connection-errors';
import { pluginContext } from '../helpers/plugin-context';
import { startFakeSqlServer } from '../plugins/sqlserver/sqlserver-fixture';

/** Node.js 26's error, verbatim (`tls.connect({ servername: '10.0.0.5' })` on node@26.10.0). */
const node26Refusal = () =>
  Object.assign(
    new TypeError("The property 'options.servername' Setting the TLS ServerName to an IP address is not permitted.. Received '10.0.0.5'"),
    { code: 'ERR_INVALID_ARG_VALUE' },
  );

const nodeMajor = Number(process.versions.node.split('.')[0]);

describe('SQL Server with an IP address as server and encrypt on (Node.js 26 refuses an IP as the TLS server name)', () => {
  test("the driver's refusal, as tedious wraps it, is classified with the fix, never repeated raw", () => {
    const config = sqlServerConfig.parse({ server: '10.0.0.5', database: 'shop', user: 'reader', password: 'p' });
    const wrapped = new TediousConnectionError(`Failed to connect to 10.0.0.5:1433 - ${node26Refusal().message}`, 'ESOCKET', {
      cause: node26Refusal(),
    });
    const error = connectionError(wrapped, [], config, { product: 'SQL Server' } as Dialect);
    expect(error.extensions).toMatchObject({ code: 'CONNECTION_FAILED', reason: 'server_name_is_ip' });
    expect(error.message).toMatch(
      /^SQL Server at 10\.0\.0\.5:1433: with encrypt on, give server as a host name \(the one the server's certificate names\), not an IP address/,
    );
    expect(error.message).not.toMatch(/options\.servername|Received/);
  });

  (nodeMajor >= 26 ? test : test.skip)('on Node.js 26, connecting by IP address with encrypt on fails with that message', async () => {
    const { fake, config } = await startFakeSqlServer();
    try {
      const failure = await sqlServerSource.test({ ...config, server: '127.0.0.1' }, pluginContext()).then(
        () => null,
        (error: Error) => error,
      );
      expect(failure?.message).toMatch(/give server as a host name/);
    } finally {
      await fake.stop();
    }
  });
});
