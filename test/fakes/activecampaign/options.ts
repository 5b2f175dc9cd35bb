import { randomBytes } from 'node:crypto';
import type { FakeActiveCampaignOptions } from './index';

/** Options with every default filled in. */
export interface ResolvedOptions {
  port: number;
  apiKeys: string[];
  requestsPerSecond: number | false;
  rateLimitStatus: 429 | 503;
  retryAfterSeconds: number;
  authFailureStatus: 401 | 403;
  bulkImport: {
    perMinute: number;
    singleContactPerMinute: number;
    processingDelayMs: number;
    maxContacts: number;
    maxBytes: number;
    successKey: 'Success' | 'success';
    fifo: { contactsPerSecond: number } | null;
  };
  validateFieldValues: boolean;
  excludedOnSync: 'reject' | 'skip';
  accountUtcOffset: string;
  requestLogLimit: number;
}

/** A key shaped like ActiveCampaign's (72 hex characters). */
export function randomApiKey(): string {
  return randomBytes(36).toString('hex');
}

export function resolveOptions(options: FakeActiveCampaignOptions = {}): ResolvedOptions {
  const apiKeys = options.apiKeys ?? [randomApiKey()];
  if (apiKeys.length === 0 || apiKeys.some((k) => k === '')) throw new RangeError('apiKeys must hold at least one non-empty key');
  const rps = options.requestsPerSecond ?? 5;
  if (rps !== false && !(Number.isInteger(rps) && rps > 0)) throw new RangeError('requestsPerSecond must be a positive integer or false');
  const fifo = options.bulkImport?.fifo;
  if (fifo && !(fifo.contactsPerSecond > 0)) throw new RangeError('bulkImport.fifo.contactsPerSecond must be a positive number');
  return {
    port: options.port ?? 0,
    apiKeys,
    requestsPerSecond: rps,
    rateLimitStatus: options.rateLimitStatus ?? 429,
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    authFailureStatus: options.authFailureStatus ?? 403,
    bulkImport: {
      perMinute: options.bulkImport?.perMinute ?? 100,
      singleContactPerMinute: options.bulkImport?.singleContactPerMinute ?? 20,
      processingDelayMs: options.bulkImport?.processingDelayMs ?? 300,
      maxContacts: options.bulkImport?.maxContacts ?? 250,
      maxBytes: options.bulkImport?.maxBytes ?? 400_000,
      successKey: options.bulkImport?.successKey ?? 'Success',
      fifo: options.bulkImport?.fifo ?? null,
    },
    validateFieldValues: options.validateFieldValues ?? true,
    excludedOnSync: options.excludedOnSync ?? 'reject',
    accountUtcOffset: options.accountUtcOffset ?? '-05:00',
    requestLogLimit: options.requestLogLimit ?? 200_000,
  };
}
