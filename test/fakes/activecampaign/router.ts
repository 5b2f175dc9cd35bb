/** Method + path-pattern routing for everything under /api/3. */
import { patternToRegExp } from './path-pattern';

export interface RouteRequest {
  method: string;
  /** Path relative to /api/3, without the query string. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
  /** Body size in bytes. */
  bytes: number;
  /** Arrival time, ms since the epoch. */
  time: number;
}

export interface RouteReply {
  status: number;
  /** Serialised as JSON unless it is a string; omitted = empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: RouteRequest) => RouteReply;

/** True when a parser handed back the reply to send (a refusal) instead of a parsed value. */
export function isReply(value: unknown): value is RouteReply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

interface Route {
  method: string;
  regexp: RegExp;
  handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];

  /** Routes match in the order they were added, so add fixed paths (`/lists/exclusions`) before `:id` ones. */
  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, regexp: patternToRegExp(pattern), handler });
    return this;
  }

  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regexp.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(m.groups ?? {})) params[key] = decodeURIComponent(value);
      return { handler: route.handler, params };
    }
    return null;
  }
}
