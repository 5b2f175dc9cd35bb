import { z } from 'zod';
import { insecureUrlReason } from '../../contract';

const EXAMPLE = 'e.g. https://my-deployment.es.us-east-1.aws.found.io:443 or https://es.internal:9200';

/** The cluster's base URL, or what to fix. Plain http only for a loopback host. */
export function parseClusterUrl(input: string): { origin: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { error: `"${input}" is not a URL: give the Elasticsearch endpoint (${EXAMPLE})` };
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return { error: `the URL ${insecure}, ${EXAMPLE}` };
  if (url.username || url.password) return { error: 'the URL must not contain a user name or password: use apiKey, or username and password' };
  return { origin: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

/**
 * Connection settings of an Elasticsearch cluster. Authenticate with an API key (preferred) or a user and
 * password; `apiKey` and `password` are secrets (write-only in the API).
 */
export const elasticsearchConfig = z
  .object({
    url: z
      .string({ error: `required: the Elasticsearch endpoint (${EXAMPLE})` })
      .superRefine((value, ctx) => {
        const parsed = parseClusterUrl(value);
        if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error });
      })
      .describe(`Elasticsearch endpoint, ${EXAMPLE}`),
    apiKey: z
      .string('must be a string')
      .trim()
      .min(1, 'must not be empty: paste the encoded API key, or leave it out and use username and password')
      .optional()
      .meta({ description: 'API key: the "encoded" value Kibana or the create API key call shows (or id:api_key)', writeOnly: true }),
    username: z
      .string('must be a string')
      .trim()
      .min(1, 'must not be empty')
      .optional()
      .describe('User for Basic authentication (when no apiKey is given)'),
    password: z.string('must be a string').optional().meta({ description: 'Password of the user', writeOnly: true }),
    caCertificate: z
      .string('must be a string')
      .refine((pem) => pem.includes('-----BEGIN CERTIFICATE-----'), 'must be a PEM certificate (-----BEGIN CERTIFICATE----- …)')
      .optional()
      .describe('PEM certificate of the private CA that signed the cluster’s certificate (self-managed clusters); leave out for public CAs'),
    pageTimeoutSeconds: z
      .number('must be a number of seconds')
      .min(1, 'must be at least 1 second')
      .max(86_400, 'must be at most 86400 seconds (a day)')
      .default(600)
      .describe('How long Elasticsearch keeps the result cursor between two pages: longer than the slowest batch write to the destination'),
    requestTimeoutSeconds: z
      .number('must be a number of seconds')
      .positive('must be more than 0 seconds')
      .max(3600, 'must be at most 3600 seconds')
      .default(90)
      .describe('Longest wait for one SQL request (one page)'),
    multiValueLeniency: z
      .boolean('must be true or false')
      .default(false)
      .describe(
        'Fields holding arrays: Elasticsearch SQL refuses them; true takes the first value of each array instead (field_multi_value_leniency)',
      ),
  })
  .superRefine((config, ctx) => {
    if (config.apiKey && (config.username || config.password)) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'give either apiKey, or username and password, not both' });
    } else if (!config.apiKey && !config.username) {
      ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'required: an API key (preferred), or username and password' });
    } else if (config.username && !config.password) {
      ctx.addIssue({ code: 'custom', path: ['password'], message: `required: the password of user "${config.username}"` });
    }
  });

export type ElasticsearchConfig = z.infer<typeof elasticsearchConfig>;

/** The Authorization header for the config's credentials. */
export function authorization(config: ElasticsearchConfig): string {
  if (config.apiKey) {
    const key = config.apiKey.includes(':') ? Buffer.from(config.apiKey).toString('base64') : config.apiKey;
    return `ApiKey ${key}`;
  }
  return `Basic ${Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64')}`;
}
