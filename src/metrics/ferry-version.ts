import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Ferry's version, from package.json (three folders up from dist/src/metrics). */
export function ferryVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
