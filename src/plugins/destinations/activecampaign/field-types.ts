/**
 * Field types as ActiveCampaign names them (contact fields, account fields, custom-object fields), plus the
 * plugin's own types for standard fields. A type this list does not know is written as text.
 */

/** The plugin's own types for standard fields. */
export const EMAIL = 'email';
export const TEXT = 'text';
export const LIST_IDS = 'listIds';
export const TAG_NAMES = 'tags';

/** Types whose value is a set of options, written `||a||b||`. `multivalue` appears on old accounts. */
export const MULTI_VALUE_TYPES: ReadonlySet<string> = new Set(['listbox', 'checkbox', 'multiselect', 'multivalue']);
export const NUMBER_TYPES: ReadonlySet<string> = new Set(['number', 'currency']);

/** The type to show for a field: ActiveCampaign's own, lower-cased; old fields with no type are text. */
export function fieldType(raw: unknown): string {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim().toLowerCase() : TEXT;
}

/** True when the field takes several values (and accepts an array). */
export function takesArray(type: string): boolean {
  return MULTI_VALUE_TYPES.has(type) || type === LIST_IDS || type === TAG_NAMES;
}
