import { BadUserInputError } from '../../errors';

/** Opaque page cursors: base64url of a position the caller should not depend on. */
export function encodeCursor(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

/** The position in a cursor made by encodeCursor over a sequence number; null for the first page. */
export function decodeCursor(cursor: string | null | undefined, field = 'after'): string | null {
  if (cursor === null || cursor === undefined || cursor === '') return null;
  const position = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{1,18}$/.test(position) || encodeCursor(position) !== cursor) {
    throw new BadUserInputError(`${field}: "${cursor}" is not a cursor from this API; pass pageInfo.endCursor of the previous page`, field);
  }
  return position;
}

/** `first` must be 1..max. */
export function pageSize(first: number, max = 500, field = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw new BadUserInputError(`${field}: must be between 1 and ${max} (got ${first})`, field);
  }
  return first;
}
