import { request } from 'undici';
import { ConnectionError, type PluginContext } from '../../contract';
import { apiError, networkError } from './api-errors';
import { endpoint, type DatabricksConfig } from './config';
import type { ExternalLink, StatementResponse } from './wire-types';

/** The Statement Execution API 2.0 of one workspace, called with the personal access token. */
export class StatementApi {
  readonly origin: string;
  readonly warehouseId: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly config: DatabricksConfig,
    private readonly ctx: Pick<PluginContext, 'http' | 'signal'>,
  ) {
    ({ origin: this.origin, warehouseId: this.warehouseId } = endpoint(config));
    this.timeoutMs = Math.round(config.requestTimeoutSeconds * 1000);
  }

  execute(body: Record<string, unknown>): Promise<StatementResponse> {
    return this.call('POST', '/api/2.0/sql/statements', { warehouse_id: this.warehouseId, ...body });
  }

  get(statementId: string): Promise<StatementResponse> {
    return this.call('GET', `/api/2.0/sql/statements/${encodeURIComponent(statementId)}`);
  }

  /** A fresh presigned link for one chunk (links expire; this is how an expired one is renewed). */
  async chunkLink(statementId: string, index: number): Promise<ExternalLink> {
    const reply = await this.call<{ external_links?: ExternalLink[] }>(
      'GET',
      `/api/2.0/sql/statements/${encodeURIComponent(statementId)}/result/chunks/${index}`,
    );
    const link = reply.external_links?.find((l) => l.chunk_index === index);
    if (!link)
      throw new ConnectionError(`Databricks gave no link for result chunk ${index} of statement ${statementId}: run again`, {
        reason: 'chunk_link_missing',
      });
    return link;
  }

  /** Cancels the statement; never throws (it runs while a read is being torn down). */
  async cancel(statementId: string): Promise<void> {
    try {
      // Not tied to ctx.signal: this is what runs when that signal fires.
      const { body } = await request(`${this.origin}/api/2.0/sql/statements/${encodeURIComponent(statementId)}/cancel`, {
        method: 'POST',
        dispatcher: this.ctx.http,
        headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json' },
        body: '{}',
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      await body.dump();
    } catch {
      // The statement ends on its own (or with the warehouse); nothing else to do.
    }
  }

  private async call<T = StatementResponse>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    this.ctx.signal.throwIfAborted();
    let status: number;
    let text: string;
    try {
      const reply = await request(`${this.origin}${path}`, {
        method,
        dispatcher: this.ctx.http,
        signal: this.ctx.signal,
        headers: {
          authorization: `Bearer ${this.config.token}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = reply.statusCode;
      text = await reply.body.text();
    } catch (cause) {
      this.ctx.signal.throwIfAborted();
      throw networkError(cause, this.origin, this.config.requestTimeoutSeconds);
    }
    if (status < 200 || status >= 300) throw apiError(status, text, this);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw apiError(502, text, this);
    }
  }
}
