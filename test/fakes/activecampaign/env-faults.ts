/** Fault rules from the `FAKE_AC_FAULTS` environment variable (a JSON array), for the standalone fake. */
import type { FaultRule } from './faults';

const FAULT_TYPES = new Set([
  'rate-limit',
  'service-unavailable',
  'gateway-timeout',
  'server-error',
  'response',
  'reset',
  'hang',
  'latency',
  'reply-lost',
]);
const EXAMPLE = `[{"method":"POST","path":"/contact/sync","fault":{"type":"reply-lost"},"times":1}]`;

/**
 * Reads a JSON array of fault rules, as `faults.inject` takes them, paths as strings (`:name` and `*` patterns;
 * a RegExp cannot be written in JSON). Throws a RangeError naming the bad rule and the fix.
 */
export function parseFaultRules(text: string, variable = 'FAKE_AC_FAULTS'): FaultRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new RangeError(`${variable} is not JSON: give a JSON array of fault rules, e.g. ${EXAMPLE}`);
  }
  if (!Array.isArray(parsed)) throw new RangeError(`${variable} must be a JSON array of fault rules, e.g. ${EXAMPLE}`);
  return parsed.map((rule: unknown, index) => {
    const r = (rule ?? {}) as Record<string, unknown>;
    const fault = r.fault as { type?: unknown } | undefined;
    if (typeof r.path !== 'string' || r.path === '') throw new RangeError(`${variable}[${index}]: "path" must be a path such as "/contacts/:id"`);
    if (!fault || typeof fault.type !== 'string' || !FAULT_TYPES.has(fault.type)) {
      throw new RangeError(`${variable}[${index}]: "fault.type" must be one of ${[...FAULT_TYPES].join(', ')}`);
    }
    if (r.method !== undefined && typeof r.method !== 'string')
      throw new RangeError(`${variable}[${index}]: "method" must be a string such as "POST"`);
    return r as unknown as FaultRule;
  });
}
