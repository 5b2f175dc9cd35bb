import { Kind, visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors';

/** Where in `value` a string holds a NUL byte (e.g. `variables.input.config.host`), or null. */
export function nulBytePath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulBytePath(item, `${path}.${index}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulBytePath(item, `${path}.${key}`) ?? (key.includes('\u0000') ? `${path}.${key}` : null);
      if (found) return found;
    }
  }
  return null;
}

/** A string literal of the operation that holds a NUL byte (written as \\u0000), or false. */
function documentHasNulByte(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * Refuses input carrying a NUL byte anywhere: PostgreSQL cannot store one in text, and no setting needs one. Returns
 * the refusal (BAD_USER_INPUT naming where), or null.
 */
export function nulByteRefusal(variables: unknown, document?: DocumentNode): BadUserInputError | null {
  const path = nulBytePath(variables, 'variables');
  const where = path ?? (document && documentHasNulByte(document) ? 'a string in the operation' : null);
  if (!where) return null;
  return new BadUserInputError(`${where} contains a NUL byte (\\u0000), which no field accepts: remove it`, path ?? undefined);
}
