import type { SourceLimits } from '../../../contract';
import { readServiceAccountKey } from '../service-account';
import type { SheetsConfig } from './config';

/**
 * The Sheets API allows 60 read requests a minute per user per project: the budget is keyed by the service
 * account (its email names its project), so every run and worker reading as that account shares it.
 */
export function limits(config: SheetsConfig): SourceLimits {
  const parsed = readServiceAccountKey(config.serviceAccountKey);
  const account = 'key' in parsed ? parsed.key.clientEmail : 'unknown-service-account';
  return { key: `google-sheets ${account}`, requests: 60, perMs: 60_000 };
}
