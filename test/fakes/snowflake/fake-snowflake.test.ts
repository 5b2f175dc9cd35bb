import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { rsaKeyPair, startFakeSnowflake, type FakeSnowflake } from './index';
import { call, keyPairJwt, type RawReply } from './test-client';
import { toWire } from './wire';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fake Snowflake SQL API', () => {
  let fake: FakeSnowflake;
  let token: string;
  const context = { warehouse: 'COMPUTE_WH', database: 'ANALYTICS', schema: 'PUBLIC', role: 'FERRY_READER' };
  const submit = (statement: string, query = '', extra: Record<string, unknown> = {}, auth = token): Promise<RawReply> =>
    call(fake.url, 'POST', `/api/v2/statements${query}`, { token: auth, body: { statement, timeout: 60, ...context, ...extra } });
  const status = (handle: string, query = '', headers: Record<string, string> = {}) =>
    call(fake.url, 'GET', `/api/v2/statements/${handle}${query}`, { token, headers });

  beforeAll(async () => {
    fake = await startFakeSnowflake({ syncWindowMs: 150, firstPartitionRows: 10, partitionRows: 7 });
    token = keyPairJwt(fake.account, 'ferry', fake.privateKey);
    fake.state.addTable(
      'ANALYTICS',
      'PUBLIC',
      'PEOPLE',
      [
        { name: 'ID', type: 'NUMBER(38,0)' },
        { name: 'EMAIL', type: 'TEXT' },
      ],
      [
        [1, 'a@example.com'],
        [2, null],
      ],
    );
    // The reader may SELECT every table of PUBLIC; in PRIVATE it holds only USAGE, and INSERT on one table.
    fake.state.addTable('ANALYTICS', 'PRIVATE', 'SECRET', [{ name: 'X', type: 'TEXT' }], [['hidden']]);
    fake.state.addTable('ANALYTICS', 'PRIVATE', 'INSERT_ONLY', [{ name: 'X', type: 'TEXT' }], [['x']]);
    fake.state.grant('FERRY_READER', 'USAGE', 'SCHEMA', 'ANALYTICS.PRIVATE');
    fake.state.grant('FERRY_READER', 'INSERT', 'TABLE', 'ANALYTICS.PRIVATE.INSERT_ONLY');
  });
  afterAll(() => fake.close());

  describe('key-pair authentication', () => {
    test('a JWT signed with the registered key runs the statement: 200 with a jsonv2 ResultSet', async () => {
      const reply = await submit('SELECT ID, EMAIL FROM PEOPLE');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({
        code: '090001',
        sqlState: '00000',
        message: 'Statement executed successfully.',
        data: [
          ['1', 'a@example.com'],
          ['2', null],
        ],
      });
      expect(reply.body.resultSetMetaData).toMatchObject({ numRows: 2, format: 'jsonv2', partitionInfo: [{ rowCount: 2 }] });
      expect(reply.body.resultSetMetaData.rowType.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
        ['ID', 'fixed'],
        ['EMAIL', 'text'],
      ]);
      expect(reply.body.statementStatusUrl).toBe(`/api/v2/statements/${reply.body.statementHandle}?requestId=${reply.body.requestId}`);
    });

    test('a JWT signed with another key is refused as Snowflake refuses it: 401, code 390144', async () => {
      const other = rsaKeyPair();
      // Claims the registered key's fingerprint, but the signature is the other key's.
      const forged = keyPairJwt(fake.account, 'ferry', fake.privateKey, {}, other.privateKey);
      const reply = await submit('SELECT 1', '', {}, forged);
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('390144');
      expect(reply.body.message).toMatch(/^JWT token is invalid\. \[[0-9a-f-]{36}\]$/);
      const ownFingerprint = keyPairJwt(fake.account, 'ferry', other.privateKey);
      expect((await submit('SELECT 1', '', {}, ownFingerprint)).body.code).toBe('390144');
    });

    test('wrong account or user, an expired token, or a lifetime over one hour: all 390144', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const bad of [
        keyPairJwt('OTHERACCOUNT', 'ferry', fake.privateKey),
        keyPairJwt(fake.account, 'nobody', fake.privateKey),
        keyPairJwt(fake.account, 'ferry', fake.privateKey, { iat: now - 120, exp: now - 60 }),
        keyPairJwt(fake.account, 'ferry', fake.privateKey, { iat: now, exp: now + 3601 }),
      ]) {
        const reply = await submit('SELECT 1', '', {}, bad);
        expect([reply.status, reply.body.code]).toEqual([401, '390144']);
      }
    });

    test('no Authorization header, or a JWT sent without X-Snowflake-Authorization-Token-Type: KEYPAIR_JWT, is refused', async () => {
      const none = await call(fake.url, 'POST', '/api/v2/statements', { body: { statement: 'SELECT 1' } });
      expect([none.status, none.body.code]).toEqual([401, '390101']);
      const asOauth = await call(fake.url, 'POST', '/api/v2/statements', {
        body: { statement: 'SELECT 1' },
        headers: { authorization: `Bearer ${token}` },
      });
      expect([asOauth.status, asOauth.body.code]).toEqual([401, '390303']);
    });

    test('a second registered key (RSA_PUBLIC_KEY_2, for rotation) works too', async () => {
      const next = rsaKeyPair();
      fake.state.addUser('ferry', next.publicKey);
      expect((await submit('SELECT 1', '', {}, keyPairJwt(fake.account, 'ferry', next.privateKey))).status).toBe(200);
      expect((await submit('SELECT 1')).status).toBe(200);
    });
  });

  describe('asynchronous execution', () => {
    test('a statement slower than the sync window answers 202 with its handle, then GET polls it to 200', async () => {
      const started = Date.now();
      const first = await submit('SELECT SYSTEM$WAIT(1) AS W');
      expect(Date.now() - started).toBeLessThan(900);
      expect(first.status).toBe(202);
      expect(first.body).toMatchObject({ code: '333334', statementHandle: expect.any(String) });
      expect(fake.runningStatements()).toBe(1);
      const polled = await status(first.body.statementHandle);
      expect(polled.status).toBe(202);
      await sleep(1000);
      const done = await status(first.body.statementHandle);
      expect(done.status).toBe(200);
      expect(done.body.data).toEqual([['waited 1 seconds']]);
      expect(fake.runningStatements()).toBe(0);
    });

    test('async=true answers 202 at once even for a quick statement', async () => {
      const reply = await submit('SELECT 1 AS ONE', '?async=true');
      expect(reply.status).toBe(202);
      expect((await status(reply.body.statementHandle)).body.data).toEqual([['1']]);
    });

    test('a resubmitted requestId with retry=true reports the first execution instead of running it again', async () => {
      const requestId = '4c0f5d2e-1111-4a6b-9c3d-123456789abc';
      const first = await submit('SELECT 1 AS ONE', `?requestId=${requestId}`);
      const before = fake.server.statements.byHandle.size;
      const again = await submit('SELECT 1 AS ONE', `?requestId=${requestId}&retry=true`);
      expect(again.body.statementHandle).toBe(first.body.statementHandle);
      expect(fake.server.statements.byHandle.size).toBe(before);
    });
  });

  describe('partitions', () => {
    test('a result is split into partitions: partition 0 inline with the metadata, the others by GET ?partition=N (data only)', async () => {
      const reply = await submit('SELECT SEQ8() AS N FROM TABLE(GENERATOR(ROWCOUNT => 25))');
      expect(reply.body.resultSetMetaData.partitionInfo.map((p: { rowCount: number }) => p.rowCount)).toEqual([10, 7, 7, 1]);
      expect(reply.body.data).toHaveLength(10);
      const second = await status(reply.body.statementHandle, '?partition=2', { 'accept-encoding': 'gzip' });
      expect(second.headers['content-encoding']).toBe('gzip');
      expect(second.body).toEqual({ data: ['17', '18', '19', '20', '21', '22', '23'].map((n) => [n]) });
      const plain = await status(reply.body.statementHandle, '?partition=3');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body).toEqual({ data: [['24']] });
      expect((await status(reply.body.statementHandle, '?partition=4')).status).toBe(422);
    });
  });

  describe('cancellation and timeout', () => {
    test('POST …/cancel stops a running statement: 200 (code 391908), then its status is 422 000604', async () => {
      const running = await submit('SELECT SYSTEM$WAIT(30) AS W', '?async=true');
      expect(fake.runningStatements()).toBe(1);
      const cancel = await call(fake.url, 'POST', `/api/v2/statements/${running.body.statementHandle}/cancel`, { token });
      expect(cancel.status).toBe(200);
      expect(cancel.body).toMatchObject({ code: '391908', statementHandle: running.body.statementHandle });
      const after = await status(running.body.statementHandle);
      expect([after.status, after.body.code, after.body.sqlState, after.body.message]).toEqual([422, '000604', '57014', 'SQL execution canceled']);
      expect(fake.runningStatements()).toBe(0);
    });

    test('a statement longer than its timeout is cancelled: 408 with code 000630', async () => {
      const started = Date.now();
      let reply = await submit('SELECT SYSTEM$WAIT(5) AS W', '', { timeout: 1 });
      while (reply.status === 202) {
        await sleep(100);
        reply = await status(reply.body.statementHandle);
      }
      expect(Date.now() - started).toBeLessThan(2500);
      expect(reply.status).toBe(408);
      expect(reply.body).toMatchObject({
        code: '000630',
        sqlState: '57014',
        message: 'Statement reached its statement or warehouse timeout of 1 second(s) and was canceled.',
      });
    });
  });

  describe('errors, with the codes and wording Snowflake uses', () => {
    const failure = async (statement: string, extra: Record<string, unknown> = {}) => {
      const reply = await submit(statement, '', extra);
      expect(reply.status).toBe(422);
      expect(reply.body.statementHandle ?? 'none').toEqual(expect.any(String));
      return [reply.body.code, reply.body.sqlState, reply.body.message];
    };

    test('syntax error, unknown object, invalid identifier, unknown function', async () => {
      expect(await failure('SELEC 1')).toEqual(['001003', '42000', "SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'SELEC'."]);
      expect(await failure('SELECT *\nFROM PEOPLE WHERE')).toEqual([
        '001003',
        '42000',
        "SQL compilation error:\nsyntax error line 2 at position 17 unexpected '<EOF>'.",
      ]);
      expect(await failure('SELECT * FROM NOPE')).toEqual([
        '002003',
        '42S02',
        "SQL compilation error:\nObject 'ANALYTICS.PUBLIC.NOPE' does not exist or not authorized.",
      ]);
      expect(await failure('SELECT NAME FROM PEOPLE')).toEqual([
        '000904',
        '42000',
        "SQL compilation error: error line 1 at position 7\ninvalid identifier 'NAME'",
      ]);
      expect(await failure('SELECT FOO(1)')).toEqual(['002140', '42601', 'SQL compilation error:\nUnknown function FOO']);
    });

    test('privileges: no privilege at all reads as "does not exist or not authorized"; some but not SELECT is 003001', async () => {
      expect((await failure('SELECT * FROM PRIVATE.SECRET'))[0]).toBe('002003');
      expect(await failure('SELECT * FROM PRIVATE.INSERT_ONLY')).toEqual([
        '003001',
        '42501',
        "SQL access control error:\nInsufficient privileges to operate on table 'INSERT_ONLY'",
      ]);
    });

    test('several statements where one is expected: 000008', async () => {
      expect(await failure('SELECT 1; SELECT 2')).toEqual([
        '000008',
        '0A000',
        'Actual statement count 2 did not match the desired statement count 1.',
      ]);
    });

    test('no usable warehouse (unknown, not granted, or suspended without auto-resume): 000606; a suspended one with auto-resume resumes', async () => {
      expect((await failure('SELECT * FROM PEOPLE', { warehouse: 'NOPE_WH' }))[0]).toBe('000606');
      fake.state.addWarehouse('PAUSED_WH', { suspended: true, autoResume: false });
      fake.state.grant('FERRY_READER', 'USAGE', 'WAREHOUSE', 'PAUSED_WH');
      expect(await failure('SELECT * FROM PEOPLE', { warehouse: 'PAUSED_WH' })).toEqual([
        '000606',
        '57P03',
        "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.\n",
      ]);
      const sleepy = fake.state.addWarehouse('SLEEPY_WH', { suspended: true, autoResume: true });
      fake.state.grant('FERRY_READER', 'USAGE', 'WAREHOUSE', 'SLEEPY_WH');
      expect((await submit('SELECT * FROM PEOPLE', '', { warehouse: 'SLEEPY_WH' })).status).toBe(200);
      expect(sleepy.suspended).toBe(false);
    });

    test('an unknown database leaves the session without one: CURRENT_DATABASE() is NULL and unqualified names fail; a role not granted is 390189', async () => {
      const context = await submit('SELECT CURRENT_DATABASE() AS D, CURRENT_WAREHOUSE() AS W', '', { database: 'NOPE' });
      expect(context.body.data).toEqual([[null, 'COMPUTE_WH']]);
      expect((await failure('SELECT * FROM PEOPLE', { database: 'NOPE' }))[0]).toBe('090105');
      const role = await submit('SELECT 1', '', { role: 'SYSADMIN' });
      expect([role.status, role.body.code]).toEqual([422, '390189']);
    });

    test('a value that cannot be read fails the statement when it runs, never when it is only described (LIMIT 0)', async () => {
      fake.state.addTable('ANALYTICS', 'PUBLIC', 'POISON', [{ name: 'N', type: 'NUMBER(38,0)' }], [[1]], {
        failsOnRead: "Numeric value 'abc' is not recognized",
      });
      expect(await failure('SELECT * FROM POISON')).toEqual(['100038', '22018', "Numeric value 'abc' is not recognized"]);
      const described = await submit('SELECT * FROM (\nSELECT * FROM POISON\n) LIMIT 0');
      expect(described.status).toBe(200);
      expect(described.body.data).toEqual([]);
      expect(described.body.resultSetMetaData.rowType[0]).toMatchObject({ name: 'N', type: 'fixed', precision: 38, scale: 0 });
    });
  });

  test('INFORMATION_SCHEMA.TABLES lists the tables the role can see, filtered with a bind variable', async () => {
    const list = 'SELECT TABLE_SCHEMA, TABLE_NAME FROM "ANALYTICS".INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA <> \'INFORMATION_SCHEMA\'';
    const all = await submit(`${list} ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT 100`);
    expect(all.body.data).toContainEqual(['PRIVATE', 'INSERT_ONLY']);
    expect(all.body.data).toContainEqual(['PUBLIC', 'PEOPLE']);
    expect(all.body.data).not.toContainEqual(['PRIVATE', 'SECRET']);
    const found = await submit(
      `${list} AND CONTAINS(LOWER(TABLE_SCHEMA || '.' || TABLE_NAME), LOWER(?)) ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT 10`,
      '',
      {
        bindings: { '1': { type: 'TEXT', value: 'public.PEO' } },
      },
    );
    expect(found.body.data).toEqual([['PUBLIC', 'PEOPLE']]);
  });

  test("values are written in the API's string forms", () => {
    expect(toWire('2024-02-29', { type: 'date' })).toBe('19782');
    expect(toWire('1969-12-31', { type: 'date' })).toBe('-1');
    expect(toWire('13:14:15.5', { type: 'time', scale: 9 })).toBe('47655.500000000');
    expect(toWire('1969-12-31T23:59:58.5', { type: 'timestamp_ntz', scale: 9 })).toBe('-1.500000000');
    expect(toWire({ at: new Date('2024-01-02T03:04:05.123Z'), offsetMinutes: -300 }, { type: 'timestamp_tz', scale: 9 })).toBe(
      '1704164645.123000000 1140',
    );
    expect(toWire('12.5', { type: 'fixed', precision: 10, scale: 2 })).toBe('12.50');
    expect(toWire({ a: 1 }, { type: 'variant' })).toBe('{\n  "a": 1\n}');
    expect(toWire(Buffer.from([0xca, 0xfe]), { type: 'binary' })).toBe('CAFE');
  });
});
