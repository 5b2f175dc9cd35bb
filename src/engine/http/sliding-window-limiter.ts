import createDebug from 'debug';
import type { Pool, PoolClient } from 'pg';
import { sleep } from './abortable-sleep';
import type { Budget, Grant, RateLimiter } from './rate-limiter';

const debug = createDebug('ferry:http:limiter');

export interface SlidingWindowLimiterOptions {
  /**
   * Added to every window, so that the jitter between our grant and the request reaching the server never
   * lets the server count `requests + 1` in its own window. A request leaving more than a fifth of it after its
   * grant has the grant re-stamped. 100 ms: with 50, two busy worker processes on a loaded 2-core machine were
   * once seen arriving 6 in a second at the server (the test fake), delayed unevenly on their way.
   * @default 100
   */
  marginMs?: number;
}

/**
 * Under the per-key lock: for each budget, how long until it has room (the moment its `requests`-th newest grant
 * leaves the window, or a 429 hold ends); when every budget has room, one grant per key at the same database
 * instant. Old grants and ended holds of these keys are pruned in the same statement, so the tables stay at
 * about `requests` rows per key.
 */
const GRANT = `
WITH now AS MATERIALIZED (SELECT clock_timestamp() AS t),
budget AS (SELECT * FROM unnest($1::text[], $2::int[], $3::float8[]) AS b(key, requests, window_ms)),
wait AS (
  SELECT b.key, greatest(
    coalesce((SELECT extract(epoch FROM g.granted_at - now.t) * 1000 + b.window_ms
              FROM rate_limit_grants g
              WHERE g.key = b.key AND g.granted_at > now.t - make_interval(secs => b.window_ms / 1000)
              ORDER BY g.granted_at DESC OFFSET b.requests - 1 LIMIT 1), 0),
    coalesce((SELECT extract(epoch FROM h.until - now.t) * 1000 FROM rate_limit_holds h WHERE h.key = b.key), 0)
  )::float8 AS ms
  FROM budget b CROSS JOIN now
),
granted AS (
  INSERT INTO rate_limit_grants (key, granted_at)
  SELECT b.key, now.t FROM budget b CROSS JOIN now
  WHERE NOT EXISTS (SELECT 1 FROM wait WHERE ms > 0)
  RETURNING id
),
pruned_grants AS (
  DELETE FROM rate_limit_grants g USING budget b, now
  WHERE g.key = b.key AND g.granted_at <= now.t - make_interval(secs => b.window_ms / 1000)
),
pruned_holds AS (
  DELETE FROM rate_limit_holds h USING budget b, now WHERE h.key = b.key AND h.until <= now.t
)
SELECT key, ms, (SELECT array_agg(id) FROM granted) AS granted FROM wait`;

/** The request left late: its grants count from now (never earlier than they did). */
const RESTAMP = `
UPDATE rate_limit_grants SET granted_at = greatest(granted_at, clock_timestamp()) WHERE id = ANY($1::bigint[])`;

const HOLD = `
INSERT INTO rate_limit_holds (key, until)
SELECT k, clock_timestamp() + make_interval(secs => $2::float8 / 1000) FROM unnest($1::text[]) AS k
ON CONFLICT (key) DO UPDATE SET until = greatest(rate_limit_holds.until, excluded.until)`;

/**
 * A sliding-window rate limiter whose state lives in PostgreSQL (tables `rate_limit_grants` and
 * `rate_limit_holds`), so every run in this process and every worker process sharing the database stay under
 * one budget per key: never more than `requests` grants in any `perMs` (+ margin) window.
 *
 * Each attempt is one short transaction holding `pg_advisory_xact_lock` on the keys (sorted, so two requests
 * needing the same keys cannot deadlock) and timed by the database clock, so processes on machines whose clocks
 * differ still agree. A request that does not fit sleeps until the earliest moment it could, then tries again.
 * A request that leaves late after its grant (it had to open a TLS connection first) re-stamps its grant to the
 * moment it left, so the window stays true to what the server sees (`Grant.sent`).
 *
 * In-process fast path: once the database said a key is full until T, other acquires in this process needing
 * that key sleep until T without asking it again. That can only delay a grant, never add one, so the
 * guarantee holds. The pool is borrowed and never closed here.
 *
 * @example
 * const limiter = new SlidingWindowLimiter(pool);
 * const grant = await limiter.acquire([{ key: 'activecampaign:acme', requests: 5, perMs: 1_000 }], signal);
 * // … when the request is written to its socket:
 * grant.sent();
 */
export class SlidingWindowLimiter implements RateLimiter {
  readonly #pool: Pool;
  readonly #marginMs: number;
  /** Key → Date.now() before which the database will not grant it (a hint; the database decides). */
  readonly #fullUntil = new Map<string, number>();

  constructor(pool: Pool, options: SlidingWindowLimiterOptions = {}) {
    this.#pool = pool;
    this.#marginMs = options.marginMs ?? 100;
  }

  async acquire(budgets: readonly Budget[], signal?: AbortSignal): Promise<Grant> {
    const unique = [...new Map(budgets.map((budget) => [budget.key, budget])).values()];
    if (unique.length === 0) return { sent: () => undefined };
    for (;;) {
      signal?.throwIfAborted();
      const known = this.#knownWait(unique);
      if (known > 0) {
        await sleep(known, signal);
        continue;
      }
      const { ids, at, waits } = await this.#tryGrant(unique);
      signal?.throwIfAborted();
      if (ids) return this.#grant(ids, at);
      const longest = Math.max(...waits.values());
      debug('%s full for %d ms', [...waits.keys()].join(', '), Math.round(longest));
      const now = Date.now();
      for (const [key, ms] of waits) this.#fullUntil.set(key, Math.max(this.#fullUntil.get(key) ?? 0, now + ms));
      await sleep(Math.ceil(longest), signal);
    }
  }

  async holdBack(keys: readonly string[], ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (const key of keys) this.#fullUntil.set(key, Math.max(this.#fullUntil.get(key) ?? 0, until));
    await this.#pool.query(HOLD, [[...new Set(keys)], ms]);
  }

  #grant(ids: string[], grantedAt: number): Grant {
    let sent = false;
    return {
      sent: () => {
        if (sent) return;
        sent = true;
        if (performance.now() - grantedAt <= this.#marginMs / 5) return;
        this.#pool.query(RESTAMP, [ids]).catch((error: unknown) => debug('could not re-stamp a late grant: %O', error));
      },
    };
  }

  #knownWait(budgets: readonly Budget[]): number {
    const now = Date.now();
    let wait = 0;
    for (const { key } of budgets) {
      const until = this.#fullUntil.get(key);
      if (until === undefined) continue;
      if (until <= now) this.#fullUntil.delete(key);
      else wait = Math.max(wait, until - now);
    }
    return wait;
  }

  /** The grants' ids and when they were made (performance.now()), or else how long each full key needs, in ms. */
  async #tryGrant(budgets: readonly Budget[]): Promise<{ ids?: string[]; at: number; waits: Map<string, number> }> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await lockKeys(
        client,
        budgets.map((budget) => budget.key),
      );
      const { rows } = await client.query<{ key: string; ms: number; granted: string[] | null }>(GRANT, [
        budgets.map((budget) => budget.key),
        budgets.map((budget) => budget.requests),
        budgets.map((budget) => budget.perMs + this.#marginMs),
      ]);
      const at = performance.now();
      await client.query('COMMIT');
      client.release();
      const ids = rows[0]?.granted ?? undefined;
      return { ids, at, waits: new Map(rows.filter((row) => row.ms > 0).map((row) => [row.key, row.ms])) };
    } catch (error) {
      const broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      client.release(broken);
      throw error;
    }
  }
}

async function lockKeys(client: PoolClient, keys: readonly string[]): Promise<void> {
  for (const key of [...keys].sort()) {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('ferry.rate_limit'), hashtext($1))`, [key]);
  }
}
