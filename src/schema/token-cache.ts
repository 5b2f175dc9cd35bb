import type { DataSource } from 'typeorm';

/** How long a token found in the database is trusted without looking again. */
export const VERIFIED_TOKEN_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Hashes of API tokens this process found in the database in the last few seconds, so that a client's stream of
 * requests costs one lookup per TTL instead of one per request; concurrent first requests with one token share
 * one lookup. Unknown tokens are never remembered. Whatever ends a token's validity (revocation, expiry) must call
 * `forget(hash)` in the process that makes the change; other API processes stop accepting it within the TTL.
 */
export class VerifiedTokenCache {
  private readonly verifiedUntil = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<boolean>>();
  /** Bumped by forget/clear, so that a lookup that started before them does not put a forgotten token back. */
  private generation = 0;

  constructor(private readonly ttlMs = VERIFIED_TOKEN_TTL_MS, private readonly now: () => number = Date.now) {}

  /** True when `hash` was verified within the TTL; otherwise asks `lookup` (once for all concurrent callers). */
  verify(hash: string, lookup: () => Promise<boolean>): Promise<boolean> {
    const until = this.verifiedUntil.get(hash);
    if (until !== undefined && until > this.now()) return Promise.resolve(true);
    if (until !== undefined) this.verifiedUntil.delete(hash);
    const pending = this.lookups.get(hash);
    if (pending) return pending;
    const generation = this.generation;
    const looking = lookup()
      .then((found) => {
        if (found && generation === this.generation) this.remember(hash);
        return found;
      })
      .finally(() => this.lookups.delete(hash));
    this.lookups.set(hash, looking);
    return looking;
  }

  /** Stops trusting one token hash at once (in this process). */
  forget(hash: string): void {
    this.generation += 1;
    this.verifiedUntil.delete(hash);
    this.lookups.delete(hash);
  }

  /** Stops trusting every token at once (in this process). */
  clear(): void {
    this.generation += 1;
    this.verifiedUntil.clear();
    this.lookups.clear();
  }

  private remember(hash: string): void {
    if (this.verifiedUntil.size >= MAX_ENTRIES) {
      const oldest = this.verifiedUntil.keys().next().value;
      if (oldest !== undefined) this.verifiedUntil.delete(oldest);
    }
    this.verifiedUntil.set(hash, this.now() + this.ttlMs);
  }
}

const caches = new WeakMap<DataSource, VerifiedTokenCache>();

/** The verified-token cache of one database (tests run several Ferries, on different databases, in one process). */
export function verifiedTokens(db: DataSource): VerifiedTokenCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new VerifiedTokenCache()));
  return cache;
}
