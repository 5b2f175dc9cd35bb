/**
 * The fake Databricks warehouse on its own, for the bench and for trying Ferry by hand (`node dist/test/fakes/databricks/main.js`).
 * Environment: FAKE_DATABRICKS_PORT (default 4200), FAKE_DATABRICKS_TOKEN (default random), FAKE_DATABRICKS_CHUNK_ROWS (20000).
 * Prints one `FAKE_READY {json}` line (url, token, httpPath) for scripts; `SELECT * FROM fake_people(n)` gives n rows.
 */
import { startFakeDatabricks } from './index';

async function main(): Promise<void> {
  const fake = await startFakeDatabricks({
    port: Number(process.env.FAKE_DATABRICKS_PORT ?? 4200),
    tokens: process.env.FAKE_DATABRICKS_TOKEN ? [process.env.FAKE_DATABRICKS_TOKEN] : undefined,
    chunkRows: Number(process.env.FAKE_DATABRICKS_CHUNK_ROWS ?? 20_000),
  });
  fake.addTable({
    schema: 'default',
    name: 'people',
    columns: [
      { name: 'email', type: 'STRING' },
      { name: 'first_name', type: 'STRING' },
    ],
    rows: [
      ['ada@example.com', 'Ada'],
      ['grace@example.com', 'Grace'],
    ],
  });
  console.log(`FAKE_READY ${JSON.stringify({ url: fake.url, token: fake.token, httpPath: fake.httpPath })}`);
  console.log(
    `Fake Databricks: host ${fake.url}, httpPath ${fake.httpPath}, token ${fake.token}. Try SELECT * FROM people or SELECT * FROM fake_people(1000). Stop with Ctrl+C.`,
  );
  const stop = () =>
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
