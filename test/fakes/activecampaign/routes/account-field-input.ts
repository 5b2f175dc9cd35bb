/** Validates account custom-field values sent inline (`account.fields`) or as `accountCustomFieldData`. */
import { attributeError } from '../errors';
import { idOf, textOf } from '../body-values';
import { isReply, type RouteReply } from '../router';
import { checkAccountFieldValue } from '../state/account-field-rules';
import type { FakeState } from '../state/fake-state';
import type { AccountFieldValueRecord } from '../state/records';

export interface AccountValueWrite {
  fieldId: string;
  value: AccountFieldValueRecord['fieldValue'];
  currency: string | null;
}

/** Checks one `{customFieldId, fieldValue, fieldCurrency?}`; the reply is a 422 naming the field and the fix. */
export function checkAccountValue(
  state: FakeState,
  fieldRef: unknown,
  raw: unknown,
  currencyRaw: unknown,
  pointer: string,
): AccountValueWrite | RouteReply {
  const fieldId = idOf(fieldRef);
  const field = fieldId === null ? undefined : state.accounts.getField(fieldId);
  if (!field) {
    return {
      status: 422,
      body: attributeError(`No account custom field has the id ${JSON.stringify(fieldRef)}: reference fields by id.`, 'related_missing', pointer),
    };
  }
  const check = checkAccountFieldValue(field, raw, state.clock, state.validateFieldValues);
  if (!check.ok) {
    return {
      status: 422,
      body: attributeError(`Invalid value for account field ${field.id} (${field.fieldLabel}): ${check.reason}.`, 'field_invalid', pointer),
    };
  }
  const currency = field.fieldType === 'currency' ? textOf(currencyRaw)?.toUpperCase() || field.fieldDefaultCurrency : null;
  return { fieldId: field.id, value: check.value, currency };
}

/** Checks every entry of inline `fields`; the first bad one wins. */
export function checkInlineFields(state: FakeState, fields: unknown): AccountValueWrite[] | RouteReply {
  if (fields === undefined) return [];
  if (!Array.isArray(fields))
    return { status: 422, body: attributeError('fields must be an array of {customFieldId, fieldValue}.', 'field_invalid', 'fields') };
  const writes: AccountValueWrite[] = [];
  for (const [index, entry] of fields.entries()) {
    const e = (entry ?? {}) as Record<string, unknown>;
    const write = checkAccountValue(state, e.customFieldId, e.fieldValue, e.fieldCurrency, `fields/${index}`);
    if (isReply(write)) return write;
    writes.push(write);
  }
  return writes;
}
