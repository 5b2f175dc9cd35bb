import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupConfigError } from '../errors';

const howToMake = 'make one with `openssl rand -base64 32`';

/** A key of 32 bytes, written in base64 (44 characters) or hex (64 characters); `source` names where it came from. */
export function parseSecretKey(text: string, source = 'FERRY_SECRET_KEY'): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new StartupConfigError(`${source} must be 32 bytes in base64 or hex (got ${key.length} bytes): ${howToMake}`);
  }
  return key;
}

/** The embedded default: a key generated once into the data dir, readable by its owner only. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = join(dataDir, 'secret.key');
  const read = () =>
    parseSecretKey(
      readFileSync(file, 'utf8'),
      `The key file ${file} (it is damaged: restore it from a backup, or stored credentials cannot be read)`,
    );
  if (existsSync(file)) return read();
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process starting at the same moment wrote it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw error;
  }
  return key;
}
