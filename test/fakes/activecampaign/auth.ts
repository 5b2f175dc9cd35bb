/** `Api-Token` authentication: every key belongs to the one fake account. */
import type { IncomingMessage } from 'node:http';

export class ApiKeys {
  private readonly index: Map<string, number>;

  constructor(keys: readonly string[]) {
    this.index = new Map(keys.map((key, i) => [key, i]));
  }

  /** Index of the request's key in `apiKeys`, or -1 when it is missing or unknown. */
  identify(req: IncomingMessage): number {
    const header = req.headers['api-token'];
    const token = Array.isArray(header) ? header[0] : header;
    return token === undefined ? -1 : (this.index.get(token.trim()) ?? -1);
  }
}

export function authFailureBody(status: 401 | 403): { message: string } {
  return { message: status === 401 ? 'Unauthorized' : 'Forbidden' };
}
