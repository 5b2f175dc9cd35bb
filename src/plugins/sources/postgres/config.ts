import { z } from 'zod';

const required = (what: string) => ({ error: `required: ${what}` });

/** Connection settings of a PostgreSQL source. `password` is a secret (write-only in the API). */
export const postgresConfig = z.object({
  host: z
    .string(required('the host name or IP address of the PostgreSQL server'))
    .trim()
    .min(1, 'must not be empty: give the host name or IP address of the PostgreSQL server')
    .max(253, 'must be at most 253 characters (the longest DNS name)')
    .describe('Host name or IP address of the PostgreSQL server, e.g. db.example.com'),
  port: z
    .number('must be a number, e.g. 5432')
    .int('must be a whole number, e.g. 5432')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(5432)
    .describe('TCP port of the PostgreSQL server'),
  database: z
    .string(required('the name of the database to read from'))
    .min(1, 'must not be empty: give the name of the database to read from')
    .describe('Database to read from'),
  user: z
    .string(required('the PostgreSQL user (role) to log in as'))
    .min(1, 'must not be empty: give the PostgreSQL user (role) to log in as')
    .describe('User (role) to log in as; read access to the tables your models select from is enough'),
  password: z
    .string('must be a string')
    .default('')
    .meta({ description: 'Password of the user; leave empty when the server does not ask for one', writeOnly: true }),
  ssl: z
    .boolean('must be true or false')
    .default(false)
    .describe(
      'Connect over TLS and verify the server certificate against the system CAs (on a loopback host the certificate is not checked); required to send a password to any host but localhost',
    ),
  statementTimeoutSeconds: z
    .number('must be a number of seconds')
    .min(0, 'must be 0 (no limit) or more seconds')
    .default(900)
    .describe('Longest time PostgreSQL may spend on one step of a query (0: no limit)'),
  connectTimeoutSeconds: z
    .number('must be a number of seconds')
    .positive('must be more than 0 seconds')
    .max(300, 'must be at most 300 seconds')
    .default(10)
    .describe('Longest wait for the connection and login to succeed'),
});

export type PostgresConfig = z.infer<typeof postgresConfig>;
