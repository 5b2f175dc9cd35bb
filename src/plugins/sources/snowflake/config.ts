import { z } from 'zod';
import { insecureUrlReason } from '../../contract';
import { readSigningKey } from './private-key';

const required = (what: string) => ({ error: `required: ${what}` });
const CASE = 'case-sensitive: a name created without quotes is upper case, e.g. ';

/** Checks an `endpoint` override: https anywhere, plain http only to this machine (local fakes, proxies). */
export function endpointProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL, e.g. https://myorg-myaccount.privatelink.snowflakecomputing.com`;
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return `the endpoint ${insecure}`;
  if (url.username || url.password || url.search || url.hash)
    return 'the endpoint must be a bare origin such as https://host[:port], without user, query or fragment';
  if (url.pathname !== '/' && url.pathname !== '') return `the endpoint must be the server's origin, without a path ("${url.pathname}")`;
  return null;
}

/** Connection settings of a Snowflake source: the SQL API v2 with key-pair authentication. */
export const snowflakeConfig = z
  .object({
    account: z
      .string(required('the account identifier, e.g. myorg-myaccount or xy12345.us-east-2.aws'))
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'give the account identifier only, e.g. myorg-myaccount or xy12345.us-east-2.aws (not a URL)')
      .describe('Account identifier: orgname-accountname, or the account locator with its region, e.g. xy12345.us-east-2.aws'),
    user: z
      .string(required('the Snowflake user Ferry logs in as'))
      .trim()
      .min(1, 'must not be empty: give the Snowflake user Ferry logs in as')
      .describe('User whose RSA_PUBLIC_KEY is the public half of privateKey'),
    privateKey: z
      .string(required('the PEM private key (rsa_key.p8) whose public key is registered on the user'))
      .min(1, 'must not be empty: paste the PEM private key (rsa_key.p8)')
      .meta({ description: 'PEM private key (PKCS#8, encrypted or not) whose public key is registered on the user', writeOnly: true }),
    privateKeyPassphrase: z
      .string('must be a string')
      .default('')
      .meta({ description: 'Passphrase of an encrypted private key; leave empty when the key is not encrypted', writeOnly: true }),
    warehouse: z
      .string(required('the warehouse that runs the queries'))
      .trim()
      .min(1, 'must not be empty: give the warehouse that runs the queries')
      .describe(`Warehouse that runs the queries (${CASE}COMPUTE_WH)`),
    database: z
      .string(required('the database the models read'))
      .trim()
      .min(1, 'must not be empty: give the database the models read')
      .describe(`Database the models read and tables are listed from (${CASE}ANALYTICS)`),
    schema: z
      .string('must be a string')
      .trim()
      .min(1, 'must not be empty: give the default schema, e.g. PUBLIC')
      .default('PUBLIC')
      .describe(`Default schema for unqualified table names (${CASE}PUBLIC)`),
    role: z.string('must be a string').trim().default('').describe("Role the queries run as; empty for the user's default role"),
    endpoint: z
      .string('must be a URL')
      .trim()
      .default('')
      .superRefine((value, ctx) => {
        const problem = value === '' ? null : endpointProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('SQL API origin; empty for https://<account>.snowflakecomputing.com. Set it for a private-link host'),
    statementTimeoutSeconds: z
      .number('must be a number of seconds')
      .int('must be a whole number of seconds')
      .min(0, "must be 0 (Snowflake's maximum, 7 days) or more seconds")
      .max(604800, "must be at most 604800 seconds (7 days), Snowflake's maximum")
      .default(900)
      .describe("Longest time Snowflake may run one query before cancelling it (0: Snowflake's maximum)"),
    requestTimeoutSeconds: z
      .number('must be a number of seconds')
      .positive('must be more than 0 seconds')
      .max(300, 'must be at most 300 seconds')
      .default(30)
      .describe('Longest wait for Snowflake to answer one HTTP request'),
  })
  .superRefine((config, ctx) => {
    // The key is checked here, where the passphrase is known, so a bad one is refused before anything is stored.
    if (!config.privateKey) return;
    const key = readSigningKey(config.privateKey, config.privateKeyPassphrase ?? '');
    if ('field' in key) ctx.addIssue({ code: 'custom', path: [key.field], message: key.message });
  });

export type SnowflakeConfig = z.infer<typeof snowflakeConfig>;

/** Where the SQL API lives: the `endpoint` override, or https://<account>.snowflakecomputing.com. */
export function apiOrigin(config: SnowflakeConfig): string {
  if (config.endpoint) return new URL(config.endpoint).origin;
  const host = config.account
    .toLowerCase()
    .replace(/\.snowflakecomputing\.com$/, '')
    .replaceAll('_', '-');
  return `https://${host}.snowflakecomputing.com`;
}
