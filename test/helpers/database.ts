import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** URL of the server that test/run.ts started, on one of its databases. */
export function testServerUrl(database = 'postgres'): string {
  const base = process.env.FERRY_TEST_PG_URL;
  if (!base) throw new Error('FERRY_TEST_PG_URL is not set: run tests with `npm test`, which starts PostgreSQL');
  return `${base}/${database}`;
}

/** Creates an empty database for one test file and returns its URL. */
export async function createTestDatabase(prefix = 'ferry'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return testServerUrl(name);
}
