import type { Row } from '../../../src/plugins/contract';
import { elasticsearchConfig, type ElasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import { startFakeElasticsearch, type FakeElasticsearch, type FakeElasticsearchOptions } from '../../fakes/elasticsearch';

/** A fake cluster and the plugin config (API key) that reaches it, as a user would type it into the form. */
export async function elasticsearchFixture(
  options: FakeElasticsearchOptions = {},
  overrides: Partial<ElasticsearchConfig> = {},
): Promise<{ fake: FakeElasticsearch; config: ElasticsearchConfig }> {
  const fake = await startFakeElasticsearch(options);
  const config = elasticsearchConfig.parse({ url: fake.url, apiKey: fake.apiKey.encoded, ...overrides });
  return { fake, config };
}

export async function readAll(batches: AsyncIterable<Row[]>): Promise<Row[][]> {
  const all: Row[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}
