import { Client } from 'pg';
import type { Config } from '../config';
import { sampleDatabase } from './sample-data';
import { withDatabase } from './with-database';

/**
 * `sample-data set EMAIL COLUMN=VALUE …`: changes one customer of the sample warehouse, as the warehouse's owner
 * (the source's own user may only read), so that the next run has exactly that row to send.
 */
export async function sampleChange(config: Config, email: string | undefined, assignments: string[]): Promise<void> {
  if (!email || assignments.length === 0)
    throw new Error('Usage: npm run ferry -- sample-data set EMAIL COLUMN=VALUE …   e.g. sample-data set customer7@example.com first_name=Grace');
  const changes = assignments.map((assignment) => {
    const at = assignment.indexOf('=');
    if (at < 1) throw new Error(`"${assignment}" is not COLUMN=VALUE, e.g. first_name=Grace`);
    return { column: assignment.slice(0, at), value: assignment.slice(at + 1) };
  });
  await withDatabase(config, async (_db, embedded) => {
    const url = new URL(embedded ? embedded.url : config.DATABASE_URL!);
    url.pathname = `/${sampleDatabase}`;
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      const { rows } = await client.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'customers'`,
      );
      const known = new Map(rows.map((row) => [row.column_name, row.data_type]));
      if (known.size === 0) throw new Error('The sample warehouse has no customers table yet: run `npm run ferry -- sample-data` first');
      for (const { column } of changes) {
        if (!known.has(column)) throw new Error(`customers has no column "${column}"; its columns are ${[...known.keys()].join(', ')}`);
        if (column === 'email') throw new Error('email is the sync key: change another column (a new email would be a new contact)');
      }
      // Each value is cast from text by PostgreSQL to the column's type; arrays are written as {a,b}.
      const set = changes
        .map(({ column }, i) => `"${column}" = $${i + 2}::text::${known.get(column) === 'ARRAY' ? 'text[]' : known.get(column)}`)
        .join(', ');
      const result = await client.query(`UPDATE customers SET ${set} WHERE email = $1`, [email, ...changes.map((change) => change.value)]);
      if (result.rowCount === 0) throw new Error(`No customer has the email "${email}" (they look like customer7@example.com)`);
    } finally {
      await client.end();
    }
  });
  process.stderr.write(`Changed ${changes.map((change) => change.column).join(', ')} of ${email}: the next run sends this one contact.\n`);
}
