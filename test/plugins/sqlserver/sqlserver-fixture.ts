import { selfSignedCertificate } from '../../fakes/tds/certificate';
import { allTypesTable, generatedTable } from '../../fakes/tds/sample-tables';
import { FakeSqlServer, type FakeSqlServerOptions } from '../../fakes/tds/server';
import { sqlServerConfig, type TdsConfig } from '../../../src/plugins/sources/sqlserver/config';

export const readerPassword = 'Re@der-pass 1';

/** The fake SQL Server with a TLS certificate, the `reader` login and a `shop` database of sample tables. */
export async function startFakeSqlServer(overrides: Partial<FakeSqlServerOptions> = {}): Promise<{ fake: FakeSqlServer; config: TdsConfig }> {
  const fake = await FakeSqlServer.start({
    logins: { reader: readerPassword },
    databases: {
      shop: [allTypesTable(), generatedTable('people', 25), generatedTable('million', 1_000_000), { ...generatedTable('slow', 1), delayMs: 60_000 }],
    },
    certificate: selfSignedCertificate(),
    ...overrides,
  });
  const config = sqlServerConfig.parse({
    server: 'localhost', // a host name: Node 26 refuses an IP address as the TLS server name
    port: fake.port,
    database: 'shop',
    user: 'reader',
    password: readerPassword,
    trustServerCertificate: true,
    connectTimeoutSeconds: 15,
  });
  return { fake, config };
}

/** Resolves once the fake has no connection open (connections close asynchronously after a call returns). */
export async function untilNoConnections(fake: FakeSqlServer, withinMs = 3000): Promise<number> {
  const deadline = Date.now() + withinMs;
  while (fake.openConnections > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return fake.openConnections;
}

/** Waits until the fake has sent no row for 300 ms (at most `withinMs`), and returns its rows-sent count. */
export async function untilRowsSteady(fake: FakeSqlServer, withinMs = 8000): Promise<number> {
  const deadline = Date.now() + withinMs;
  let last = -1;
  while (fake.rowsSent !== last && Date.now() < deadline) {
    last = fake.rowsSent;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return fake.rowsSent;
}
