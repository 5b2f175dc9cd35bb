import type { PluginContext } from '../../../contract';
import type { ActiveCampaignConfig } from '../config';
import { pagesOf } from '../pages';
import { oncePerRun } from '../session-cache';

interface AccountJson {
  id: string;
  name?: string;
}

/**
 * Account name → id, loaded once per run by paging `GET /accounts`. Names are unique in ActiveCampaign; a name
 * is matched exactly first, then ignoring case and surrounding spaces (how the account's uniqueness rule reads
 * names), so "Acme" in the model finds "ACME " in ActiveCampaign rather than failing to create a duplicate.
 */
export class AccountDirectory {
  private readonly exact = new Map<string, string>();
  private readonly loose = new Map<string, string>();

  add(name: string, id: string): void {
    this.exact.set(name, id);
    this.loose.set(name.trim().toLowerCase(), id);
  }

  /** Drops an account that no longer exists (deleted since the directory was loaded). */
  forget(id: string): void {
    for (const map of [this.exact, this.loose]) for (const [key, value] of map) if (value === id) map.delete(key);
  }

  find(name: string): string | undefined {
    return this.exact.get(name) ?? this.loose.get(name.trim().toLowerCase());
  }
}

export function loadAccountDirectory(config: ActiveCampaignConfig, ctx: PluginContext): Promise<AccountDirectory> {
  return oncePerRun(ctx, 'accounts', async () => {
    const directory = new AccountDirectory();
    for await (const page of pagesOf<AccountJson>(config, ctx, '/accounts', 'accounts')) {
      for (const account of page) if (account.name !== undefined) directory.add(account.name, String(account.id));
    }
    return directory;
  });
}

/** Looks one name up with `GET /accounts?search=` (a partial match: compared here, exactly then loosely). */
export async function searchAccount(config: ActiveCampaignConfig, ctx: PluginContext, name: string): Promise<string | undefined> {
  const found = new AccountDirectory();
  for await (const page of pagesOf<AccountJson>(config, ctx, '/accounts', 'accounts', { search: name.trim() })) {
    for (const account of page) if (account.name !== undefined) found.add(account.name, String(account.id));
  }
  return found.find(name);
}
