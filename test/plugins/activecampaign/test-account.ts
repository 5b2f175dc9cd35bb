/**
 * A fake ActiveCampaign account for the plugin's tests: the fake on 127.0.0.1 (no rate limit by default, since
 * the engine enforces limits, and quick imports), the plugin with short polling, and a context whose
 * dispatcher keeps every request the plugin sends so tests can inspect bodies.
 */
import { Agent, type Dispatcher } from 'undici';
import type { DestinationRecord, PluginContext, RecordResult, SyncBehaviorName } from '../../../src/plugins/contract';
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
