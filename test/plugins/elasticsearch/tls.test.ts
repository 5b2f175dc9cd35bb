import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ConnectionError } from '../../../src/plugins/contract';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import { elasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import { startFakeElasticsearch, testCaCertificate, type FakeElasticsearch } from '../../fakes/elasticsearch';
import { pluginContext } from '../../helpers/plugin-context';

describe('elasticsearch over https with a private CA', () => {
  let fake: FakeElasticsearch;
  beforeAll(async () => {
    fake = await startFakeElasticsearch({ https: true });
    fake.addIndex({ name: 'people', mappings: { email: { type: 'keyword' } }, docs: [{ email: 'a@example.com' }] });
  });
  afterAll(() => fake.close());

  test('without caCertificate the certificate is refused, with the fix; with it, test() and read() work', async () => {
    const config = elasticsearchConfig.parse({ url: fake.url, apiKey: fake.apiKey.encoded });
    const error = (await elasticsearchSource.test(config, pluginContext()).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.extensions.reason).toBe('ssl_certificate');
    expect(error.message).toMatch(/TLS certificate of https:\/\/127\.0\.0\.1:\d+ could not be verified .*caCertificate/);

    const trusted = { ...config, caCertificate: testCaCertificate() };
    await elasticsearchSource.test(trusted, pluginContext());
    const batches = [];
    for await (const batch of elasticsearchSource.read(
      trusted,
      { kind: 'table', table: { schema: null, name: 'people' } },
      { batchSize: 10 },
      pluginContext(),
    ))
      batches.push(batch);
    expect(batches).toEqual([[{ email: 'a@example.com' }]]);
  });
});
