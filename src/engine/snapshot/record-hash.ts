import { hash } from 'node:crypto';

/**
 * An unambiguous text encoding of a value for hashing: object keys sorted at every depth, every string
 * length-prefixed (so no value can imitate a separator), undefined members left out as JSON does. Faster than
 * sorted JSON because nothing is escaped.
 */
export function canonicalText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return `n${value};`;
    case 'bigint':
      return `i${value};`;
    case 'boolean':
      return value ? 'T' : 'F';
    case 'undefined':
      return 'z';
  }
  if (value === null) return 'z';
  if (Array.isArray(value)) {
    let text = `a${value.length}[`;
    for (const item of value) text += canonicalText(item);
    return `${text}]`;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalText(withJson.toJSON());
  const object = value as Record<string, unknown>;
  let text = 'o{';
  for (const key of Object.keys(object).sort()) {
    if (object[key] !== undefined) text += `${key.length}:${key}${canonicalText(object[key])}`;
  }
  return `${text}}`;
}

/**
 * Hashes mapped records for the snapshot. The sync's identity (object, behavior, key and mappings) is hashed in
 * first, so changing any of them changes every record's hash and the next run re-sends everything.
 */
export class RecordHasher {
  private readonly prefix: string;
  private readonly fieldKeys: string[] | null;

  /**
   * `fieldKeys`, when given, lists every key a record may have: records are then encoded in that (sorted) order
   * without sorting each one, which gives the same text as `canonicalText` for records within those keys.
   */
  constructor(identity: unknown, fieldKeys?: readonly string[]) {
    this.prefix = `${hash('sha1', canonicalText(identity), 'base64')}|`;
    this.fieldKeys = fieldKeys ? [...new Set(fieldKeys)].sort() : null;
  }

  hash(fields: Record<string, unknown>): string {
    return hash('sha1', this.prefix + this.encode(fields), 'base64');
  }

  private encode(fields: Record<string, unknown>): string {
    if (!this.fieldKeys) return canonicalText(fields);
    let text = 'o{';
    for (const key of this.fieldKeys) {
      const value = fields[key];
      if (value !== undefined) text += `${key.length}:${key}${canonicalText(value)}`;
    }
    return `${text}}`;
  }
}
