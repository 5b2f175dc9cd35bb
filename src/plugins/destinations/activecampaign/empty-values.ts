/**
 * Null, undefined, blank strings and empty arrays mean "leave the field out". ActiveCampaign stores "" as
 * given, wiping the value it had, so such values are never sent.
 */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}
