import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { z } from 'zod';
import { ConnectionError } from '../../../src/plugins/contract';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import { elasticsearchConfig, type ElasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import type { FakeElasticsearch } from '../../fakes/elasticsearch';
import { pluginContext } from '../../helpers/plugin-context';
import { elasticsearchFixture } from './elasticsearch-fixture';

const issues = (input: Record<string, unknown>) => {
  const parsed = elasticsearchConfig.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('elasticsearch config', () => {
  test('API key or user and password, not both, not neither; secrets are write-only', () => {
    expect(issues({ url: 'https://es.example.com:9200', apiKey: 'abc' })).toEqual([]);
    expect(issues({ url: 'https://es.example.com:9200', username: 'ferry', password: 'pw' })).toEqual([]);
    expect(issues({ url: 'https://es.example.com:9200' })).toEqual(['apiKey: required: an API key (preferred), or username and password']);
    expect(issues({ url: 'https://es.example.com:9200', apiKey: 'abc', username: 'u', password: 'p' })).toEqual([
      'apiKey: give either apiKey, or username and password, not both',
    ]);
    expect(issues({ url: 'https://es.example.com:9200', username: 'ferry' })).toEqual(['password: required: the password of user "ferry"']);
    expect(issues({ url: 'http://es.example.com:9200', apiKey: 'abc' })).toEqual([expect.stringMatching(/^url: the URL must start with https:\/\//)]);
    expect(issues({ url: 'https://es.example.com', apiKey: 'abc', caCertificate: 'not a pem' })).toEqual([
      expect.stringMatching(/^caCertificate: must be a PEM certificate/),
    ]);
    const schema = z.toJSONSchema(elasticsearchConfig, { io: 'input', unrepresentable: 'any' }) as {
      properties: Record<string, { writeOnly?: boolean }>;
    };
    expect([schema.properties.apiKey.writeOnly, schema.properties.password.writeOnly]).toEqual([true, true]);
  });
});

describe('elasticsearch test(), columns() and tables()', () => {
  let fake: FakeElasticsearch;
  let config: ElasticsearchConfig;
  beforeAll(async () => {
    ({ fake, config } = await elasticsearchFixture());
    fake.addIndex({
      name: 'customers',
      aliases: ['people'],
      mappings: { email: { type: 'keyword' }, score: { type: 'long' }, created: { type: 'date' } },
      docs: [{ email: 'a@example.com', score: 1, created: '2024-01-01T00:00:00Z' }],
    });
    fake.addIndex({ name: 'orders-2024', mappings: { id: { type: 'keyword' } }, docs: [] });
    fake.addIndex({ name: 'archive', hidden: true, mappings: { id: { type: 'keyword' } }, docs: [] });
    fake.addIndex({ name: '.security-7', system: true, mappings: { id: { type: 'keyword' } }, docs: [] });
    fake.addGeneratedIndex({ name: 'huge', mappings: { id: { type: 'integer' } }, count: 1_000_000, doc: (i) => ({ id: i }) });
  });
  afterAll(() => fake.close());

  test('test() passes with an API key, and with user and password', async () => {
    await expect(elasticsearchSource.test(config, pluginContext())).resolves.toBeUndefined();
    const basic = elasticsearchConfig.parse({ url: fake.url, username: fake.user.username, password: fake.user.password });
    await expect(elasticsearchSource.test(basic, pluginContext())).resolves.toBeUndefined();
  });

  test.each([
    [
      'a wrong API key',
      (c: ElasticsearchConfig) => ({ ...c, apiKey: Buffer.from('id:wrong').toString('base64') }),
      'authentication_failed',
      /refused the credentials \(unable to authenticate with provided credentials.*\): check apiKey/,
    ],
    [
      'a wrong password',
      (c: ElasticsearchConfig) => ({ ...c, apiKey: undefined, username: 'ferry', password: 'wrong' }),
      'authentication_failed',
      /refused the credentials \(unable to authenticate user \[ferry\]/,
    ],
    [
      'a closed port',
      (c: ElasticsearchConfig) => ({ ...c, url: 'http://127.0.0.1:1' }),
      'unreachable',
      /Could not reach Elasticsearch at http:\/\/127.0.0.1:1/,
    ],
  ])('test() with %s throws ConnectionError naming the fix', async (_, change, reason, message) => {
    const error = (await elasticsearchSource.test(change(config), pluginContext()).catch((e: unknown) => e)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.extensions.reason).toBe(reason);
    expect(error.message).toMatch(message);
  });

  test('columns() of a table model reads the mapping, no document; of SQL, one row, and the cursor is closed', async () => {
    fake.requests.length = 0;
    expect(await elasticsearchSource.columns(config, { kind: 'table', table: { schema: null, name: 'people' } }, pluginContext())).toEqual([
      { name: 'created', type: 'date' },
      { name: 'email', type: 'keyword' },
      { name: 'score', type: 'long' },
    ]);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /people/_mapping']);
    expect(await elasticsearchSource.columns(config, { kind: 'sql', sql: 'SELECT id FROM huge' }, pluginContext())).toEqual([
      { name: 'id', type: 'integer' },
    ]);
    expect(fake.requests.at(-2)?.body).toMatchObject({ fetch_size: 1 });
    expect(fake.requests.at(-1)?.path).toBe('/_sql/close');
    expect(fake.openCursors()).toBe(0);
  });

  test('estimateRows() counts an index model’s documents (_count) and says null for SQL', async () => {
    expect(await elasticsearchSource.estimateRows!(config, { kind: 'table', table: { schema: null, name: 'huge' } }, pluginContext())).toBe(
      1_000_000,
    );
    expect(await elasticsearchSource.estimateRows!(config, { kind: 'table', table: { schema: null, name: 'people' } }, pluginContext())).toBe(1);
    expect(await elasticsearchSource.estimateRows!(config, { kind: 'sql', sql: 'SELECT * FROM huge' }, pluginContext())).toBeNull();
  });

  test('tables() lists indices and aliases, not hidden or system ones; search and first apply', async () => {
    expect(await elasticsearchSource.tables!(config, { first: 10 }, pluginContext())).toEqual([
      { schema: null, name: 'customers' },
      { schema: null, name: 'huge' },
      { schema: null, name: 'orders-2024' },
      { schema: null, name: 'people' },
    ]);
    expect(await elasticsearchSource.tables!(config, { first: 10, search: 'ORDERS' }, pluginContext())).toEqual([
      { schema: null, name: 'orders-2024' },
    ]);
    expect(await elasticsearchSource.tables!(config, { first: 2 }, pluginContext())).toHaveLength(2);
    expect(elasticsearchSource.tableSql!({ schema: null, name: 'we"ird' })).toBe('SELECT * FROM "we""ird"');
  });
});
