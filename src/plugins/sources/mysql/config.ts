import { z } from 'zod';

const required = (what: string) => ({ error: `required: ${what}` });

/** Connection settings of a MySQL or MariaDB source. `password` is a secret (write-only in the API). */
export const mysqlConfig = z.object({
  host: z
    .string(required('the host name or IP address of the MySQL or MariaDB server'))
    .trim()
    .min(1, 'must not be empty: give the host name or IP address of the MySQL or MariaDB server')
    .describe('Host name or IP address of the MySQL or MariaDB server, e.g. db.example.com'),
  port: z
    .number('must be a number, e.g. 3306')
    .int('must be a whole number, e.g. 3306')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(3306)
    .describe('TCP port of the server'),
  database: z
    .string(required('the name of the database (schema) to read from'))
    .min(1, 'must not be empty: give the name of the database (schema) to read from')
    .describe('Database (schema) to read from; table discovery lists its tables and views'),
  user: z
    .string(required('the MySQL user to log in as'))
    .min(1, 'must not be empty: give the MySQL user to log in as')
    .describe('User to log in as; SELECT on the tables your models read is enough'),
  password: z
    .string('must be a string')
    .default('')
    .meta({ description: 'Password of the user; leave empty when the server does not ask for one', writeOnly: true }),
  ssl: z.boolean('must be true or false').default(false).describe('Connect over TLS and verify the server certificate against the system CAs'),
  statementTimeoutSeconds: z
    .number('must be a number of seconds')
    .min(0, 'must be 0 (no limit) or more seconds')
    .default(900)
    .describe('Longest time the server may take to describe a query, or to deliver the next batch of rows (0: no limit)'),
  connectTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .max(300, 'must be at most 300 seconds')
    .default(10)
    .describe('Longest wait for the connection and login to succeed'),
});

export type MysqlConfig = z.infer<typeof mysqlConfig>;
