import type { FerryApi } from './ferry-api';
import type { StoredRule } from './ferry-state';
import type { FileRule } from './file-rules';

/** The settings of a rule compared as they are (the URL is compared by Ferry, which never shows it). */
const plainFields = ['condition', 'rejectedRowsPercent', 'duration', 'format', 'enabled'] as const;

/**
 * The fields of a rule that differ from the stored one: `sync` when it watches another sync (`syncId` is the id of
 * the sync the file names, null for every sync, undefined for a sync apply has yet to create), and `url (secret)`
 * when Ferry's urlChanged says the sealed URL is not the file's.
 */
export async function ruleChanges(api: FerryApi, rule: FileRule, current: StoredRule, syncId: string | null | undefined): Promise<string[]> {
  const changes: string[] = [];
  if (syncId === undefined || syncId !== current.syncId) changes.push('sync');
  for (const field of plainFields) if ((rule[field] ?? null) !== current[field]) changes.push(field);
  const answer = await api.request<{ notificationRule: { urlChanged: boolean } }>(
    'query ($id: ID!, $url: String!) { notificationRule(id: $id) { urlChanged(url: $url) } }',
    { id: current.id, url: rule.url },
  );
  if (answer.notificationRule.urlChanged) changes.push('url (secret)');
  return changes;
}

/** The stored and the file's value of a changed field, for the plan (never the URL). */
export function ruleValues(field: string, rule: FileRule, current: StoredRule, syncName: (id: string | null) => string | undefined) {
  if (field === 'sync') return [current.syncId === null ? 'every sync' : syncName(current.syncId), rule.sync ?? 'every sync'] as [unknown, unknown];
  return (plainFields as readonly string[]).includes(field)
    ? ([current[field as keyof StoredRule], rule[field as keyof FileRule] ?? null] as [unknown, unknown])
    : undefined;
}
