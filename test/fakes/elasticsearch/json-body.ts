/** JSON with bigint values written as plain digits (Elasticsearch sends longs beyond 2^53 as JSON numbers). */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `__bigint__${v}__` : v)).replace(/"__bigint__(-?\d+)__"/g, '$1');
}
