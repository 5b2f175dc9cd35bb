import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { Config } from '../config';
import { withDatabase } from './with-database';

export const sampleDatabase = 'ferry_sample';
const database = sampleDatabase;
const reader = 'ferry_sample_reader';

/**
 * `sample-data`: a small warehouse to try Ferry with, as database `ferry_sample` on Ferry's own PostgreSQL:
 * a `customers` table with a few rows that ActiveCampaign will refuse, to see per-row results, readable by a
 * role that may only read it. Prints the source config for createSource alone on stdout.
 */
export async function sampleData(config: Config, rows: number): Promise<void> {
  let readerPassword = '';
  const serverUrl = await withDatabase(config, async (_db, embedded) => {
    const url = new URL(embedded ? embedded.url : config.DATABASE_URL!);
    url.pathname = '/postgres';
    // Derived from the server's own password, so running sample-data again keeps an existing source working.
    readerPassword = createHash('sha256')
      .update(`${decodeURIComponent(url.password)}:${reader}`)
      .digest('base64url')
      .slice(0, 24);
    const admin = new Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!exists.rowCount) await admin.query(`CREATE DATABASE ${database}`);
      // The source reads as a role that may only read this database, never as the server's superuser.
      const role = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [reader]);
      await admin.query(`${role.rowCount ? 'ALTER' : 'CREATE'} ROLE ${reader} LOGIN PASSWORD '${readerPassword}'`);
      await admin.query(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
      await admin.query(`GRANT CONNECT ON DATABASE ${database} TO ${reader}`);
    } finally {
      await admin.end();
    }
    url.pathname = `/${database}`;
    const sample = new Client({ connectionString: url.toString() });
    await sample.connect();
    try {
      await sample.query('DROP TABLE IF EXISTS customers');
      await sample.query(
        `
        CREATE TABLE customers AS
        SELECT 'customer' || g || '@example.com' AS email,
               (ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara'])[1 + g % 5] AS first_name,
               'Customer ' || g AS last_name,
               '+1555' || lpad(g::text, 7, '0') AS phone,
               CASE WHEN g % 2 = 0 THEN ARRAY['newsletter'] ELSE ARRAY['newsletter', 'product-updates'] END AS lists,
               (ARRAY['Free', 'Pro', 'Enterprise'])[1 + g % 3] AS plan,
               DATE '2024-01-01' + g AS signed_up_on,
               round((g * 13.37)::numeric, 2) AS lifetime_value
        FROM generate_series(1, $1::int) g`,
        [rows],
      );
      await sample.query(`INSERT INTO customers VALUES
        ('do-not-contact@example.com', 'Do Not', 'Contact', NULL, ARRAY['newsletter'], 'Free', DATE '2024-02-01', 0),
        ('not-an-email', 'Bad', 'Address', NULL, ARRAY['newsletter'], 'Free', DATE '2024-02-02', 0),
        ('no-such-list@example.com', 'Lost', 'List', NULL, ARRAY['vip-lounge'], 'Pro', DATE '2024-02-03', 0)`);
      await sample.query(`GRANT USAGE ON SCHEMA public TO ${reader}`);
      await sample.query(`GRANT SELECT ON customers TO ${reader}`);
    } finally {
      await sample.end();
    }
    return url;
  });
  const source = {
    host: serverUrl.hostname,
    port: Number(serverUrl.port),
    database,
    user: reader,
    password: readerPassword,
  };
  process.stderr.write(`Created table customers (${rows + 3} rows) in database ${database}; its source config follows on stdout.\n`);
  process.stdout.write(`${JSON.stringify(source)}\n`);
}
