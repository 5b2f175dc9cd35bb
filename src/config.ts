import { z } from 'zod';
import { StartupConfigError } from './errors';

const optionalString = z
  .string()
  .trim()
  .transform((value) => value || undefined)
  .optional();

/** An empty variable (common in .env files) counts as unset. */
const unsetWhenEmpty = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** Where a server listens: `host` undefined means every interface. */
export interface ListenAddress {
  host: string | undefined;
  port: number;
}

const LISTEN_ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/;

/** `HOST:PORT`, `[IPv6]:PORT` or `:PORT` (every interface). */
const listenAddress = z.string().transform((text, context): ListenAddress => {
  const match = LISTEN_ADDRESS.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    context.addIssue({
      code: 'custom',
      message: `must be HOST:PORT or :PORT, e.g. 127.0.0.1:9464 (this machine only) or :9464 (every interface), got "${text}"`,
    });
    return z.NEVER;
  }
  return { host: match[1] ?? (match[2] || undefined), port };
});

const environment = z.object({
  DATABASE_URL: optionalString.refine((url) => !url || /^postgres(ql)?:\/\//.test(url), {
    message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/ferry',
  }),
  FERRY_DATA_DIR: z.string().trim().min(1).default('./.ferry'),
  FERRY_PORT: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65535).default(4000)),
  FERRY_HOST: z.string().trim().min(1).default('127.0.0.1'),
  FERRY_SECRET_KEY: optionalString,
  FERRY_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  FERRY_PLUGINS: optionalString.transform((list) =>
    (list ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  ),
  FERRY_AGENDA_MONGO_URL: optionalString.refine((url) => !url || /^mongodb(\+srv)?:\/\//.test(url), {
    message: 'must be a MongoDB URL such as mongodb://127.0.0.1:27017/agenda',
  }),
  FERRY_API_TOKEN: optionalString.refine((token) => !token || token.length >= 16, {
    message: 'must be at least 16 characters; make one with `openssl rand -hex 24`',
  }),
  /** Also serve GET /metrics here, without a token (the only way to scrape a worker). */
  FERRY_METRICS_ADDRESS: z.preprocess(unsetWhenEmpty, listenAddress.optional()),
  FERRY_WORKER_CONCURRENCY: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).max(64).default(2)),
  /** On SIGTERM, how long running runs get to reach a batch boundary before they are aborted. */
  FERRY_SHUTDOWN_GRACE_SECONDS: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(3600).default(15)),
  FERRY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  FERRY_MAX_BODY_BYTES: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1024).default(1_048_576)),
  FERRY_MAX_QUERY_DEPTH: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(2).default(12)),
  FERRY_MAX_ALIASES: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(30)),
  FERRY_MAX_FIELDS: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(10).default(2_000)),
  FERRY_MAX_COST: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(10).default(50_000)),
  FERRY_MAX_TOKENS: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(100).default(20_000)),
  FERRY_MAX_SUBSCRIPTIONS_PER_SOCKET: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(20)),
  FERRY_LOADER_MAX_BATCH: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(500)),
  FERRY_MAX_PLUGIN_CALLS_PER_REQUEST: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(5)),
  FERRY_MAX_PLUGIN_CALLS_PER_SOURCE: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(4)),
  FERRY_PLUGIN_CALL_TIMEOUT_SECONDS: z.preprocess(unsetWhenEmpty, z.coerce.number().positive().max(3600).default(30)),
  FERRY_PREVIEW_MAX_VALUE_BYTES: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(64).default(65_536)),
  FERRY_PREVIEW_MAX_BYTES: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1024).default(2_097_152)),
  /** Destinations are public SaaS: private addresses are refused unless this is true. */
  FERRY_ALLOW_PRIVATE_DESTINATIONS: z
    .preprocess(unsetWhenEmpty, z.enum(['true', 'false'], 'must be true or false').default('false'))
    .transform((value) => value === 'true'),
  /** Origins allowed to call the API from a browser (comma-separated, or `*`). */
  FERRY_CORS_ORIGINS: optionalString.transform((list) =>
    (list ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  ),
  /** The GraphQL IDE (GraphiQL) for browsers at GET /graphql. */
  FERRY_GRAPHIQL: z.preprocess(unsetWhenEmpty, z.stringbool().default(true)),
  /** The run console at /. */
  FERRY_CONSOLE: z.preprocess(unsetWhenEmpty, z.stringbool().default(true)),
  /** After a lost FERRY_SECRET_KEY: adopt the present key (the secrets sealed with the old one must be entered again). */
  FERRY_ACCEPT_NEW_SECRET_KEY: z
    .preprocess(unsetWhenEmpty, z.enum(['true', 'false'], 'must be true or false').default('false'))
    .transform((value) => value === 'true'),
  /** For tests only: lets them schedule intervals shorter than the 1-minute minimum. */
  FERRY_MIN_INTERVAL_SECONDS: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(1).default(60)),
});

export type Config = z.output<typeof environment>;

/** Every environment variable Ferry reads. */
export const configVariables = Object.keys(environment.shape) as Array<keyof Config>;

/** Parses the environment once; a bad value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new StartupConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const config = parsed.data;
  if (config.DATABASE_URL && !config.FERRY_SECRET_KEY) {
    throw new StartupConfigError(
      'FERRY_SECRET_KEY is required when DATABASE_URL is set: it encrypts stored credentials. ' +
        "Make one with `openssl rand -base64 32` (or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"`) and keep it safe: " +
        'without it the stored credentials cannot be read.',
    );
  }
  const metrics = config.FERRY_METRICS_ADDRESS;
  if (metrics && metrics.port !== 0 && metrics.port === config.FERRY_PORT && config.FERRY_ROLE !== 'worker') {
    throw new StartupConfigError(
      `FERRY_METRICS_ADDRESS: port ${metrics.port} is the API's (FERRY_PORT): give the metrics a port of their own, e.g. :9464`,
    );
  }
  return config;
}
