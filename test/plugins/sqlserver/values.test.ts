import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Row } from '../../../src/plugins/contract';
import { sqlServerSource } from '../../../src/plugins/sources/sqlserver';
import type { TdsConfig } from '../../../src/plugins/sources/sqlserver/config';
import { exactValue } from '../../../src/plugins/sources/sqlserver/exact-values';
import type { FakeSqlServer } from '../../fakes/tds/server';
import { pluginContext } from '../../helpers/plugin-context';
import { startFakeSqlServer } from './sqlserver-fixture';

let fake: FakeSqlServer;
let config: TdsConfig;

beforeAll(async () => {
  ({ fake, config } = await startFakeSqlServer());
});
afterAll(() => fake.stop());

async function readAll(sql: string): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const batch of sqlServerSource.read(config, { kind: 'sql', sql }, { batchSize: 100 }, pluginContext())) rows.push(...batch);
  return rows;
}

describe('sqlserver source: values in the contract forms', () => {
  test('every type, over an encrypted connection', async () => {
    const [typical, nulls] = await readAll('SELECT * FROM dbo.all_types');
    expect(typical).toEqual({
      c_bit: true,
      c_tinyint: 255,
      c_smallint: -32768,
      c_int: -2147483648,
      c_bigint: '-9223372036854775808',
      c_decimal: '12345678901234567890123456789012.123456',
      c_numeric: '-1234567.89',
      c_money: '-922337203685477.5808',
      c_float: 1.5e300,
      c_real: 3.5,
      c_nvarchar: 'Zoë 😀',
      c_nvarchar_max: 'x'.repeat(20_000),
      c_varchar: 'plain',
      c_varchar_max: 'y'.repeat(9000),
      c_date: '0001-01-01',
      c_time: '23:59:59.9999999',
      c_datetime2: '2024-02-29T13:14:15.1234567',
      c_datetimeoffset: '2024-03-01T00:30:00.1234567-05:30',
      c_uniqueidentifier: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      c_varbinary: Buffer.from([0, 1, 2, 255]).toString('base64'),
      c_varbinary_max: Buffer.alloc(10_000, 7).toString('base64'),
    });
    expect(Object.values(nulls).every((value) => value === null)).toBe(true);
    expect(fake.logins.at(-1)?.encrypted).toBe(true);
  });

  test('columns() names SQL Server types as sp_describe_first_result_set does', async () => {
    const columns = await sqlServerSource.columns(config, { kind: 'table', table: { schema: 'dbo', name: 'all_types' } }, pluginContext());
    expect(columns.slice(4, 8)).toEqual([
      { name: 'c_bigint', type: 'bigint' },
      { name: 'c_decimal', type: 'decimal(38,6)' },
      { name: 'c_numeric', type: 'numeric(9,2)' },
      { name: 'c_money', type: 'money' },
    ]);
    expect(columns.find((column) => column.name === 'c_datetimeoffset')).toEqual({ name: 'c_datetimeoffset', type: 'datetimeoffset(7)' });
  });
});

describe('exactValue (wire bytes → text)', () => {
  test('decimal: sign byte 0 is negative, magnitude little-endian, scaled', () => {
    expect(exactValue({ type: { name: 'DecimalN' }, scale: 2 }, Buffer.from([5, 0, 0x39, 0x30, 0, 0]))).toBe('-123.45');
    expect(exactValue({ type: { name: 'NumericN' }, scale: 3 }, Buffer.from([5, 1, 5, 0, 0, 0]))).toBe('0.005');
  });

  test('money: high 32 bits first, four decimals; smallmoney: one int32', () => {
    expect(exactValue({ type: { name: 'MoneyN' } }, Buffer.from([8, 0, 0, 0, 0, 0x10, 0x27, 0, 0]))).toBe('1.0000');
    expect(exactValue({ type: { name: 'SmallMoney' } }, Buffer.from([0xf0, 0xd8, 0xff, 0xff]))).toBe('-1.0000');
  });

  test('time and datetime2: as many fraction digits as the scale', () => {
    // 13:14:15.5 at scale 1 is 477,555 tenths of a second (3 bytes), then 738,885 days: 2024-01-01.
    const tenths = 477_555;
    const days = 738_885;
    const time = [tenths & 0xff, (tenths >> 8) & 0xff, tenths >> 16];
    expect(exactValue({ type: { name: 'Time' }, scale: 1 }, Buffer.from([3, ...time]))).toBe('13:15:55.5');
    expect(exactValue({ type: { name: 'DateTime2' }, scale: 1 }, Buffer.from([6, ...time, days & 0xff, (days >> 8) & 0xff, days >> 16]))).toBe(
      '2024-01-01T13:15:55.5',
    );
  });

  test('datetimeoffset keeps its offset and its 100 ns digits: the wall clock at that offset', () => {
    // 2024-03-01T06:00:00.1234567 UTC at -05:30, as [MS-TDS] puts it on the wire: time and date in UTC, then the offset.
    const wire = Buffer.from([10, 135, 70, 173, 74, 50, 129, 70, 11, 182, 254]);
    expect(exactValue({ type: { name: 'DateTimeOffset' }, scale: 7 }, wire)).toBe('2024-03-01T00:30:00.1234567-05:30');
  });

  test('leaves other types to tedious', () => {
    expect(exactValue({ type: { name: 'IntN' } }, Buffer.from([4, 1, 0, 0, 0]))).toBeUndefined();
  });
});

describe('sqlserver source: json', () => {
  test('columns typed json (SQL Server 2025, Azure SQL) come parsed; JSON text in an nvarchar column stays text', async () => {
    fake.addTable('shop', {
      schema: 'dbo',
      name: 'documents',
      columns: [
        { name: 'doc', type: { name: 'json' } },
        { name: 'raw', type: { name: 'nvarchar', length: 'max' } },
      ],
      rows: () => [
        ['{"plan":"pro","seats":[1,"two",null]}', '{"plan":"pro"}'],
        [null, null],
      ],
    });
    const columns = await sqlServerSource.columns(config, { kind: 'sql', sql: 'SELECT doc, raw FROM documents' }, pluginContext());
    expect(columns).toEqual([
      { name: 'doc', type: 'json' },
      { name: 'raw', type: 'nvarchar(max)' },
    ]);
    expect(await readAll('SELECT doc, raw FROM documents')).toEqual([
      { doc: { plan: 'pro', seats: [1, 'two', null] }, raw: '{"plan":"pro"}' },
      { doc: null, raw: null },
    ]);
  });
});
