import assert from 'node:assert/strict';

/**
 * Every failure the suites report starts with this, then the promise the plugin broke, so a reader (or a test of
 * the suites) sees which part of the contract failed without reading the suite's code.
 */
export const BROKEN = 'Broken promise:';

/** Fails the test naming the promise and what happened instead. */
export function broken(promise: string, instead: string): never {
  assert.fail(`${BROKEN} ${promise}; instead ${instead}`);
}

/** Checks `condition`, failing with the promise and what happened instead. */
export function keep(condition: unknown, promise: string, instead: () => string): void {
  if (!condition) broken(promise, instead());
}

/** What `work` threw; fails naming the promise when it resolved instead. */
export async function thrown(work: Promise<unknown>, promise: string): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  broken(promise, 'it resolved');
}

/** An error's `code` (how Ferry recognises a plugin's errors, whatever copy of the SDK made them) and message, for reports. */
export function describeError(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return `${code === undefined ? 'no code' : `code ${String(code)}`}: ${typeof message === 'string' ? message : String(error)}`;
}

/** JSON with object keys sorted, for comparing values built in another realm or with keys in another order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return item;
  });
}

export function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds or `withinMs` pass; resolves to whether it held. */
export async function eventually(check: () => Promise<boolean>, withinMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
