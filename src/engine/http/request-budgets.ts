import type { DestinationLimits } from '../../plugins/contract';
import { InvalidLimitsError } from './invalid-limits-error';
import type { Budget } from './rate-limiter';

/** The budgets one request must fit, by its method and path. */
export type BudgetLookup = (method: string, path: string) => Budget[];

interface RouteBudget {
  method: string | undefined;
  pathPrefix: string;
  budget: Budget;
}

function positive(value: unknown, field: string, integer: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidLimitsError(
      `limits().${field} must be a positive ${integer ? 'integer' : 'number'}, got ${String(value)}: fix the destination plugin's limits()`,
      field,
    );
  }
  return value;
}

/** 5 per second stays 5 per 1,000 ms; a fractional rate becomes one request per interval (2.5/s → 1 per 400 ms). */
function accountBudget(key: string, requestsPerSecond: number): Budget {
  return Number.isInteger(requestsPerSecond)
    ? { key, requests: requestsPerSecond, perMs: 1000 }
    : { key, requests: 1, perMs: 1000 / requestsPerSecond };
}

/** `/api/3/import/bulk_import` matches itself, its sub-paths and its query strings, not `/api/3/import/bulk_imports`. */
function underPrefix(path: string, prefix: string): boolean {
  const bare = path.split('?', 1)[0] ?? path;
  return bare === prefix || bare.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/**
 * Validates a destination's limits once and returns the lookup the rate-limit interceptor uses: the budgets of
 * every matching route (key `<account key> <METHOD|*> <pathPrefix>`), then the account's own.
 */
export function budgetsFor(limits: DestinationLimits): BudgetLookup {
  if (typeof limits.key !== 'string' || limits.key.trim() === '') {
    throw new InvalidLimitsError(
      `limits().key must name the account (e.g. its API host), got ${JSON.stringify(limits.key)}: fix the destination plugin's limits()`,
      'key',
    );
  }
  const account = accountBudget(limits.key, positive(limits.requestsPerSecond, 'requestsPerSecond', false));
  const routes: RouteBudget[] = (limits.routes ?? []).map((route, index) => {
    const field = `routes[${index}]`;
    if (typeof route.pathPrefix !== 'string' || !route.pathPrefix.startsWith('/')) {
      throw new InvalidLimitsError(
        `limits().${field}.pathPrefix must start with "/", got ${JSON.stringify(route.pathPrefix)}: fix the destination plugin's limits()`,
        `${field}.pathPrefix`,
      );
    }
    const method = route.method?.toUpperCase();
    return {
      method,
      pathPrefix: route.pathPrefix,
      budget: {
        key: `${limits.key} ${method ?? '*'} ${route.pathPrefix}`,
        requests: positive(route.requests, `${field}.requests`, true),
        perMs: positive(route.perMs, `${field}.perMs`, false),
      },
    };
  });
  return (method, path) => {
    const upper = method.toUpperCase();
    const matching = routes.filter((route) => (route.method === undefined || route.method === upper) && underPrefix(path, route.pathPrefix));
    return [...matching.map((route) => route.budget), account];
  };
}
