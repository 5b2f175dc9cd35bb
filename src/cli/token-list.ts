import type { Config } from '../config';
import { listApiTokens } from '../schema/token/token-store';
import { withDatabase } from './with-database';

const when = (date: Date | null) => date?.toISOString() ?? '-';

/** `token list`: one line per token, tab-separated: id, name, created, expires, last used, revoked (never the token). */
export async function tokenList(config: Config): Promise<void> {
  const tokens = await withDatabase(config, (db) => listApiTokens(db));
  const lines = [['id', 'name', 'created', 'expires', 'last used', 'revoked'].join('\t')];
  for (const token of tokens)
    lines.push([token.id, token.name, when(token.createdAt), when(token.expiresAt), when(token.lastUsedAt), when(token.revokedAt)].join('\t'));
  process.stdout.write(`${lines.join('\n')}\n`);
}
