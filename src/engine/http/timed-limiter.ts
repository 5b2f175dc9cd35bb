import { performance } from 'node:perf_hooks';
import type { RateLimiter } from './rate-limiter';

/** The limiter, reporting how long each `acquire` waited (in seconds), granted or aborted. */
export function timedLimiter(limiter: RateLimiter, waited: (seconds: number) => void): RateLimiter {
  return {
    async acquire(budgets, signal) {
      const start = performance.now();
      try {
        return await limiter.acquire(budgets, signal);
      } finally {
        waited((performance.now() - start) / 1_000);
      }
    },
    holdBack: (keys, ms) => limiter.holdBack(keys, ms),
  };
}
