export { createDestinationDispatcher, type DestinationDispatcherOptions } from './destination-dispatcher';
export { InvalidLimitsError } from './invalid-limits-error';
export type { Budget, Grant, RateLimiter } from './rate-limiter';
export { rateLimitInterceptor, type RateLimitInterceptorOptions } from './rate-limit-interceptor';
export { budgetsFor, type BudgetLookup } from './request-budgets';
export { parseRetryAfter } from './retry-after';
export { retryInterceptor, type RetryInfo, type RetryInterceptorOptions } from './retry-interceptor';
export { isRetryable, retryPolicy, type AttemptFailure, type Backoff, type RetryOptions } from './retry-policy';
export { SlidingWindowLimiter, type SlidingWindowLimiterOptions } from './sliding-window-limiter';
