import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { allOf } from '../pages';
import { oncePerRun } from '../session-cache';

interface AccountFieldJson {
  id: string;
  fieldType?: string;
  fieldDefaultCurrency?: string | null;
}

export interface AccountFieldInfo {
  type: string;
  /** Currency fields: the field's currency, sent with each amount. */
  currency: string | null;
}

/** Account custom fields by id, loaded once per run: their type decides the value's shape. */
export function loadAccountFields(config: ActiveCampaignConfig, ctx: PluginContext): Promise<Map<string, AccountFieldInfo>> {
  return oncePerRun(ctx, 'accountFields', async () => {
    const fields = await allOf<AccountFieldJson>(config, ctx, '/accountCustomFieldMeta', 'accountCustomFieldMeta');
    return new Map(fields.map((f) => [String(f.id), { type: String(f.fieldType ?? 'text').toLowerCase(), currency: f.fieldDefaultCurrency ?? null }]));
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
  return /^\|\|.*\|\|$/.test(text) ? text.slice(2, -2).split('||').filter((v) => v !== '') : [text];
}
