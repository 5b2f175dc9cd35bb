import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from '@jest/globals';
import { configVariables } from '../../src/config';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const errorsSource = readFileSync(join(__dirname, '..', '..', '..', 'src', 'errors.ts'), 'utf8');

/** The text of README's `## Security`, split by its `###` subsections. */
function securitySubsections(): Map<string, string> {
  const section = /\n## Security\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const parts = new Map<string, string>();
  for (const match of section.matchAll(/### (.+)\n([\s\S]*?)(?=\n### |$)/g)) parts.set(match[1].trim(), match[2]);
  return parts;
}

describe("README's Security section", () => {
  const parts = securitySubsections();
  const part = (title: string) => {
    const text = parts.get(title);
    assert.ok(text, `README has "### ${title}" under "## Security" (found: ${[...parts.keys()].join(', ')})`);
    return text;
  };

  test('gives the threat model, secrets storage and binding, outbound rules and their switch, token lifecycle and cost limits', () => {
    assert.match(part('Who can do what'), /cannot/);
    const secrets = part('Secrets: storage and binding');
    for (const needed of [/FERRY_SECRET_KEY/, /AES-256-GCM/, /secretBindings/, /FERRY_ACCEPT_NEW_SECRET_KEY/]) assert.match(secrets, needed);
    const outbound = part('Outbound connections');
    for (const needed of [/FERRY_ALLOW_PRIVATE_DESTINATIONS/, /169\.254\.0\.0\/16/, /FERRY_MAX_RESPONSE_BYTES/, /at\s+connect time/])
      assert.match(outbound, needed);
    const tokens = part('Tokens');
    for (const needed of [/token create/, /token list/, /token revoke/, /4403/, /revokeApiToken/]) assert.match(tokens, needed);
    assert.match(part('Cost limits'), /\| limit \| setting \(default\) \| code \|/);
  });

  test('every setting the cost limits name exists, every security setting is named there, and every code is one Ferry raises', () => {
    const costs = part('Cost limits');
    const named = new Set([...costs.matchAll(/`(FERRY_[A-Z_]+)`/g)].map((m) => m[1]));
    for (const setting of named) assert.ok((configVariables as readonly string[]).includes(setting), `${setting} is a configuration variable`);
    const limits = configVariables.filter((variable) => /^FERRY_(MAX_|PREVIEW_MAX_|PLUGIN_CALL_|SYNC_PREVIEW_|LOADER_MAX_)/.test(variable));
    assert.ok(limits.length >= 12, `read ${limits.length} limit settings`);
    const security = [...parts.values()].join('\n');
    for (const setting of limits) assert.match(security, new RegExp(`\`${setting}\``), `${setting} is in README's Security section`);
    const codes = [...costs.matchAll(/\| `([A-Z_]+)` \|/g)].map((m) => m[1]);
    assert.ok(codes.length >= 5);
    for (const code of codes) assert.match(errorsSource, new RegExp(`coded\\('${code}'\\)`), `${code} is an error code of src/errors.ts`);
  });
});
