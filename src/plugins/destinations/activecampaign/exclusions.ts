import type { PluginContext } from '../../contract';
import type { ActiveCampaignConfig } from './config';
import { pagesOf } from './pages';
import { oncePerRun } from './session-cache';

interface ExclusionJson {
  matchPhrase?: string;
  matchType?: string;
}

/** The reason Census users know, kept word for word. */
export const EXCLUDED = 'Row skipped - It is on exclusion list';

/**
 * The account's exclusion list: `exact` entries match a whole email (ignoring case); any other match type is
 * read as a pattern matched anywhere in the email, with `*` as a wildcard (`@blocked.example`, `spam*@x.com`).
 * Entries limited to some lists still exclude the row: the importer skips such emails too.
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
    const source = phrase.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    this.patterns.push(new RegExp(source));
  }

  has(email: string): boolean {
    const lower = email.trim().toLowerCase();
    return this.exact.has(lower) || this.patterns.some((pattern) => pattern.test(lower));
  }
}

export function loadExclusions(config: ActiveCampaignConfig, ctx: PluginContext): Promise<ExclusionList> {
  return oncePerRun(ctx, 'exclusions', async () => {
    const list = new ExclusionList();
    for await (const page of pagesOf<ExclusionJson>(config, ctx, '/lists/exclusions', 'exclusions')) page.forEach((e) => list.add(e));
    return list;
  });
}
