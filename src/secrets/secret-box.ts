import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** v1: no associated data (read only, rewritten on the next save). v2: bound to a context (row and field). */
const unbound = 'v1';
const bound = 'v2';

/** The stored value cannot be opened with this key (or in this place): which of the two is in the message. */
export class SecretUnreadableError extends Error {}

/**
 * AES-256-GCM over JSON values. The output is `v2.<iv>.<tag>.<ciphertext>`, each part base64url, sealed with
 * `context` (e.g. `sources/<id>/encrypted_secrets`) as associated data: a value copied to another row or field
 * does not open there. `v1.` values, sealed without a context, still open.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new RangeError('SecretBox needs a 32-byte key');
  }

  /** A one-way name of the key (16 hex digits), safe to print: it tells keys apart without revealing them. */
  get fingerprint(): string {
    return createHmac('sha256', this.key).update('ferry secret key fingerprint').digest('hex').slice(0, 16);
  }

  seal(value: unknown, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [bound, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  open<T = unknown>(sealed: string, context: string): T {
    const [tag, iv, authTag, ciphertext] = sealed.split('.');
    if ((tag !== bound && tag !== unbound) || !iv || !authTag || ciphertext === undefined) {
      throw new SecretUnreadableError('Stored secret is not in a format this Ferry can read');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    if (tag === bound) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
    try {
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as T;
    } catch {
      throw new SecretUnreadableError(
        'Stored secret could not be decrypted: FERRY_SECRET_KEY is not the key it was encrypted with, or the value was copied from another row',
      );
    }
  }

  /** True for a value sealed without a context (before v2): rewrite it bound. */
  static isUnbound(sealed: string): boolean {
    return sealed.startsWith(`${unbound}.`);
  }
}
