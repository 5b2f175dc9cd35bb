import { createHash } from 'node:crypto';
import type { Destination } from '../../entities';
import type { DestinationObject } from '../../plugins/contract';

/** How long discovered objects are reused: a run started right after createSync does not ask again. */
const FRESH_FOR_MS = 60_000;
const MOST_ENTRIES = 500;

interface Entry {
  expiresAt: number;
  objects: Promise<DestinationObject[]>;
}

const entries = new Map<string, Entry>();

/** One stored config of one destination: a changed config (URL, key, anything) is another entry, so never stale. */
function entryKey(destination: Pick<Destination, 'id' | 'publicConfig' | 'encryptedSecrets'>): string {
  const config = createHash('sha256')
    .update(JSON.stringify(destination.publicConfig))
    .update('\0')
    .update(destination.encryptedSecrets ?? '')
    .digest('base64url');
  return `${destination.id}:${config}`;
}

/**
 * A destination's objects, discovered at most once a minute per stored config in this process (every discovery
 * costs requests against the account's rate limit); calls at the same time share one discovery. `fresh` asks the
 * destination again (a client asking for the objects sees them live) and keeps the answer for the next ones. A
 * failed discovery is not kept.
 */
export function cachedObjects(
  destination: Pick<Destination, 'id' | 'publicConfig' | 'encryptedSecrets'>,
  discover: () => Promise<DestinationObject[]>,
  { fresh = false, now = Date.now() }: { fresh?: boolean; now?: number } = {},
): Promise<DestinationObject[]> {
  const key = entryKey(destination);
  const found = entries.get(key);
  if (found && found.expiresAt > now && !fresh) return found.objects;
  if (entries.size >= MOST_ENTRIES) {
    for (const [stale, entry] of entries) if (entry.expiresAt <= now || entries.size >= MOST_ENTRIES) entries.delete(stale);
  }
  const objects = discover();
  entries.set(key, { expiresAt: now + FRESH_FOR_MS, objects });
  objects.catch(() => {
    if (entries.get(key)?.objects === objects) entries.delete(key);
  });
  return objects;
}
