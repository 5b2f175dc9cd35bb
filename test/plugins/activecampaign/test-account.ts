/**
 * A fake ActiveCampaign account for the plugin's tests: the fake on 127.0.0.1 (no rate limit by default, since
 * the engine enforces limits, and quick imports), the plugin with short polling, and a context whose
 * dispatcher keeps every request the plugin sends so tests can inspect bodies.
 */
import { Agent, type Dispatcher } from 'undici';
import type { DestinationObject, DestinationRecord, PluginContext, RecordResult, SyncBehaviorName } from '../../../src/plugins/contract';
import { createActiveCampaignDestination, type ActiveCampaignConfig } from '../../../src/plugins/destinations/activecampaign';
import { startFakeActiveCampaign, type FakeActiveCampaign, type FakeActiveCampaignOptions } from '../../fakes/activecampaign';
import { pluginContext } from '../../helpers/plugin-context';

/** The plugin as Ferry builds it, with polling and timeouts short enough for tests. */
export const plugin = createActiveCampaignDestination({
  connectionTestTimeoutMs: 500,
  importPoll: { firstIntervalMs: 10, maxIntervalMs: 40, timeoutMs: 60_000 },
});

export interface SentRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface TestAccount {
  fake: FakeActiveCampaign;
  /** What `objects()` discovers on the account now (for `asEngineSends`). */
  object(key: string): Promise<DestinationObject>;
  config: ActiveCampaignConfig;
  /** Every request sent through contexts made by `context()`, with its parsed JSON body. */
  sent: SentRequest[];
  /** A fresh run context (empty session) over a recording dispatcher. */
  context(overrides?: Partial<PluginContext>): PluginContext;
  /** One write() in a fresh run, results by key. */
  write(object: string, records: DestinationRecord[], behavior?: SyncBehaviorName, ctx?: PluginContext): Promise<Map<string, RecordResult>>;
  close(): Promise<void>;
}

function recordingDispatcher(sent: SentRequest[]): { dispatcher: Dispatcher; agent: Agent } {
  const agent = new Agent();
  const dispatcher = agent.compose((dispatch) => (opts, handler) => {
    let body: unknown;
    if (typeof opts.body === 'string') {
      try {
        body = JSON.parse(opts.body);
      } catch {
        body = opts.body;
      }
    }
    sent.push({ method: opts.method, path: opts.path, body });
    return dispatch(opts, handler);
  });
  return { dispatcher, agent };
}

export async function startTestAccount(options: FakeActiveCampaignOptions = {}): Promise<TestAccount> {
  const fake = await startFakeActiveCampaign({
    requestsPerSecond: false,
    ...options,
    bulkImport: { processingDelayMs: 30, ...options.bulkImport },
  });
  const config: ActiveCampaignConfig = { apiUrl: fake.url, apiKey: fake.apiKey };
  const sent: SentRequest[] = [];
  const { dispatcher, agent } = recordingDispatcher(sent);
  const context = (overrides: Partial<PluginContext> = {}) => pluginContext({ dispatcher, ...overrides });
  return {
    fake,
    config,
    sent,
    context,
    async object(key) {
      const found = (await plugin.objects(config, context())).find((o) => o.key === key);
      if (!found) throw new Error(`objects() has no ${key}`);
      return found;
    },
    async write(object, records, behavior = 'UPDATE_OR_CREATE', ctx = context()) {
      const results = await plugin.write(config, { object, behavior, records }, ctx);
      return new Map(results.map((r) => [r.key, r]));
    },
    async close() {
      await fake.close();
      await agent.close();
    },
  };
}

/** Every string value anywhere in a JSON value, with its path, for "no empty string was sent" checks. */
export function emptyStringsIn(value: unknown, path = '$'): string[] {
  if (value === '') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => emptyStringsIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => emptyStringsIn(v, `${path}.${k}`));
  return [];
}

export function contact(email: string, fields: Record<string, unknown> = {}): DestinationRecord {
  return { key: email, fields: { email, ...fields } };
}

/** A record as the engine hands it to write(): each value through the plugin's coerce, empty ones left out. */
export function asEngineSends(object: DestinationObject, key: string, values: Record<string, unknown>): DestinationRecord {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const field = object.fields.find((f) => f.key === name);
    if (!field) throw new Error(`${object.key} has no field ${name}`);
    const coerced = plugin.coerce(field, value);
    if (!coerced.ok) throw new Error(coerced.reason);
    if (coerced.value !== null && coerced.value !== undefined) fields[name] = coerced.value;
  }
  return { key, fields };
}

/** The fake's request log from `mark` (an earlier `fake.requests.count`) on, as `METHOD /path?query` lines. */
export function requestsSince(fake: FakeActiveCampaign, mark: number): string[] {
  return fake.requests.entries.slice(mark).map((e) => `${e.method} ${decodeURIComponent(e.path.replace(/^\/api\/3/, ''))}`);
}

/** The reason `BatchResults` gives a record no write path reported on: a test fails if any result carries it. */
export { NOT_CONFIRMED } from '../../../src/plugins/destinations/activecampaign/messages';
