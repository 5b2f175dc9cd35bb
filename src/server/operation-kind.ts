import { getOperationAST, parse } from 'graphql';

export type OperationKind = 'query' | 'mutation' | 'subscription';

const MAX_REMEMBERED = 1_000;
const kinds = new Map<string, OperationKind | null>();

/**
 * Whether a request's operation reads or writes, from its document (parsed once per distinct text); null when the
 * document does not parse or names no single operation (Apollo then answers with the error).
 */
export function operationKind(query: unknown, operationName: unknown): OperationKind | null {
  if (typeof query !== 'string') return null;
  const key = typeof operationName === 'string' ? `${operationName}\n${query}` : query;
  const known = kinds.get(key);
  if (known !== undefined) return known;
  let kind: OperationKind | null = null;
  try {
    kind = getOperationAST(parse(query, { noLocation: true }), typeof operationName === 'string' ? operationName : undefined)?.operation ?? null;
  } catch {
    kind = null;
  }
  if (kinds.size >= MAX_REMEMBERED) kinds.clear();
  kinds.set(key, kind);
  return kind;
}
