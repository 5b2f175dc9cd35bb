import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PluginConfigError } from '../../../src/plugins/contract';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import type { ElasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import type { FakeElasticsearch } from '../../fakes/elasticsearch';
import { pluginContext } from '../../helpers/plugin-context';
import { elasticsearchFixture, readAll } from './elasticsearch-fixture';

const sql = (text: string) => ({ kind: 'sql' as const, sql: text });

describe('elasticsearch read()', () => {
  let fake: FakeElasticsearch;
  let config: ElasticsearchConfig;
  beforeAll(async () => {
    ({ fake, config } = await elasticsearchFixture());
    fake.addIndex({
      name: 'customers',
      mappings: {
        big: { type: 'long' },
        ulong: { type: 'unsigned_long' },
        n: { type: 'integer' },
        ratio: { type: 'scaled_float' },
        email: { type: 'keyword' },
        bio: { type: 'text' },
        signed_up: { type: 'date' },
        active: { type: 'boolean' },
        ip: { type: 'ip' },
        address: { type: 'object', properties: { city: { type: 'keyword' }, zip: { type: 'keyword' } } },
      },
      docs: [
        {
          big: 9007199254740993n,
          ulong: 18446744073709551615n,
          n: 7,
          ratio: 0.25,
          email: 'a@example.com',
          bio: 'Hello "there"',
          signed_up: '2024-03-01T10:20:30.123Z',
          active: true,
          ip: '10.0.0.1',
          address: { city: 'Lyon', zip: '69001' },
        },
        { email: 'b@example.com', active: false },
      ],
    });
    fake.addIndex({
      name: 'tagged',
      mappings: { email: { type: 'keyword' }, tags: { type: 'keyword' } },
      docs: [{ email: 'a@example.com', tags: ['vip', 'beta'] }],
    });
    fake.addGeneratedIndex({ name: 'many', mappings: { id: { type: 'integer' } }, count: 25, doc: (i) => ({ id: i + 1 }) });
  });
  afterAll(() => fake.close());

  test('an index (table model) is read from _source: arrays and objects keep their structure; longs without rounding', async () => {
    fake.addIndex({
      name: 'documents',
      mappings: {
        big: { type: 'long' },
        day: { type: 'date' },
        local_at: { type: 'date' },
        instant: { type: 'date' },
        epoch: { type: 'date' },
        tags: { type: 'keyword' },
        profile: { type: 'object', properties: { plan: { type: 'keyword' }, seats: { type: 'integer' } } },
        items: { type: 'nested', properties: { sku: { type: 'keyword' } } },
        code: { type: 'keyword' },
      },
      docs: [
        {
          big: 9007199254740993n,
          day: '2024-02-29',
          local_at: '2024-02-29T23:59:58.123',
          instant: '2024-02-29T23:59:58.123Z',
          epoch: 1709251198123,
          tags: ['a', 'b c', 'é'],
          profile: { plan: 'pro', seats: 3 },
          items: [{ sku: 'x' }, { sku: 'y' }],
          code: 42,
        },
        { tags: 'solo' },
      ],
    });
    const query = { kind: 'table' as const, table: { schema: null, name: 'documents' } };
    expect(await elasticsearchSource.columns(config, query, pluginContext())).toEqual([
      { name: 'big', type: 'long' },
      { name: 'code', type: 'keyword' },
      { name: 'day', type: 'date' },
      { name: 'epoch', type: 'date' },
      { name: 'instant', type: 'date' },
      { name: 'items', type: 'nested' },
      { name: 'local_at', type: 'date' },
      { name: 'profile', type: 'object' },
      { name: 'tags', type: 'keyword' },
    ]);
    const [[full, sparse]] = await readAll(elasticsearchSource.read(config, query, { batchSize: 10 }, pluginContext()));
    expect(full).toEqual({
      big: '9007199254740993',
      code: '42',
      day: '2024-02-29',
      local_at: '2024-02-29T23:59:58.123',
      instant: new Date('2024-02-29T23:59:58.123Z'),
      epoch: new Date(1709251198123),
      tags: ['a', 'b c', 'é'],
      profile: { plan: 'pro', seats: 3 },
      items: [{ sku: 'x' }, { sku: 'y' }],
    });
    expect(sparse).toEqual({
      big: null,
      code: null,
      day: null,
      local_at: null,
      instant: null,
      epoch: null,
      tags: 'solo',
      profile: null,
      items: null,
    });
    expect(fake.openPits()).toBe(0);
  });

  test('SQL values by ES SQL column type: long as string, datetime as Date, objects flattened into leaf columns', async () => {
    const [[row, sparse]] = await readAll(elasticsearchSource.read(config, sql('SELECT * FROM customers'), { batchSize: 10 }, pluginContext()));
    expect(row).toEqual({
      active: true,
      'address.city': 'Lyon',
      'address.zip': '69001',
      big: '9007199254740993',
      bio: 'Hello "there"',
      email: 'a@example.com',
      ip: '10.0.0.1',
      n: 7,
      ratio: 0.25,
      signed_up: new Date('2024-03-01T10:20:30.123Z'),
      ulong: '18446744073709551615',
    });
    expect(sparse).toMatchObject({ big: null, email: 'b@example.com', active: false, signed_up: null, 'address.city': null });
  });

  test('an index is paged with a point in time and search_after, closed at the end, on early exit and on abort', async () => {
    fake.requests.length = 0;
    const many = { kind: 'table' as const, table: { schema: null, name: 'many' } };
    const batches = await readAll(elasticsearchSource.read({ ...config, pageTimeoutSeconds: 90 }, many, { batchSize: 10 }, pluginContext()));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const searches = fake.requests.filter((r) => r.path === '/_search').map((r) => r.body);
    expect(searches[0]).toMatchObject({ size: 10, pit: { keep_alive: '90s' }, sort: [{ _shard_doc: 'asc' }] });
    expect(searches.map((b) => b?.search_after)).toEqual([undefined, [9], [19]]);
    expect(fake.requests.some((r) => r.path === '/many/_pit')).toBe(true);
    expect(fake.openPits()).toBe(0);
    for await (const batch of elasticsearchSource.read(config, many, { batchSize: 10 }, pluginContext())) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(fake.openPits()).toBe(0);
    const controller = new AbortController();
    const iterator = elasticsearchSource.read(config, many, { batchSize: 5 }, pluginContext({ signal: controller.signal }))[Symbol.asyncIterator]();
    await iterator.next();
    expect(fake.openPits()).toBe(1);
    controller.abort(new Error('run cancelled'));
    await expect(iterator.next()).rejects.toThrow('run cancelled');
    expect(fake.openPits()).toBe(0);
  });

  test('a point in time that expired while the destination was slow fails the run, saying to raise pageTimeoutSeconds', async () => {
    const iterator = elasticsearchSource
      .read({ ...config, pageTimeoutSeconds: 1 }, { kind: 'table', table: { schema: null, name: 'many' } }, { batchSize: 10 }, pluginContext())
      [Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(/expired between two pages.*pageTimeoutSeconds \(1\) for the destination\. Raise pageTimeoutSeconds/);
  });

  test('pages follow the cursor with fetch_size = batchSize and the page timeout; the last page leaves no cursor', async () => {
    fake.requests.length = 0;
    const batches = await readAll(
      elasticsearchSource.read({ ...config, pageTimeoutSeconds: 120 }, sql('SELECT id FROM many'), { batchSize: 10 }, pluginContext()),
    );
    expect(batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat().map((r) => r.id)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(fake.requests[0].body).toMatchObject({
      query: 'SELECT id FROM many',
      fetch_size: 10,
      page_timeout: '120s',
      field_multi_value_leniency: false,
    });
    expect(fake.requests.slice(1).map((r) => Object.keys(r.body ?? {}))).toEqual([['cursor'], ['cursor']]);
    expect(fake.openCursors()).toBe(0);
  });

  test('leaving early and aborting close the cursor', async () => {
    for await (const batch of elasticsearchSource.read(config, sql('SELECT id FROM many'), { batchSize: 10 }, pluginContext())) {
      expect(batch).toHaveLength(10);
      break;
    }
    expect(fake.openCursors()).toBe(0);
    const controller = new AbortController();
    const iterator = elasticsearchSource
      .read(config, sql('SELECT id FROM many'), { batchSize: 5 }, pluginContext({ signal: controller.signal }))
      [Symbol.asyncIterator]();
    await iterator.next();
    expect(fake.openCursors()).toBe(1);
    controller.abort(new Error('run cancelled'));
    await expect(iterator.next()).rejects.toThrow('run cancelled');
    expect(fake.openCursors()).toBe(0);
    expect(fake.cursorsClosedByClient()).toBe(2);
  });

  test('a cursor that expired while the destination was slow fails the run, saying to raise pageTimeoutSeconds', async () => {
    const iterator = elasticsearchSource
      .read({ ...config, pageTimeoutSeconds: 1 }, sql('SELECT id FROM many'), { batchSize: 10 }, pluginContext())
      [Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const error = await iterator.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(
      /cursor expired between two pages \(No search context found for id .*\).*pageTimeoutSeconds \(1\) for the destination\. Raise pageTimeoutSeconds/,
    );
  });

  test('arrays: refused by ES SQL with a message naming the fix, or the first value with multiValueLeniency', async () => {
    const error = await readAll(elasticsearchSource.read(config, sql('SELECT email, tags FROM tagged'), { batchSize: 10 }, pluginContext())).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toBe(
      'Arrays (returned by [tags]) are not supported: Elasticsearch SQL cannot return arrays. Leave the field out of the SELECT, or turn multiValueLeniency on to take the first value of each array',
    );
    expect(
      await readAll(
        elasticsearchSource.read({ ...config, multiValueLeniency: true }, sql('SELECT email, tags FROM tagged'), { batchSize: 10 }, pluginContext()),
      ),
    ).toEqual([[{ email: 'a@example.com', tags: 'vip' }]]);
  });

  test.each([
    ['SELECT * FROM nope', /^line 1:15: Unknown index \[nope\]\. Fix: check the index name/],
    ['SELECT * FORM customers', /^line 1:10: mismatched input 'FORM' expecting .*Fix: fix the SQL/],
    ['SELECT missing FROM customers', /^line 1:8: Unknown column \[missing\]/],
  ])('%s is BAD_USER_INPUT with Elasticsearch’s message', async (text, message) => {
    const error = await readAll(elasticsearchSource.read(config, sql(text), { batchSize: 10 }, pluginContext())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(message);
  });
});
