import type { PluginContext } from '../../contract';
import type { ActiveCampaignConfig } from './config';
import { allOf } from './pages';
import { oncePerRun } from './session-cache';

interface ListJson {
  id: string;
  stringid?: string;
}

/** The account's lists by ID and by string ID, loaded once per run. */
export class ListIndex {
  private readonly ids = new Set<string>();
  private readonly byStringId = new Map<string, string>();
  private readonly byLowerStringId = new Map<string, string>();

  constructor(lists: ListJson[]) {
    for (const list of lists) {
      this.ids.add(String(list.id));
      if (!list.stringid) continue;
      this.byStringId.set(list.stringid, String(list.id));
      this.byLowerStringId.set(list.stringid.toLowerCase(), String(list.id));
    }
  }

  /** The list's ID for an ID or a string ID (exact, then ignoring case), or undefined. */
  resolve(reference: string): string | undefined {
    const ref = reference.trim();
    if (this.ids.has(ref)) return ref;
    return this.byStringId.get(ref) ?? this.byLowerStringId.get(ref.toLowerCase());
  }
}

/** The message users see for a list that does not exist. */
export function listNotFound(reference: string): string {
  return `List "${reference}" not found in ActiveCampaign: use the list's ID or its string ID`;
}

export function loadLists(config: ActiveCampaignConfig, ctx: PluginContext): Promise<ListIndex> {
  return oncePerRun(ctx, 'lists', async () => new ListIndex(await allOf<ListJson>(config, ctx, '/lists', 'lists')));
}
