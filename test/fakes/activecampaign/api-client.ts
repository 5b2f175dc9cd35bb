/** A minimal client for the fake's own tests and demos: real HTTP with fetch, JSON in and out. */
import type { FakeActiveCampaign } from './index';

export interface ApiReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty. */
  body: any;
}

export interface ApiClient {
  request(method: string, path: string, body?: unknown, init?: { rawBody?: string; signal?: AbortSignal }): Promise<ApiReply>;
  get(path: string): Promise<ApiReply>;
  post(path: string, body?: unknown): Promise<ApiReply>;
  put(path: string, body?: unknown): Promise<ApiReply>;
  delete(path: string): Promise<ApiReply>;
}

/** `path` is relative to /api/3; `apiKey` null sends no `Api-Token`. */
export function apiClient(fake: Pick<FakeActiveCampaign, 'url' | 'apiKey'>, apiKey: string | null = fake.apiKey): ApiClient {
  const request: ApiClient['request'] = async (method, path, body, init = {}) => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (apiKey !== null) headers['Api-Token'] = apiKey;
    const payload = init.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${fake.url}/api/3${path}`, { method, headers, body: payload, signal: init.signal });
    const text = await res.text();
    let parsed: unknown = text === '' ? undefined : text;
    try {
      if (text !== '') parsed = JSON.parse(text);
    } catch {
      // Not JSON (e.g. an HTML error page): keep the text.
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    delete: (path) => request('DELETE', path),
  };
}
