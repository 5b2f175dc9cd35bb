/**
 * Model values → what ActiveCampaign expects for a field's type. Rules:
 * - null, undefined, '' and whitespace-only strings (and empty arrays) → null: the field is left out of the
 *   request, because ActiveCampaign stores '' and so wipes the value.
 * - date → `YYYY-MM-DD`, from a Date, `YYYY-MM-DD` or an ISO 8601 date-time (its date as written). A Date at
 *   local midnight (how node-postgres reads a `date` column) keeps its local day; any other instant its UTC day.
 * - datetime → ISO 8601 with offset (`2024-03-01T10:00:00Z`): Dates in UTC; strings keep their own offset, and
 *   a string without one is read as UTC. Fractions of a second are dropped (ActiveCampaign stores seconds).
 * - listbox, checkbox, multiselect → `||a||b||` from an array or one value; a string already `||…||` is kept.
 * - number, currency → a finite number; numeric strings are accepted. Currency is sent as given (cents for accounts).
 * - Booleans are written as the text `true` / `false` (`||true||` in multi-value fields, 1 / 0 in numbers), so a
 *   checkbox or dropdown option named `true` matches; map a CASE expression to use other option names.
 * - lists → an array of list IDs or string IDs (strings); tags → an array of tag names.
 * - Text-like fields (text, textarea, hidden, dropdown, radio, unknown types) take strings, numbers, booleans,
 *   Dates (ISO) and JSON objects (as JSON text), but not arrays.
 */
import type { CoerceResult, DestinationField } from '../../contract';
import { isBlank } from './empty-values';
import { LIST_IDS, MULTI_VALUE_TYPES, NUMBER_TYPES, TAG_NAMES } from './field-types';
import { isMultiValueText, joinMultiValue } from './multi-value';

type Coerced = CoerceResult;

const LEAVE_OUT: Coerced = { ok: true, value: null };
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function shown(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  else if (typeof value === 'object') text = safeJson(value);
  else text = String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function refuse(field: DestinationField, value: unknown, problem: string): Coerced {
  return { ok: false, reason: `Field "${field.label}" (${field.key}): ${shown(value)} ${problem}` };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

interface DateParts {
  date: string;
  time?: string;
  offset?: string;
}

/** Splits `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH[:MM]]` and checks every part is a real calendar value. */
function parseIsoLike(input: string): DateParts | null {
  const m = ISO_LIKE.exec(input.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return { date };
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? '0')];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const time = `${m[4]}:${m[5]}:${pad(second)}`;
  if (!m[7] || m[7].toUpperCase() === 'Z') return { date, time, offset: m[7] ? 'Z' : undefined };
  const digits = m[7].slice(1).replace(':', '');
  const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || '0')];
  if (oh > 14 || om > 59) return null;
  return { date, time, offset: `${m[7][0]}${pad(oh)}:${pad(om)}` };
}

function validDate(value: Date): boolean {
  const year = value.getUTCFullYear();
  return !Number.isNaN(value.getTime()) && year >= 1 && year <= 9999;
}

function calendarDay(value: Date): string {
  const localMidnight = value.getHours() === 0 && value.getMinutes() === 0 && value.getSeconds() === 0 && value.getMilliseconds() === 0;
  if (localMidnight) return `${pad(value.getFullYear(), 4)}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
  return value.toISOString().slice(0, 10);
}

function toDate(field: DestinationField, value: unknown): Coerced {
  const problem = 'is not a date (use YYYY-MM-DD)';
  if (value instanceof Date) return validDate(value) ? { ok: true, value: calendarDay(value) } : refuse(field, value, problem);
  if (typeof value !== 'string') return refuse(field, value, problem);
  const parts = parseIsoLike(value);
  return parts ? { ok: true, value: parts.date } : refuse(field, value, problem);
}

function toDateTime(field: DestinationField, value: unknown): Coerced {
  const problem = 'is not a date-time (use ISO 8601, e.g. 2024-03-01T10:00:00Z)';
  if (value instanceof Date) {
    return validDate(value) ? { ok: true, value: value.toISOString().replace(/\.\d{3}Z$/, 'Z') } : refuse(field, value, problem);
  }
  if (typeof value !== 'string') return refuse(field, value, problem);
  const parts = parseIsoLike(value);
  if (!parts) return refuse(field, value, problem);
  return { ok: true, value: `${parts.date}T${parts.time ?? '00:00:00'}${parts.offset ?? 'Z'}` };
}

function toNumber(field: DestinationField, value: unknown): Coerced {
  const problem = 'is not a number';
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value } : refuse(field, value, problem);
  if (typeof value === 'bigint') return { ok: true, value: Number(value) };
  if (typeof value === 'boolean') return { ok: true, value: value ? 1 : 0 };
  if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim())) {
    const number = Number(value.trim());
    return Number.isFinite(number) ? { ok: true, value: number } : refuse(field, value, problem);
  }
  return refuse(field, value, problem);
}

/** One option or name as text; null when the element is empty, undefined when it cannot be text. */
function scalarText(value: unknown): string | null | undefined {
  if (isBlank(value)) return null;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The elements of an array value (or one value) as text; a reason when one cannot be text. */
function textElements(field: DestinationField, value: unknown, what: string): string[] | Coerced {
  const elements = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const element of elements) {
    const text = scalarText(element);
    if (text === undefined) return refuse(field, element, `is not ${what}`);
    if (text !== null) out.push(text);
  }
  return out;
}

function toMultiValue(field: DestinationField, value: unknown): Coerced {
  if (typeof value === 'string' && isMultiValueText(value.trim())) return { ok: true, value: value.trim() };
  const options = textElements(field, value, 'an option value');
  if (!Array.isArray(options)) return options;
  const bad = options.find((option) => option.includes('||'));
  if (bad !== undefined) return refuse(field, bad, 'contains "||", which separates options');
  return options.length === 0 ? LEAVE_OUT : { ok: true, value: joinMultiValue([...new Set(options)]) };
}

function toListIds(field: DestinationField, value: unknown): Coerced {
  const ids = textElements(field, value, "a list's ID or string ID");
  if (!Array.isArray(ids)) return ids;
  return ids.length === 0 ? LEAVE_OUT : { ok: true, value: [...new Set(ids)] };
}

function toTagNames(field: DestinationField, value: unknown): Coerced {
  const names = textElements(field, value, 'a tag name');
  if (!Array.isArray(names)) return names;
  const unique = new Map<string, string>();
  for (const name of names) if (!unique.has(name.toLowerCase())) unique.set(name.toLowerCase(), name);
  return unique.size === 0 ? LEAVE_OUT : { ok: true, value: [...unique.values()] };
}

function toText(field: DestinationField, value: unknown): Coerced {
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number') return Number.isFinite(value) ? { ok: true, value: String(value) } : refuse(field, value, 'is not a finite number');
  if (typeof value === 'bigint' || typeof value === 'boolean') return { ok: true, value: String(value) };
  if (value instanceof Date) return validDate(value) ? { ok: true, value: value.toISOString() } : refuse(field, value, 'is not a valid date');
  if (Array.isArray(value)) return refuse(field, value, 'is a list, but this field takes one value');
  if (typeof value === 'object') return { ok: true, value: safeJson(value) };
  return refuse(field, value, 'cannot be written as text');
}

/** Coerces one value for `field` (see the rules above); `{ ok: true, value: null }` means "leave it out". */
export function coerceValue(field: DestinationField, value: unknown): CoerceResult {
  if (isBlank(value)) return LEAVE_OUT;
  const type = field.type;
  if (type === 'date') return toDate(field, value);
  if (type === 'datetime') return toDateTime(field, value);
  if (NUMBER_TYPES.has(type)) return toNumber(field, value);
  if (MULTI_VALUE_TYPES.has(type)) return toMultiValue(field, value);
  if (type === LIST_IDS) return toListIds(field, value);
  if (type === TAG_NAMES) return toTagNames(field, value);
  return toText(field, value);
}
