import type { DestinationRecord } from '../../../contract';
import { customFieldId } from '../field-keys';
import { bodyId } from '../numeric-id';
import { type AccountFieldInfo, accountFieldValue } from './account-fields';

/** The attributes and custom fields of one account, as `POST /accounts` and `PUT /accounts/{id}` take them. */
export interface AccountBody {
  account: { name?: string; accountUrl?: string; fields?: Array<Record<string, unknown>> };
}

/**
 * The body for creating the record's account (with its name) or updating it (without: the name only matched
 * it, ignoring case and spaces, and an update must never rename the account). Values come coerced: empty ones
 * were left out by coerce, and null still means "leave out".
 */
export function accountBody(record: DestinationRecord, fields: ReadonlyMap<string, AccountFieldInfo>, purpose: 'create' | 'update'): AccountBody {
  const account: AccountBody['account'] = purpose === 'create' ? { name: record.key } : {};
  const values: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(record.fields)) {
    if (value === null || value === undefined) continue;
    if (key === 'accountUrl') account.accountUrl = String(value);
    const id = customFieldId(key);
    if (id === undefined) continue;
    const info = fields.get(id);
    const entry: Record<string, unknown> = { customFieldId: bodyId(id), fieldValue: accountFieldValue(info, value) };
    if (info?.currency) entry.fieldCurrency = info.currency;
    values.push(entry);
  }
  if (values.length > 0) account.fields = values;
  return { account };
}
