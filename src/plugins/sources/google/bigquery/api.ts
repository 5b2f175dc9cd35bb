import { PluginConfigError, type PluginContext } from '../../../contract';
import { apiOrigin, authorizedRequest, parseServiceAccountKey, type ServiceAccountKey } from '../service-account';
import type { BigQueryConfig } from './config';
import { bigQueryError } from './errors';

/** Running queries needs the full BigQuery scope (jobs.insert and jobs.cancel refuse the read-only one). */
export const BIGQUERY_SCOPES = ['https://www.googleapis.com/auth/bigquery'];

export type QueryParams = Record<string, string | number | boolean | undefined>;

/** The BigQuery REST API v2 for one config: the project, the account's token, and errors made readable. */
export class BigQueryApi {
  readonly key: ServiceAccountKey;
  readonly projectId: string;
  private readonly base: string;

  constructor(
    readonly config: BigQueryConfig,
    private readonly ctx: Pick<PluginContext, 'http' | 'signal'>,
  ) {
    this.key = parseServiceAccountKey(config.serviceAccountKey);
    const projectId = config.projectId ?? this.key.projectId;
    if (!projectId)
      throw new PluginConfigError('projectId: the service account key names no project_id; set projectId to the project that runs the queries', {
        field: 'projectId',
      });
    this.projectId = projectId;
    this.base = `${apiOrigin(config.apiUrl)}/bigquery/v2/projects/${encodeURIComponent(this.projectId)}`;
  }

  /** GET `path` under the project. */
  get<T>(path: string, params: QueryParams = {}): Promise<T> {
    return this.send<T>('GET', path, params);
  }

  /** POST `body` to `path` under the project. */
  post<T>(path: string, body: unknown, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
    return this.send<T>('POST', path, params, body, signal);
  }

  private async send<T>(method: 'GET' | 'POST', path: string, params: QueryParams, json?: unknown, signal?: AbortSignal): Promise<T> {
    const url = new URL(`${this.base}${path}`);
    for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, String(value));
    const ctx = signal ? { http: this.ctx.http, signal } : this.ctx;
    try {
      return await authorizedRequest<T>(this.key, BIGQUERY_SCOPES, ctx, {
        method,
        url: url.toString(),
        json,
        timeoutMs: this.config.requestTimeoutSeconds * 1000,
        signal,
      });
    } catch (error) {
      if (!signal && this.ctx.signal.aborted) throw this.ctx.signal.reason;
      throw bigQueryError(error, this);
    }
  }
}
