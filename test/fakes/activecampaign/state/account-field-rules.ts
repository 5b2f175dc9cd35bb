/** Value formats of account custom fields: multi-select values are JSON arrays, currency is integer cents. */
import type { Clock } from './clock';
import { checkDate, checkDatetime, checkOneOf } from './field-value-rules';
import type { AccountFieldRecord } from './records';

export type AccountValueCheck = { ok: true; value: string | number | string[] } | { ok: false; reason: string };

export function checkAccountFieldValue(field: AccountFieldRecord, raw: unknown, clock: Clock, validate: boolean): AccountValueCheck {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: '' };
  const options = field.fieldOptions ?? [];
  switch (field.fieldType) {
    case 'multiselect':
    case 'checkbox': {
      const values = Array.isArray(raw) ? raw : null;
      if (!values || !values.every((v) => typeof v === 'string')) {
        return validate
          ? { ok: false, reason: `${field.fieldType} values are a JSON array of option strings, e.g. ["a","b"]` }
          : { ok: true, value: String(raw) };
      }
      if (validate) {
        for (const v of values) {
          const check = checkOneOf(v, options);
          if (!check.ok) return check;
        }
      }
      return { ok: true, value: values };
    }
    case 'currency':
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(n)) return validate ? { ok: false, reason: `"${String(raw)}" is not a number` } : { ok: true, value: String(raw) };
      if (validate && field.fieldType === 'currency' && !Number.isInteger(n)) {
        return { ok: false, reason: `currency values are integer cents: send ${Math.round(n * 100)} for ${n}` };
      }
      return { ok: true, value: n };
    }
    default:
      break;
  }
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return { ok: false, reason: `a ${field.fieldType} value must be a string` };
  }
  const value = String(raw);
  if (!validate) return { ok: true, value };
  switch (field.fieldType) {
    case 'date':
      return checkDate(value);
    case 'datetime':
      return checkDatetime(value, clock);
    case 'dropdown':
    case 'radio':
      return checkOneOf(value, options);
    default:
      return { ok: true, value };
  }
}
