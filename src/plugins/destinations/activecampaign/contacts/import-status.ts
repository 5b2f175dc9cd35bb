import { setTimeout as sleep } from 'node:timers/promises';
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import type { ActiveCampaignOptions } from '../options';

/** How an import ended, as `GET /import/info` reports it. */
export interface ImportOutcome {
  /** `completed`, `failed`, `interrupted`, or `timed-out` when it did not finish in time. */
  status: string;
  /** IDs of the contacts the import created. */
  createdIds: string[];
  /** Emails the import did not take. */
  failedEmails: string[];
}

interface ImportInfo {
  status?: unknown;
  success?: unknown;
  failure?: unknown;
}

const FINISHED = new Set(['completed', 'failed', 'interrupted']);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

/**
 * Polls `GET /import/info?batchId=` until the import is finished. Its status is `false` just after the POST,
 * then `waiting`, `claimed`, `active`; the wait between polls grows from `firstIntervalMs` to `maxIntervalMs`.
 * Polling is not a retry: each poll is a plain request through the engine's rate limit. Honours `ctx.signal`.
 */
export async function waitForImport(
  config: ActiveCampaignConfig,
  ctx: PluginContext,
  batchId: string,
  poll: ActiveCampaignOptions['importPoll'],
): Promise<ImportOutcome> {
  const deadline = Date.now() + poll.timeoutMs;
  for (let interval = poll.firstIntervalMs; ; interval = Math.min(poll.maxIntervalMs, Math.ceil(interval * 1.5))) {
    try {
      await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), undefined, { signal: ctx.signal });
    } catch (error) {
      throw ctx.signal.reason ?? error;
    }
    const { body } = await apiRequest<ImportInfo>(config, ctx, { method: 'GET', path: '/import/info', query: { batchId } });
    const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
    if (FINISHED.has(status)) return { status, createdIds: strings(body.success), failedEmails: strings(body.failure) };
    if (Date.now() >= deadline) return { status: 'timed-out', createdIds: [], failedEmails: [] };
  }
}
