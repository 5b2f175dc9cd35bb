import { request, type Dispatcher } from 'undici';
import { sourceAgent, type PluginContext } from '../../contract';
import { authorization, parseClusterUrl, type ElasticsearchConfig } from './config';
import { networkError, replyError } from './es-errors';
import { parseJsonKeepingLongs } from './lossless-json';

/** Elasticsearch's REST API for one plugin call, with the config's credentials and CA. */
export class EsClient {
  readonly origin: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownAgent: ReturnType<typeof sourceAgent> | null;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: ElasticsearchConfig,
    private readonly ctx: Pick<PluginContext, 'http' | 'signal'>,
  ) {
    const parsed = parseClusterUrl(config.url);
    if ('error' in parsed) throw new Error('elasticsearch config was not validated');
    this.origin = parsed.origin;
    this.timeoutMs = Math.round(config.requestTimeoutSeconds * 1000);
    // A private CA needs its own agent (the shared one trusts the system CAs only), under the same outbound rules.
    this.ownAgent = config.caCertificate ? sourceAgent({ ca: config.caCertificate }) : null;
    this.dispatcher = this.ownAgent?.dispatcher ?? ctx.http;
  }

  /** The reply's JSON (longs beyond 2^53 as strings); throws an error naming the fix for a non-2xx reply. */
  async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, options: { ignoreAbort?: boolean } = {}): Promise<T> {
    if (!options.ignoreAbort) this.ctx.signal.throwIfAborted();
    let status: number;
    let text: string;
    try {
      const reply = await request(`${this.origin}${path}`, {
        method,
        dispatcher: this.dispatcher,
        signal: options.ignoreAbort ? undefined : this.ctx.signal,
        headers: { authorization: authorization(this.config), accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = reply.statusCode;
      text = await reply.body.text();
    } catch (cause) {
      if (!options.ignoreAbort) this.ctx.signal.throwIfAborted();
      throw networkError(cause, this.origin, this.config.requestTimeoutSeconds);
    }
    let parsed: unknown = null;
    try {
      parsed = parseJsonKeepingLongs(text);
    } catch {
      // Not JSON: a proxy page or another service. replyError names it.
    }
    if (status < 200 || status >= 300 || parsed === null)
      throw replyError(status, parsed, { origin: this.origin, pageTimeoutSeconds: this.config.pageTimeoutSeconds });
    return parsed as T;
  }

  async close(): Promise<void> {
    await this.ownAgent?.close();
  }
}
