import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'undici';
import { startFakeElasticsearch, type FakeElasticsearch } from './index';

/** The fake's own protocol, over HTTP as any client sees it. */
describe('fake Elasticsearch SQL API', () => {
  let fake: FakeElasticsearch;
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, auth: string | null = `ApiKey ${fake.apiKey.encoded}`) => {
    const reply = await request(`${fake.url}${path}`, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: reply.statusCode, headers: reply.headers, text: await reply.body.text() };
  };
  const json = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, auth?: string | null) => {
    const reply = await call(method, path, body, auth);
    return { status: reply.status, body: JSON.parse(reply.text) };
  };

  beforeAll(async () => {
    fake = await startFakeElasticsearch();
    fake.addIndex({
      name: 'library',
      aliases: ['books'],
      mappings: { name: { type: 'text' }, page_count: { type: 'short' }, release_date: { type: 'date' }, views: { type: 'long' } },
      docs: [
        { name: 'Dune', page_count: 604, release_date: '1965-06-01', views: 12345678901234567890n },
        { name: 'Hyperion', page_count: 482, release_date: '1989-05-26T00:00:00Z', views: 1 },
        { name: 'Snow Crash', page_count: 470, release_date: '1992-06-01', views: 2 },
      ],
    });
    fake.addIndex({ name: '.internal', system: true, mappings: { x: { type: 'keyword' } }, docs: [] });
    fake.addIndex({ name: 'old', hidden: true, mappings: { x: { type: 'keyword' } }, docs: [] });
  });
  afterAll(() => fake.close());

  test('security: no credentials, a wrong API key and a wrong password get 401 security_exception with WWW-Authenticate', async () => {
    const none = await call('POST', '/_sql?format=json', { query: 'SELECT 1' }, null);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/ApiKey/);
    expect(JSON.parse(none.text)).toMatchObject({
      error: { type: 'security_exception', reason: 'missing authentication credentials for REST request [/_sql]' },
      status: 401,
    });
    const wrongKey = await json(
      'POST',
      '/_sql?format=json',
      { query: 'SELECT 1' },
      `ApiKey ${Buffer.from(`${fake.apiKey.id}:nope`).toString('base64')}`,
    );
    expect(wrongKey).toMatchObject({
      status: 401,
      body: {
        error: { root_cause: [{ type: 'security_exception' }], reason: expect.stringMatching(/unable to authenticate with provided credentials/) },
      },
    });
    const wrongPassword = await json(
      'POST',
      '/_sql?format=json',
      { query: 'SELECT 1' },
      `Basic ${Buffer.from(`${fake.user.username}:nope`).toString('base64')}`,
    );
    expect(wrongPassword.status).toBe(401);
    const good = await json('GET', '/', undefined, `Basic ${Buffer.from(`${fake.user.username}:${fake.user.password}`).toString('base64')}`);
    expect(good.body).toMatchObject({ tagline: 'You Know, for Search' });
  });

  test('the documented response: columns on the first page only, rows, a cursor until the last page; big longs as plain numbers', async () => {
    const first = await call('POST', '/_sql?format=json', {
      query: 'SELECT name, page_count, release_date, views FROM library ORDER BY page_count DESC',
      fetch_size: 2,
    });
    expect(first.text).toContain('12345678901234567890');
    const page1 = JSON.parse(first.text);
    expect(page1.columns).toEqual([
      { name: 'name', type: 'text' },
      { name: 'page_count', type: 'short' },
      { name: 'release_date', type: 'datetime' },
      { name: 'views', type: 'long' },
    ]);
    expect(page1.rows.map((r: unknown[]) => r.slice(0, 3))).toEqual([
      ['Dune', 604, '1965-06-01T00:00:00.000Z'],
      ['Hyperion', 482, '1989-05-26T00:00:00.000Z'],
    ]);
    expect(typeof page1.cursor).toBe('string');
    expect(fake.openCursors()).toBe(1);
    const page2 = await json('POST', '/_sql?format=json', { cursor: page1.cursor });
    expect(page2.body).toEqual({ rows: [['Snow Crash', 470, '1992-06-01T00:00:00.000Z', 2]] });
    expect(fake.openCursors()).toBe(0);
    expect((await json('POST', '/_sql?format=json', { cursor: page1.cursor })).body.error.root_cause[0].type).toBe(
      'search_context_missing_exception',
    );
  });

  test('close frees a cursor; page_timeout expires one', async () => {
    const { body } = await json('POST', '/_sql?format=json', { query: 'SELECT * FROM books', fetch_size: 1, page_timeout: '300ms' });
    expect(await json('POST', '/_sql/close', { cursor: body.cursor })).toEqual({ status: 200, body: { succeeded: true } });
    expect(fake.openCursors()).toBe(0);
    const again = await json('POST', '/_sql?format=json', { query: 'SELECT * FROM books', fetch_size: 1, page_timeout: '300ms' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const gone = await json('POST', '/_sql?format=json', { cursor: again.body.cursor });
    expect(gone).toMatchObject({
      status: 404,
      body: {
        error: {
          type: 'search_phase_execution_exception',
          root_cause: [{ type: 'search_context_missing_exception', reason: expect.stringMatching(/^No search context found for id \[/) }],
        },
        status: 404,
      },
    });
  });

  test('errors: parsing_exception, verification_exception for an unknown index or column, strict request fields', async () => {
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT * FORM library' })).body).toMatchObject({
      error: { type: 'parsing_exception', reason: "line 1:10: mismatched input 'FORM' expecting end of input" },
      status: 400,
    });
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT * FROM nope' })).body).toMatchObject({
      error: { type: 'verification_exception', reason: 'Found 1 problem\nline 1:15: Unknown index [nope]' },
      status: 400,
    });
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT pages FROM library' })).body.error.reason).toBe(
      'Found 1 problem\nline 1:8: Unknown column [pages]',
    );
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT 1', fetchSize: 5 })).body.error).toMatchObject({
      type: 'x_content_parse_exception',
      reason: '[1:2] [sql/query] unknown field [fetchSize]',
    });
  });

  test('arrays are refused unless field_multi_value_leniency', async () => {
    fake.addIndex({ name: 'tags', mappings: { tag: { type: 'keyword' } }, docs: [{ tag: ['a', 'b'] }] });
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT tag FROM tags' })).body.error.reason).toBe(
      'Arrays (returned by [tag]) are not supported',
    );
    expect((await json('POST', '/_sql?format=json', { query: 'SELECT tag FROM tags', field_multi_value_leniency: true })).body.rows).toEqual([['a']]);
  });

  test('_resolve/index leaves hidden and system indices out unless expand_wildcards asks for them', async () => {
    const open = await json('GET', '/_resolve/index/*?expand_wildcards=open');
    expect(open.body.indices.map((i: { name: string }) => i.name)).toEqual(['library', 'tags']);
    expect(open.body.aliases).toEqual([{ name: 'books', indices: ['library'] }]);
    const all = await json('GET', '/_resolve/index/*?expand_wildcards=all');
    expect(all.body.indices).toContainEqual({ name: '.internal', attributes: ['open', 'hidden', 'system'] });
  });

  test('point in time: open, search_after over _shard_doc, keep_alive extended by each search, close; _mapping', async () => {
    expect((await json('GET', '/books/_mapping')).body).toEqual({
      library: { mappings: { properties: expect.objectContaining({ views: { type: 'long' } }) } },
    });
    expect((await json('GET', '/nope/_mapping')).body.error.type).toBe('index_not_found_exception');
    const { body: opened } = await json('POST', '/library/_pit?keep_alive=1s');
    expect(fake.openPits()).toBe(1);
    const first = await call('POST', '/_search', { size: 2, pit: { id: opened.id, keep_alive: '300ms' }, sort: [{ _shard_doc: 'asc' }] });
    expect(first.text).toContain('"views":12345678901234567890');
    const page1 = JSON.parse(first.text);
    expect(page1.hits.hits.map((h: { _source: { name: string }; sort: number[] }) => [h._source.name, h.sort])).toEqual([
      ['Dune', [0]],
      ['Hyperion', [1]],
    ]);
    const page2 = await json('POST', '/_search', {
      size: 2,
      pit: { id: page1.pit_id, keep_alive: '300ms' },
      sort: [{ _shard_doc: 'asc' }],
      search_after: [1],
    });
    expect(page2.body.hits.hits.map((h: { _source: { name: string } }) => h._source.name)).toEqual(['Snow Crash']);
    expect(await json('DELETE', '/_pit', { id: opened.id })).toEqual({ status: 200, body: { succeeded: true, num_freed: 1 } });
    expect(fake.openPits()).toBe(0);
    const { body: again } = await json('POST', '/library/_pit?keep_alive=200ms');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const gone = await json('POST', '/_search', { size: 2, pit: { id: again.id }, sort: [{ _shard_doc: 'asc' }] });
    expect(gone).toMatchObject({ status: 404, body: { error: { root_cause: [{ type: 'search_context_missing_exception' }] } } });
  });
});
