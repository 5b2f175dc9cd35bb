/**
 * `npm run fake:snowflake`: the fake SQL API on 127.0.0.1 with user FERRY, role FERRY_READER, warehouse COMPUTE_WH
 * and database ANALYTICS (schema PUBLIC, table CUSTOMERS of 1,000 rows), for trying Ferry by hand and for the
 * benchmark. Environment: FAKE_SF_PORT (default 4200), FAKE_SF_PARTITION_ROWS (default 10000).
 * Its last line is `FAKE_READY {"url", "config"}` for scripts (the benchmark reads it).
 */
import { startFakeSnowflake } from './index';

async function main(): Promise<void> {
  const fake = await startFakeSnowflake({
    port: Number(process.env.FAKE_SF_PORT ?? 4200),
    partitionRows: Number(process.env.FAKE_SF_PARTITION_ROWS ?? 10_000),
  });
  fake.state.addTable(
    'ANALYTICS',
    'PUBLIC',
    'CUSTOMERS',
    [
      { name: 'EMAIL', type: 'TEXT' },
      { name: 'FIRST_NAME', type: 'TEXT' },
      { name: 'PLAN', type: 'TEXT' },
      { name: 'LIFETIME_VALUE', type: 'NUMBER(12,2)' },
    ],
    Array.from({ length: 1000 }, (_, i) => [
      `customer${i + 1}@example.com`,
      `Customer ${i + 1}`,
      ['free', 'pro', 'team'][i % 3],
      ((i * 7919) % 100000) / 100,
    ]),
  );
  console.log(
    [
      'Fake Snowflake SQL API is running.',
      '',
      `  Source config (type "snowflake"), endpoint ${fake.url}:`,
      JSON.stringify(fake.config),
      '',
      'Try the model: SELECT EMAIL, FIRST_NAME, PLAN, LIFETIME_VALUE FROM CUSTOMERS',
      'Stop with Ctrl+C.',
    ].join('\n'),
  );
  console.log(`FAKE_READY ${JSON.stringify({ url: fake.url, config: fake.config })}`);
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
