/** Multi-value field values as ActiveCampaign writes them for contacts: `||a||b||` (one option: `||a||`). */

const WRAPPED = /^\|\|.*\|\|$/;

/** True when the text is already in the `||a||b||` form. */
export function isMultiValueText(text: string): boolean {
  return WRAPPED.test(text);
}

/** Options → `||a||b||`. */
export function joinMultiValue(options: readonly string[]): string {
  return `||${options.join('||')}||`;
}

/** `||a||b||` → the options, empty ones dropped. */
export function splitMultiValue(text: string): string[] {
  return text
    .slice(2, -2)
    .split('||')
    .filter((option) => option !== '');
}
