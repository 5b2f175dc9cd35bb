import { randomBytes } from 'node:crypto';

export interface TokenHolder {
  email: string;
  scopes: string[];
}

/** Access tokens handed out by the fake token endpoint, valid for an hour. */
export class AccessTokens {
  private readonly tokens = new Map<string, TokenHolder & { expiresAt: number }>();

  constructor(private readonly lifetimeSeconds = 3599) {}

  issue(email: string, scopes: string[]): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const token = `ya29.fake-${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { email, scopes, expiresAt: Date.now() + this.lifetimeSeconds * 1000 });
    return { access_token: token, expires_in: this.lifetimeSeconds, token_type: 'Bearer' };
  }

  /** Who holds the bearer token in an Authorization header, or null (missing, unknown or expired). */
  holder(authorization: string | undefined): TokenHolder | null {
    const match = /^Bearer (\S+)$/i.exec(authorization ?? '');
    const entry = match ? this.tokens.get(match[1]) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return null;
    return entry;
  }

  /** Makes every token expire (tests of renewal). */
  expireAll(): void {
    for (const entry of this.tokens.values()) entry.expiresAt = 0;
  }

  get issued(): number {
    return this.tokens.size;
  }
}
