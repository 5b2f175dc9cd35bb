import type { DataSource } from 'typeorm';
import { ApiToken } from '../entities';
import type { Logger } from '../plugins/contract';

/** Who a request is: a stored token (its id), or FERRY_API_TOKEN (id null). */
export interface TokenIdentity {
  tokenId: string | null;
  expiresAt: Date | null;
}

interface Entry {
  identity: TokenIdentity;
  checkedAt: number;
  lastUsedWrittenAt: number;
}

export interface TokenCacheOptions {
  /** Longest a check is reused without asking the database, even with no revocation heard of. */
  ttlMs: number;
  /** Most tokens remembered; the oldest is dropped first. */
  maxEntries: number;
  /** lastUsedAt is written at most this often per token. */
  lastUsedEveryMs: number;
}

const defaults: TokenCacheOptions = { ttlMs: 30_000, maxEntries: 1_000, lastUsedEveryMs: 60_000 };

/**
 * Stored-token checks kept in process, so a request does not read the database each time. A revocation heard of
 * (NOTIFY, or this process revoking) drops the token's entry at once; a check in flight when it happens is not kept,
 * so a cached check never outlives a revocation. An expired token fails on its expiry, cached or not.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly reads = new Map<string, Promise<Entry | null>>();
  /** Bumped by every invalidation: a database read that started before it must not fill the cache. */
  private generation = 0;
  private readonly options: TokenCacheOptions;

  constructor(
    private readonly db: DataSource,
    private readonly logger: Logger,
    options: Partial<TokenCacheOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...defaults, ...options };
  }

  /**
   * The stored token with this hash when it works now (not revoked, not expired); null otherwise. Concurrent first
   * requests with one token share one database read.
   */
  async lookup(tokenHash: string): Promise<TokenIdentity | null> {
    const now = this.now();
    const cached = this.entries.get(tokenHash);
    if (cached && now - cached.checkedAt < this.options.ttlMs) {
      if (cached.identity.expiresAt && cached.identity.expiresAt.getTime() <= now) return null;
      this.touch(cached, now);
      return cached.identity;
    }
    let reading = this.reads.get(tokenHash);
    if (!reading) {
      reading = this.read(tokenHash, now).finally(() => this.reads.delete(tokenHash));
      this.reads.set(tokenHash, reading);
    }
    const entry = await reading;
    if (!entry) return null;
    this.touch(entry, this.now());
    return entry.identity;
  }

  private async read(tokenHash: string, now: number): Promise<Entry | null> {
    const generation = this.generation;
    const stored = await this.db.getRepository(ApiToken).findOne({
      where: { tokenHash },
      select: { id: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
    });
    if (!stored || stored.revokedAt || (stored.expiresAt && stored.expiresAt.getTime() <= this.now())) {
      this.entries.delete(tokenHash);
      return null;
    }
    const entry: Entry = {
      identity: { tokenId: stored.id, expiresAt: stored.expiresAt },
      checkedAt: now,
      lastUsedWrittenAt: stored.lastUsedAt?.getTime() ?? 0,
    };
    if (generation === this.generation) this.remember(tokenHash, entry);
    return entry;
  }

  /** Drops a revoked token's entry (`*`: every entry). */
  forget(tokenId: string): void {
    this.generation += 1;
    this.reads.clear();
    if (tokenId === '*') {
      this.entries.clear();
      return;
    }
    for (const [hash, entry] of this.entries) if (entry.identity.tokenId === tokenId) this.entries.delete(hash);
  }

  private remember(tokenHash: string, entry: Entry): void {
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.options.maxEntries) {
      const [oldest] = this.entries.keys();
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, entry);
  }

  private touch(entry: Entry, now: number): void {
    if (now - entry.lastUsedWrittenAt < this.options.lastUsedEveryMs || !entry.identity.tokenId) return;
    entry.lastUsedWrittenAt = now;
    this.db
      .query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [entry.identity.tokenId])
      .catch((error: Error) => this.logger.warn('could not record when a token was last used', { error: error.message }));
  }
}
