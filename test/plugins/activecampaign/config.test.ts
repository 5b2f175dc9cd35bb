import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { z } from 'zod';
import { activeCampaignDestination } from '../../../src/plugins/destinations/activecampaign';

const schema = activeCampaignDestination.config;
const key = 'a'.repeat(72);

function issues(input: unknown): string[] {
  const parsed = schema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ActiveCampaign config', () => {
  test('accepts the https API URL from Settings → Developer, with a trailing slash or a pasted /api/3', () => {
    for (const apiUrl of [
      'https://acme.api-us1.com',
      'https://acme.api-us1.com/',
      'https://acme.api-us1.com/api/3',
      'https://acme.api-us1.com/api/3/',
    ]) {
      assert.deepEqual(issues({ apiUrl, apiKey: key }), [], apiUrl);
    }
  });

  test('refuses plain http except on loopback hosts', () => {
    assert.match(issues({ apiUrl: 'http://acme.api-us1.com', apiKey: key }).join(), /^apiUrl: .*must start with https:\/\//);
    for (const apiUrl of ['http://127.0.0.1:4010', 'http://localhost:4010/api/3', 'http://[::1]:4010']) {
      assert.deepEqual(issues({ apiUrl, apiKey: key }), [], apiUrl);
    }
  });

  test('refuses what is not an API URL, naming the fix', () => {
    assert.match(
      issues({ apiUrl: 'acme.api-us1.com', apiKey: key }).join(),
      /apiUrl: "acme.api-us1.com" is not a URL: copy the API URL from Settings → Developer/,
    );
    assert.match(issues({ apiUrl: 'https://acme.activehosted.com/app/settings', apiKey: key }).join(), /apiUrl: .*not a page address/);
    assert.match(issues({ apiUrl: 'ftp://acme.api-us1.com', apiKey: key }).join(), /https/);
    assert.match(issues({ apiUrl: 'https://user:pw@acme.api-us1.com', apiKey: key }).join(), /user name or password/);
  });

  test('requires the key', () => {
    assert.match(issues({ apiUrl: 'https://acme.api-us1.com', apiKey: '' }).join(), /apiKey: copy the API key from Settings → Developer/);
    assert.match(issues({ apiUrl: 'https://acme.api-us1.com' }).join(), /^apiKey:/);
  });

  test('JSON Schema marks the key write-only and tells where to find both values', () => {
    const json = z.toJSONSchema(schema) as { properties: Record<string, { writeOnly?: boolean; description?: string }>; required: string[] };
    assert.equal(json.properties.apiKey.writeOnly, true);
    assert.equal(json.properties.apiUrl.writeOnly, undefined);
    assert.match(json.properties.apiKey.description ?? '', /Settings → Developer/);
    assert.match(json.properties.apiUrl.description ?? '', /Settings → Developer/);
    assert.deepEqual(json.required.sort(), ['apiKey', 'apiUrl']);
  });

  test('runAutomations is an optional boolean, off unless set, described with what it can and cannot turn off', () => {
    assert.deepEqual(issues({ apiUrl: 'https://acme.api-us1.com', apiKey: key, runAutomations: true }), []);
    assert.match(issues({ apiUrl: 'https://acme.api-us1.com', apiKey: key, runAutomations: 'yes' }).join(), /^runAutomations:/);
    const json = z.toJSONSchema(schema) as { properties: Record<string, { type?: string; description?: string }> };
    assert.equal(json.properties.runAutomations.type, 'boolean');
    assert.match(json.properties.runAutomations.description ?? '', /default false.*exclude_automations.*ten or fewer.*\/contact\/sync/s);
  });
});

describe('ActiveCampaign limits', () => {
  test('are keyed by the normalised API host, with the bulk importer budget as a route', () => {
    const a = activeCampaignDestination.limits({ apiUrl: 'https://Acme.API-us1.com/api/3/', apiKey: key });
    const b = activeCampaignDestination.limits({ apiUrl: 'https://acme.api-us1.com', apiKey: 'another' });
    assert.equal(a.key, 'activecampaign:acme.api-us1.com');
    assert.equal(b.key, a.key, 'two keys of one account share one budget');
    assert.equal(a.requestsPerSecond, 5);
    assert.equal(a.maxBatchSize, 250);
    assert.equal(a.concurrency, 8, 'enough writes in flight per run to keep the importer near 100 imports a minute at 1–3 s an import');
    assert.deepEqual(a.routes, [{ method: 'POST', pathPrefix: '/api/3/import/bulk_import', requests: 100, perMs: 60_000 }]);
    assert.equal(activeCampaignDestination.limits({ apiUrl: 'http://127.0.0.1:4010', apiKey: key }).key, 'activecampaign:127.0.0.1:4010');
  });

  test('the plugin identifies itself as the ActiveCampaign destination', () => {
    assert.equal(activeCampaignDestination.id, 'activecampaign');
    assert.equal(activeCampaignDestination.name, 'ActiveCampaign');
    assert.equal(activeCampaignDestination.kind, 'destination');
  });
});
