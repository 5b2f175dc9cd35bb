import { z } from 'zod';

const required = (what: string) => ({ error: `required: ${what}` });

/** The connection settings of a SQL Server or Azure Synapse source; `product` names the server in the descriptions. */
export function tdsConfig(product: string, example: string) {
  return z.object({
    server: z
      .string(required(`the host name or IP address of the ${product} server`))
      .trim()
      .min(1, `must not be empty: give the host name or IP address of the ${product} server`)
      .describe(`Host name or IP address of the ${product} server, e.g. ${example}`),
    port: z
      .number('must be a number, e.g. 1433')
      .int('must be a whole number, e.g. 1433')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(1433)
      .describe(`TCP port of the ${product} server`),
    database: z
      .string(required('the name of the database to read from'))
      .min(1, 'must not be empty: give the name of the database to read from')
      .describe('Database to read from'),
    user: z
      .string(required('the SQL login to connect as'))
      .min(1, 'must not be empty: give the SQL login to connect as')
      .describe('SQL login (SQL Server authentication); read access (db_datareader) is enough'),
    password: z.string('must be a string').default('').meta({ description: 'Password of the login', writeOnly: true }),
    encrypt: z.boolean('must be true or false').default(true).describe('Encrypt the connection with TLS (the server must then offer it)'),
    trustServerCertificate: z
      .boolean('must be true or false')
      .default(false)
      .describe("Accept the server's certificate without checking it (only for servers with a self-signed certificate on a network you trust)"),
    connectTimeoutSeconds: z
      .number('must be a number of seconds')
      .positive('must be more than 0 seconds')
      .max(300, 'must be at most 300 seconds')
      .default(15)
      .describe('Longest wait for the connection and login to succeed'),
    queryTimeoutSeconds: z
      .number('must be a number of seconds')
      .min(0, 'must be 0 (no limit) or more seconds')
      .default(900)
      .describe('Longest wait for a query to start returning rows (0: no limit); the time spent streaming rows is not limited'),
  });
}

export const sqlServerConfig = tdsConfig('SQL Server', 'sql.example.com');
export const synapseConfig = tdsConfig('Azure Synapse', 'myworkspace.sql.azuresynapse.net');

export type TdsConfig = z.infer<typeof sqlServerConfig>;

/** What differs between SQL Server and Azure Synapse for the same code. */
export interface Dialect {
  product: string;
  /**
   * Read inside BEGIN TRANSACTION … ROLLBACK. SQL Server: yes. Synapse: no (serverless SQL pools have no
   * transactions); a read-only login is the guarantee there.
   */
  transaction: boolean;
  /** ApplicationIntent=ReadOnly: routes to a readable secondary of an availability group. Synapse has none. */
  readOnlyIntent: boolean;
  /** sp_spaceused gives a table's row count (Synapse dedicated pools do not have it: DBCC PDW_SHOWSPACEUSED instead). */
  spaceUsed: boolean;
}
