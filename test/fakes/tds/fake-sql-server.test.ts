import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { Connection, Request, TYPES, type ConnectionConfiguration } from 'tedious';
import { selfSignedCertificate } from './certificate';
import { unscramblePassword } from './login7';
import { allTypesTable, generatedTable } from './sample-tables';
import { FakeSqlServer } from './server';

// The fake's own tests, against the tedious driver itself (not Ferry's plugin).

const certificate = selfSignedCertificate();
const password = 'C0rrect horse!';
let fake: FakeSqlServer;
const open: Connection[] = [];

function settings(
  overrides: { password?: string; database?: string; encrypt?: boolean; trust?: boolean; port?: number } = {},
): ConnectionConfiguration {
  return {
    server: 'localhost',
    authentication: { type: 'default', options: { userName: 'reader', password: overrides.password ?? password } },
    options: {
      port: overrides.port ?? fake.port,
      database: overrides.database ?? 'shop',
      encrypt: overrides.encrypt ?? false,
      trustServerCertificate: overrides.trust ?? true,
      connectTimeout: 15_000,
      readOnlyIntent: true,
    },
  };
}

function connect(overrides: Parameters<typeof settings>[0] = {}): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const connection = new Connection(settings(overrides));
    connection.on('error', () => undefined);
    open.push(connection);
    connection.connect((error) => (error ? reject(error) : resolve(connection)));
  });
}

function query(connection: Connection, sql: string, onRequest?: (request: Request) => void): Promise<unknown[][]> {
  return new Promise((resolve, reject) => {
    const rows: unknown[][] = [];
    const request = new Request(sql, (error) => (error ? reject(error) : resolve(rows)));
    request.on('row', (columns: Array<{ value: unknown }>) => rows.push(columns.map((column) => column.value)));
    onRequest?.(request);
    connection.execSql(request);
  });
}

beforeAll(async () => {
  fake = await FakeSqlServer.start({
    logins: { reader: password },
    databases: { shop: [allTypesTable(), generatedTable('million', 1_000_000), { ...generatedTable('slow', 1), delayMs: 30_000 }] },
    certificate,
  });
});

afterAll(async () => {
  for (const connection of open) connection.close();
  await fake.stop();
});

describe('LOGIN7', () => {
  test('unscrambles the password as [MS-TDS] 2.2.6.4 describes (nibble swap, then XOR 0xA5)', () => {
    // "a" in UCS-2 is 61 00: swap → 16 00, XOR A5 → B3 A5.
    expect(unscramblePassword(Buffer.from([0xb3, 0xa5]))).toBe('a');
  });

  test('logs in with the right password, into the database asked for, and records ApplicationIntent', async () => {
    const connection = await connect();
    expect(await query(connection, 'SELECT 1')).toEqual([[1]]);
    expect(fake.logins.at(-1)).toMatchObject({ user: 'reader', database: 'shop', readOnlyIntent: true, encrypted: false });
  });

  test('refuses a wrong password with error 18456', async () => {
    const messages: number[] = [];
    const connection = new Connection(settings({ password: 'wrong' }));
    open.push(connection);
    connection.on('errorMessage', (token) => messages.push(token.number));
    const error = await new Promise<Error | undefined>((resolve) => connection.connect(resolve));
    expect(error?.message).toBe("Login failed for user 'reader'.");
    expect(messages).toEqual([18456]);
  });

  test('refuses an unknown database with 4060 then 18456', async () => {
    const messages: Array<{ number: number; message: string }> = [];
    const connection = new Connection(settings({ database: 'nope' }));
    open.push(connection);
    connection.on('errorMessage', (token) => messages.push({ number: token.number, message: token.message }));
    await new Promise((resolve) => connection.connect(resolve));
    expect(messages).toEqual([
      { number: 4060, message: 'Cannot open database "nope" requested by the login. The login failed.' },
      { number: 18456, message: "Login failed for user 'reader'." },
    ]);
  });
});

describe('PRELOGIN encryption', () => {
  test('runs TLS inside PRELOGIN packets when the client asks for it, and keeps the session encrypted', async () => {
    const connection = await connect({ encrypt: true });
    expect(await query(connection, 'SELECT TOP 1 c_int FROM all_types')).toEqual([[-2147483648]]);
    expect(fake.logins.at(-1)?.encrypted).toBe(true);
  });

  test('the client refuses the self-signed certificate unless told to trust it', async () => {
    await expect(connect({ encrypt: true, trust: false })).rejects.toThrow(/self-signed certificate/);
  });

  test('a server that forces encryption answers ENCRYPT_REQ to a client that cannot encrypt', async () => {
    const forced = await FakeSqlServer.start({ logins: { reader: password }, databases: { shop: [] }, certificate, encryption: 'required' });
    try {
      await expect(connect({ port: forced.port, encrypt: false })).rejects.toThrow(/Server requires encryption/);
    } finally {
      await forced.stop();
    }
  });

  test('a server without a certificate answers ENCRYPT_NOT_SUP and the session goes on in clear', async () => {
    const plain = await FakeSqlServer.start({ logins: { reader: password }, databases: { shop: [] }, encryption: 'unsupported' });
    try {
      let secured = false;
      const connection = await new Promise<Connection>((resolve, reject) => {
        const client = new Connection(settings({ port: plain.port, encrypt: true }));
        open.push(client);
        client.on('error', () => undefined);
        client.on('secure', () => (secured = true));
        client.connect((error) => (error ? reject(error) : resolve(client)));
      });
      expect(await query(connection, 'SELECT 1')).toEqual([[1]]);
      expect(secured).toBe(false);
      connection.close();
    } finally {
      await plain.stop();
    }
  });
});

describe('result sets', () => {
  test('every type round-trips through tedious (ROW and, for the all-NULL row, NBCROW)', async () => {
    const connection = await connect();
    const [typical, nulls] = await query(connection, 'SELECT * FROM dbo.all_types');
    expect(typical).toEqual([
      true,
      255,
      -32768,
      -2147483648,
      '-9223372036854775808',
      12345678901234567890123456789012.123456,
      -1234567.89,
      -922337203685477.5808,
      1.5e300,
      3.5,
      'Zoë 😀',
      'x'.repeat(20_000),
      'plain',
      'y'.repeat(9000),
      new Date('0001-01-01T00:00:00Z'),
      new Date('1970-01-01T23:59:59.999Z'),
      new Date('2024-02-29T13:14:15.123Z'),
      new Date('2024-03-01T06:00:00.123Z'),
      '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      Buffer.from([0, 1, 2, 255]),
      Buffer.alloc(10_000, 7),
    ]);
    expect(nulls).toEqual(Array(21).fill(null));
  });

  test('column lists, aliases, TOP and INFORMATION_SCHEMA.TABLES with LIKE', async () => {
    const connection = await connect();
    expect(await query(connection, 'SELECT TOP (2) [email] AS e, id FROM [dbo].[million]')).toEqual([
      ['user1@example.com', 1],
      ['user2@example.com', 2],
    ]);
    expect(
      await query(
        connection,
        "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA + N'.' + TABLE_NAME LIKE N'%[_]types' ORDER BY TABLE_NAME",
      ),
    ).toEqual([['all_types']]);
  });

  test('errors carry SQL Server numbers and messages: 102 for syntax, 208 for unknown objects, 207 for unknown columns', async () => {
    const connection = await connect();
    await expect(query(connection, 'SELECT FROM all_types')).rejects.toMatchObject({
      number: 102,
      message: "Incorrect syntax near the keyword 'FROM'.",
    });
    await expect(query(connection, 'SELECT * FROM dbo.nope')).rejects.toMatchObject({ number: 208, message: "Invalid object name 'dbo.nope'." });
    await expect(query(connection, 'SELECT nope FROM all_types')).rejects.toMatchObject({ number: 207, message: "Invalid column name 'nope'." });
    expect(await query(connection, 'SELECT 1')).toEqual([[1]]);
  });

  test('sp_describe_first_result_set describes without running; 208 comes with 11529', async () => {
    const connection = await connect();
    const sent = fake.rowsSent;
    const rows = await new Promise<unknown[][]>((resolve, reject) => {
      const described: unknown[][] = [];
      const request = new Request('sp_describe_first_result_set', (error) => (error ? reject(error) : resolve(described)));
      request.addParameter('tsql', TYPES.NVarChar, 'SELECT id, amount FROM million');
      request.on('row', (columns: Array<{ value: unknown }>) => described.push([columns[2].value, columns[5].value]));
      connection.callProcedure(request);
    });
    expect(rows).toEqual([
      ['id', 'int'],
      ['amount', 'decimal(12,2)'],
    ]);
    expect(fake.rowsSent - sent).toBe(0); // no row of the table was produced
    const failed = new Promise<void>((resolve, reject) => {
      const request = new Request('sp_describe_first_result_set', (error) => (error ? reject(error) : resolve()));
      request.addParameter('tsql', TYPES.NVarChar, 'SELECT * FROM nope');
      connection.callProcedure(request);
    });
    const error = (await failed.catch((cause: unknown) => cause)) as AggregateError;
    expect(error.errors.map((each: { number: number }) => each.number)).toEqual([208, 11529]);
  });
});

describe('ATTENTION and back-pressure', () => {
  test('a cancel during a slow query ends it with DONE_ATTN, and the connection stays usable', async () => {
    const connection = await connect();
    const attentions = fake.attentions;
    const started = Date.now();
    const running = query(connection, 'SELECT * FROM slow');
    setTimeout(() => connection.cancel(), 200);
    await expect(running).rejects.toMatchObject({ code: 'ECANCEL' });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(fake.attentions).toBe(attentions + 1);
    expect(await query(connection, 'SELECT 1')).toEqual([[1]]);
  });

  test('a paused request stops the server writing: rows sent stay far below the million', async () => {
    const connection = await connect();
    const before = fake.rowsSent;
    let received = 0;
    let request!: Request;
    const running = query(connection, 'SELECT * FROM million', (created) => {
      request = created;
      created.on('row', () => {
        received += 1;
        if (received === 1000) created.pause();
      });
    }).catch((error: { code?: string }) => error);
    // Wait until the socket buffers are full and the fake has stopped writing (no row for 300 ms).
    let last = -1;
    for (let tries = 0; fake.rowsSent !== last && tries < 25; tries += 1) {
      last = fake.rowsSent;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const sentWhilePaused = fake.rowsSent - before;
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The fake is blocked on 'drain': nothing more is written while the client reads nothing.
    expect(fake.rowsSent - before).toBe(sentWhilePaused);
    expect(sentWhilePaused).toBeLessThan(200_000);
    connection.cancel();
    request.resume();
    expect(await running).toMatchObject({ code: 'ECANCEL' });
    expect(await query(connection, 'SELECT 1')).toEqual([[1]]);
  }, 30_000);
});
