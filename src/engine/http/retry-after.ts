import type { IncomingHttpHeaders } from 'node:http';

/**
 * The wait a `Retry-After` header asks for, in ms: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, measured against `now`). undefined when absent or unreadable; a date in
 * the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  // Every HTTP-date form starts with the day's name; Date.parse alone would take "-1" for a year.
  const at = /^[a-z]{3}/i.test(raw) ? Date.parse(raw) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One header's value as a single string (undici gives repeated headers as arrays). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
