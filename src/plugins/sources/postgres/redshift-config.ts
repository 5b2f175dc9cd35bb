import { z } from 'zod';
import { postgresConfig } from './config';

/**
 * Connection settings of an Amazon Redshift source: PostgreSQL's, with Redshift's port (5439) and TLS on by
 * default (Redshift offers it on every cluster and workgroup; `require_ssl` makes it mandatory).
 */
export const redshiftConfig = postgresConfig.extend({
  host: postgresConfig.shape.host.describe(
    'Endpoint of the cluster or serverless workgroup, without port and database, e.g. examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com',
  ),
  port: z
    .number('must be a number, e.g. 5439')
    .int('must be a whole number, e.g. 5439')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(5439)
    .describe('TCP port of the cluster or workgroup'),
  ssl: z
    .boolean('must be true or false')
    .default(true)
    .describe('Connect over TLS and verify the certificate against the system CAs (Redshift certificates are signed by Amazon Trust Services)'),
});

export type RedshiftConfig = z.infer<typeof redshiftConfig>;
