/**
 * The fake Elasticsearch on its own, for the bench and for trying Ferry by hand (`node dist/test/fakes/elasticsearch/main.js`).
 * Environment: FAKE_ES_PORT (default 4300), FAKE_ES_PEOPLE (documents in the generated `people` index, default 1000).
 * Prints one `FAKE_READY {json}` line (url, apiKey, username, password) for scripts.
 */
import { startFakeElasticsearch } from './index';

async function main(): Promise<void> {
  const fake = await startFakeElasticsearch({ port: Number(process.env.FAKE_ES_PORT ?? 4300) });
  fake.addGeneratedIndex({
    name: 'people',
    mappings: { id: { type: 'integer' }, email: { type: 'keyword' }, amount: { type: 'double' }, created: { type: 'date' } },
    count: Number(process.env.FAKE_ES_PEOPLE ?? 1000),
    doc: (i) => ({
      id: i + 1,
      email: `person${i + 1}@example.com`,
      amount: (((i + 1) * 7919) % 100000) / 100,
      created: new Date(Date.UTC(2024, 0, 1 + (i % 365))).toISOString(),
    }),
  });
  console.log(
    `FAKE_READY ${JSON.stringify({ url: fake.url, apiKey: fake.apiKey.encoded, username: fake.user.username, password: fake.user.password })}`,
  );
  console.log(`Fake Elasticsearch: url ${fake.url}, apiKey ${fake.apiKey.encoded}. Try SELECT * FROM people. Stop with Ctrl+C.`);
  const stop = () =>
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
