/** Account custom fields (`GET /accountCustomFieldMeta`): listed for discovery, and by id for writing values. */
import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { fieldType } from '../field-types';
import { isMultiValueText, splitMultiValue } from '../multi-value';
import { allOf } from '../pages';
import { oncePerRun } from '../session-cache';

export interface AccountFieldJson {
  id: string;
  fieldLabel?: string;
  fieldType?: string;
  fieldDefaultCurrency?: string | null;
}

export interface AccountFieldInfo {
  type: string;
  /** Currency fields: the field's currency, sent with each amount. */
  currency: string | null;
}

/** Every account custom field, as ActiveCampaign lists them. */
export function listAccountFields(config: ActiveCampaignConfig, ctx: PluginContext): Promise<AccountFieldJson[]> {
  return allOf<AccountFieldJson>(config, ctx, '/accountCustomFieldMeta', 'accountCustomFieldMeta');
}

/** Account custom fields by id, loaded once per run: their type decides the value's shape. */
export function loadAccountFields(config: ActiveCampaignConfig, ctx: PluginContext): Promise<Map<string, AccountFieldInfo>> {
  return oncePerRun(ctx, 'accountFields', async () => {
    const fields = await listAccountFields(config, ctx);
    return new Map(fields.map((f) => [String(f.id), { type: fieldType(f.fieldType), currency: f.fieldDefaultCurrency ?? null }]));
  });
}

/**
 * The value as account fields take it: multi-select and checkbox values are JSON arrays (a coerced `||a||b||`
 * is split back), everything else as coerced.
 */
export function accountFieldValue(info: AccountFieldInfo | undefined, value: unknown): unknown {
  if (info?.type !== 'multiselect' && info?.type !== 'checkbox') return value;
  if (Array.isArray(value)) return value.map(String);
  const text = String(value);
  return isMultiValueText(text) ? splitMultiValue(text) : [text];
}
