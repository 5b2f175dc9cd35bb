import { createHash, timingSafeEqual } from 'node:crypto';
import type { SecretBox } from '../secrets/secret-box';
import { openRuleSecrets } from './rule-secrets';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Whether a rule's sealed URL differs from `given` (checked as the API checks a rule's URL): what a tool that
 * applies a configuration needs to leave the URL alone, without the stored one being shown. Digests are compared in
 * constant time; a URL this key cannot open counts as changed, so giving it again replaces it.
 */
export function ruleUrlDiffers(box: SecretBox, rule: { id: string; name: string; encryptedSecrets: string }, given: URL): boolean {
  let stored: string;
  try {
    stored = openRuleSecrets(box, rule).url;
  } catch {
    return true;
  }
  return !timingSafeEqual(digest(stored), digest(given.href));
}
