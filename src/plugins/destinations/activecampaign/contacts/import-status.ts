import { setTimeout as sleep } from 'node:timers/promises';
import type { PluginContext } from '../../../contract';
import { apiRequest } from '../client';
import type { ActiveCampaignConfig } from '../config';
import { importPacer, type PollOptions } from './import-pacing';

/** How an import ended, as `GET /import/info` reports it. */
export interface ImportOutcome {
  /** `completed`, `failed`, `interrupted`, or `timed-out` when it did not finish in time. */
  status: string;
  /** IDs of the contacts the import created. */
  createdIds: string[];
  /** Emails the import did not take (or, when interrupted, did not reach). */
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
 * Polls `GET /import/info?batchId=` until the import is finished, as the run's pacer times it (see
 * import-pacing.ts). Its status is `false` just after the POST, then `waiting`, `claimed`, `active`. Polling is
 * not a retry: each poll is a plain request through the engine's rate limit. Honours `ctx.signal`.
 */
export async function waitForImport(config: ActiveCampaignConfig, ctx: PluginContext, batchId: string, poll: PollOptions): Promise<ImportOutcome> {
  const pacer = importPacer(ctx, poll);
  const deadline = Date.now() + poll.timeoutMs;
  let waited = 0;
  let wait = 0;
  for (let attempt = 1; ; attempt += 1) {
    wait = Math.min(pacer.waitBefore(attempt, wait), Math.max(0, deadline - Date.now()));
    try {
      await sleep(wait, undefined, { signal: ctx.signal });
    } catch (error) {
      throw ctx.signal.reason ?? error;
    }
    waited += wait;
    const { body } = await apiRequest<ImportInfo>(config, ctx, { method: 'GET', path: '/import/info', query: { batchId } });
    const status = typeof body.status === 'string' ? body.status.toLowerCase() : '';
    if (FINISHED.has(status)) {
      pacer.observe(attempt, waited);
      return { status, createdIds: strings(body.success), failedEmails: strings(body.failure) };
    }
    if (Date.now() >= deadline) return { status: 'timed-out', createdIds: [], failedEmails: [] };
  }
}
