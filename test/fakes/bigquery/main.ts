/**
 * `npm run fake:bigquery`: the fake BigQuery with a demo project, for trying Ferry by hand (and the benchmark).
 * Environment: FAKE_BQ_PORT (default 4200; 0 = any free port), FAKE_BQ_KEY_FILE (where to write the service
 * account key; default a temporary file), FAKE_BQ_JSON=1 (print one JSON line `{ url, keyFile }` instead of the text).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedRowsSql, startFakeBigQuery } from './index';

const PROJECT = 'demo-project';

async function main(): Promise<void> {
  const fake = await startFakeBigQuery({ port: Number(process.env.FAKE_BQ_PORT ?? 4200) });
  const account = fake.createServiceAccount('ferry-reader', PROJECT);
  fake.warehouse.addTable(
    PROJECT,
    'crm',
    'people',
    [
      { name: 'email', type: 'STRING' },
      { name: 'first_name', type: 'STRING' },
      { name: 'signed_up', type: 'DATE' },
    ],
    [
      ['ada@example.com', 'Ada', '2024-01-05'],
      ['grace@example.com', 'Grace', '2024-02-11'],
      ['alan@example.com', 'Alan', null],
    ],
  );
  const keyFile = process.env.FAKE_BQ_KEY_FILE ?? join(mkdtempSync(join(tmpdir(), 'fake-bigquery-')), 'service-account.json');
  writeFileSync(keyFile, account.keyJson, { mode: 0o600 });
  if (process.env.FAKE_BQ_JSON === '1') {
    process.stdout.write(`${JSON.stringify({ url: fake.url, keyFile })}\n`);
  } else {
    console.log(
      [
        'Fake BigQuery is running.',
        '',
        `  apiUrl:             ${fake.url}`,
        `  serviceAccountKey:  the contents of ${keyFile}`,
        `  project:            ${PROJECT} (the key's project_id)`,
        '  table:              crm.people (email, first_name, signed_up)',
        '',
        'Try a model such as: SELECT email, first_name FROM `crm.people`',
        `or a million generated rows: ${generatedRowsSql(1_000_000)}`,
        'Stop with Ctrl+C.',
      ].join('\n'),
    );
  }
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
