/**
 * Value formats of custom fields, per the docs: date `YYYY-MM-DD`; datetime ISO 8601 (stored converted to the
 * account offset); listbox/checkbox `||a||b||`; dropdown/radio one option; number numeric.
 */
import type { Clock } from './clock';

export type ValueCheck = { ok: true; value: string } | { ok: false; reason: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function checkDate(value: string): ValueCheck {
  const m = DATE.exec(value);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return { ok: false, reason: `"${value}" is not a date: send YYYY-MM-DD` };
  }
  return { ok: true, value };
}

/** Parses ISO 8601 (no offset = the account's offset) and rewrites it in the account offset. */
export function checkDatetime(value: string, clock: Clock): ValueCheck {
  const m = DATETIME.exec(value);
  const bad: ValueCheck = { ok: false, reason: `"${value}" is not an ISO 8601 datetime: send e.g. 2024-01-31T13:05:00-06:00` };
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return bad;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return bad;
  let zone = m[7] ?? '';
  if (zone === '') zone = clock.format().slice(19);
  else if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone}`);
  if (Number.isNaN(time)) return bad;
  return { ok: true, value: clock.format(new Date(time)) };
}

export function checkNumber(value: string): ValueCheck {
  return NUMBER.test(value.trim()) ? { ok: true, value: value.trim() } : { ok: false, reason: `"${value}" is not a number` };
}

export function checkOneOf(value: string, options: readonly string[]): ValueCheck {
  if (options.includes(value)) return { ok: true, value };
  return { ok: false, reason: `"${value}" is not one of the field's options (${options.map((o) => `"${o}"`).join(', ')})` };
}

/** `||a||b||` where every part is a known option. */
export function checkMultiValue(value: string, options: readonly string[]): ValueCheck {
  if (!value.startsWith('||') || !value.endsWith('||') || value.length < 5) {
    return { ok: false, reason: `"${value}" is not a multi-value: send ||Option 1||Option 2||` };
  }
  for (const part of value.slice(2, -2).split('||')) {
    if (!options.includes(part)) return checkOneOf(part, options);
  }
  return { ok: true, value };
}

/** Checks and normalises a contact custom-field value. "" always passes: it clears the value. */
export function checkContactFieldValue(type: string, value: string, options: readonly string[], clock: Clock): ValueCheck {
  if (value === '') return { ok: true, value };
  switch (type) {
    case 'date':
      return checkDate(value);
    case 'datetime':
      return checkDatetime(value, clock);
    case 'number':
      return checkNumber(value);
    case 'dropdown':
    case 'radio':
      return checkOneOf(value, options);
    case 'listbox':
    case 'checkbox':
      return checkMultiValue(value, options);
    default:
      return { ok: true, value };
  }
}

/** Renders a request value (string, number, boolean) as the string the API stores; objects are refused. */
export function valueToString(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}
