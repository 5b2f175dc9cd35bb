import type { PluginContext } from '../../contract';
import type { ActiveCampaignConfig } from './config';
import { emailKey } from './email-key';
import { batchStopper } from './failures';
import { pagesOf } from './pages';
import { oncePerRun, reloadPerRun } from './session-cache';

interface ExclusionJson {
  matchPhrase?: string;
  matchType?: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The account's exclusion list. An `exact` entry matches a whole email, ignoring case. Any other match type is
 * a pattern: with a `*` it must match the whole email, `*` standing for any text (`spam*@x.com`, `*@x.com`);
 * without one it matches anywhere in the email (`@blocked.example`). Entries limited to some lists still
 * exclude the row: the importer skips such emails too.
 */
export class ExclusionList {
  private readonly exact = new Set<string>();
  private readonly patterns: RegExp[] = [];

  add(entry: ExclusionJson): void {
    const phrase = entry.matchPhrase?.trim().toLowerCase();
    if (!phrase) return;
    if ((entry.matchType ?? 'exact').toLowerCase() === 'exact') {
      this.exact.add(phrase);
      return;
    }
    const source = phrase.split('*').map(escape).join('.*');
    this.patterns.push(new RegExp(phrase.includes('*') ? `^${source}$` : source));
  }

  has(email: string): boolean {
    const key = emailKey(email);
    return this.exact.has(key) || this.patterns.some((pattern) => pattern.test(key));
  }
}

async function readExclusions(config: ActiveCampaignConfig, ctx: PluginContext): Promise<ExclusionList> {
  const list = new ExclusionList();
  for await (const page of pagesOf<ExclusionJson>(config, ctx, '/lists/exclusions', 'exclusions')) page.forEach((e) => list.add(e));
  return list;
}

/** The exclusion list, read once per run: rows on it are rejected before anything is sent. */
export function loadExclusions(config: ActiveCampaignConfig, ctx: PluginContext): Promise<ExclusionList> {
  return oncePerRun(ctx, 'exclusions', () => readExclusions(config, ctx));
}

/**
 * The exclusion list read again, for a write where ActiveCampaign did not take some contacts: an email added to
 * the list since the run began gets the exclusion reason rather than a vaguer one. If the list cannot be read
 * now, the run's copy is used (a refused key still ends the write).
 */
export async function exclusionsAfterRefusal(config: ActiveCampaignConfig, ctx: PluginContext): Promise<ExclusionList> {
  try {
    return await reloadPerRun(ctx, 'exclusions', () => readExclusions(config, ctx));
  } catch (error) {
    const stopper = batchStopper(error);
    if (stopper !== null) throw stopper;
    ctx.logger.warn('activecampaign: could not read the exclusion list again; using the copy read at the start of the run');
    return loadExclusions(config, ctx);
  }
}
