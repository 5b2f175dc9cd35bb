import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request } from 'undici';
import { startFakeDatabricks, type FakeDatabricks } from './index';

/** The fake's own protocol, checked over HTTP the way any client sees it. */
describe('fake Databricks SQL Statement Execution API', () => {
  let fake: FakeDatabricks;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = fake.token) => {
    const reply = await request(`${fake.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await reply.body.text();
    return { status: reply.statusCode, body: text.startsWith('<') ? text : JSON.parse(text) };
  };
  const execute = (statement: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/api/2.0/sql/statements', {
      warehouse_id: fake.warehouseId,
      statement,
      disposition: 'EXTERNAL_LINKS',
      format: 'JSON_ARRAY',
      wait_timeout: '5s',
      ...extra,
    });

  beforeAll(async () => {
    fake = await startFakeDatabricks({ chunkRows: 2, linkTtlMs: 500 });
    fake.addTable({
      name: 't',
      columns: [
        { name: 'id', type: 'BIGINT' },
        { name: 'amount', type: 'DECIMAL(10,2)' },
      ],
      rows: [
        [1, '1.50'],
        [2, '2.00'],
        [3, null],
      ],
    });
  });
  afterAll(() => fake.close());

  test('no token → 401, a wrong token → 403 Invalid access token.', async () => {
    expect(await call('GET', '/api/2.0/sql/statements/x', undefined, null)).toEqual({
      status: 401,
      body: { error_code: 401, message: expect.stringMatching(/Credential was not sent/) },
    });
    expect(await call('GET', '/api/2.0/sql/statements/x', undefined, 'dapi-nope')).toEqual({
      status: 403,
      body: { error_code: 403, message: 'Invalid access token.' },
    });
  });

  test('request validation: wait_timeout 0s or 5s–50s, a known warehouse, a statement', async () => {
    expect((await execute('SELECT 1', { wait_timeout: '3s' })).body).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: expect.stringMatching(/between 5 seconds and 50 seconds/),
    });
    expect((await execute('SELECT 1', { wait_timeout: '51s' })).status).toBe(400);
    expect((await execute('SELECT 1', { warehouse_id: 'other' })).status).toBe(404);
    expect((await execute('')).status).toBe(400);
  });

  test('a SUCCEEDED statement: manifest with types and chunks, the first chunk as a presigned link', async () => {
    const { status, body } = await execute('SELECT * FROM t');
    expect(status).toBe(200);
    expect(body.status).toEqual({ state: 'SUCCEEDED' });
    expect(body.manifest).toMatchObject({
      format: 'JSON_ARRAY',
      schema: {
        column_count: 2,
        columns: [
          { name: 'id', type_name: 'LONG', type_text: 'BIGINT', position: 0 },
          { name: 'amount', type_name: 'DECIMAL', type_text: 'DECIMAL(10,2)', type_precision: 10, type_scale: 2, position: 1 },
        ],
      },
      total_chunk_count: 2,
      total_row_count: 3,
      chunks: [
        { chunk_index: 0, row_offset: 0, row_count: 2 },
        { chunk_index: 1, row_offset: 2, row_count: 1 },
      ],
    });
    const [link] = body.result.external_links;
    expect(link).toMatchObject({
      chunk_index: 0,
      row_offset: 0,
      row_count: 2,
      next_chunk_index: 1,
      next_chunk_internal_link: `/api/2.0/sql/statements/${body.statement_id}/result/chunks/1`,
    });
    expect(Date.parse(link.expiration)).toBeGreaterThan(Date.now());
    const download = await request(link.external_link);
    expect(JSON.parse(await download.body.text())).toEqual([
      ['1', '1.50'],
      ['2', '2.00'],
    ]);
    const next = await call('GET', `/api/2.0/sql/statements/${body.statement_id}/result/chunks/1`);
    expect(next.body.external_links[0]).toMatchObject({ chunk_index: 1, row_offset: 2, row_count: 1 });
    expect(next.body.external_links[0].next_chunk_index).toBeUndefined();
    const last = await request(next.body.external_links[0].external_link);
    expect(JSON.parse(await last.body.text())).toEqual([['3', null]]);
    expect((await call('GET', `/api/2.0/sql/statements/${body.statement_id}/result/chunks/2`)).status).toBe(400);
  });

  test('presigned links refuse an Authorization header, a forged signature and expire', async () => {
    const { body } = await execute('SELECT * FROM t');
    const url: string = body.result.external_links[0].external_link;
    const withToken = await request(url, { headers: { authorization: `Bearer ${fake.token}` } });
    expect(withToken.statusCode).toBe(400);
    expect(await withToken.body.text()).toMatch(/<Code>InvalidArgument<\/Code>.*Only one auth mechanism allowed/s);
    const forged = await request(url.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000'));
    expect(forged.statusCode).toBe(403);
    await forged.body.dump();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const late = await request(url);
    expect(late.statusCode).toBe(403);
    expect(await late.body.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired/);
  });

  test('async: wait_timeout 0s answers PENDING/RUNNING at once; GET polls; cancel ends it CANCELED', async () => {
    const { body } = await execute('SELECT * FROM fake_sleep(5)', { wait_timeout: '0s' });
    expect(['PENDING', 'RUNNING']).toContain(body.status.state);
    expect(fake.runningStatements()).toBe(1);
    expect((await call('GET', `/api/2.0/sql/statements/${body.statement_id}`)).body.status.state).toBe('RUNNING');
    expect(await call('POST', `/api/2.0/sql/statements/${body.statement_id}/cancel`)).toEqual({ status: 200, body: {} });
    expect((await call('GET', `/api/2.0/sql/statements/${body.statement_id}`)).body.status).toMatchObject({ state: 'CANCELED' });
    expect(fake.runningStatements()).toBe(0);
  });

  test('on_wait_timeout CANCEL cancels a statement still running when the wait ends', async () => {
    const { body } = await execute('SELECT * FROM fake_sleep(10)', { on_wait_timeout: 'CANCEL' });
    expect(body.status.state).toBe('CANCELED');
  }, 10_000);

  test('statement errors: FAILED with the error class, HTTP 200', async () => {
    const parse = await execute('SELECT * FORM t');
    expect(parse).toEqual({
      status: 200,
      body: {
        statement_id: expect.any(String),
        status: {
          state: 'FAILED',
          error: {
            error_code: 'BAD_REQUEST',
            message: "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FORM'. SQLSTATE: 42601 (line 1, pos 9)",
            sql_state: '42601',
          },
        },
      },
    });
    expect((await execute('SELECT * FROM nope')).body.status.error.message).toMatch(
      /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `nope` cannot be found/,
    );
    expect((await execute("SELECT raise_error('x')")).body.status.error.message).toBe('[USER_RAISED_EXCEPTION] x SQLSTATE: P0001');
    expect((await execute('SELECT * FROM t WHERE id = :id')).body.status.error.message).toMatch(/UNBOUND_SQL_PARAMETER/);
  });

  test('DESCRIBE QUERY, INLINE, parameters, range() and information_schema', async () => {
    const described = await execute("DESCRIBE QUERY SELECT id, raise_error('x') AS e FROM t", { disposition: 'INLINE' });
    expect(described.body.result.data_array).toEqual([
      ['id', 'bigint', null],
      ['e', 'void', null],
    ]);
    const filtered = await execute('SELECT amount FROM t WHERE id = :id', {
      disposition: 'INLINE',
      parameters: [{ name: 'id', value: '2', type: 'INT' }],
    });
    expect(filtered.body.result.data_array).toEqual([['2.00']]);
    const generated = await execute('SELECT * FROM range(5)', { disposition: 'INLINE' });
    expect(generated.body.manifest.total_row_count).toBe(5);
    expect(generated.body.result).toMatchObject({ chunk_index: 0, data_array: [['0'], ['1']], next_chunk_index: 1 });
    const tables = await execute("SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema <> 'information_schema'", {
      disposition: 'INLINE',
    });
    expect(tables.body.result.data_array).toEqual([['default', 't']]);
  });
});
