import type { FakeTable } from './catalog';

/** One column of every type the fake serves, a row of typical values and a row of NULLs. */
export function allTypesTable(name = 'all_types'): FakeTable {
  return {
    schema: 'dbo',
    name,
    columns: [
      { name: 'c_bit', type: { name: 'bit' } },
      { name: 'c_tinyint', type: { name: 'tinyint' } },
      { name: 'c_smallint', type: { name: 'smallint' } },
      { name: 'c_int', type: { name: 'int' } },
      { name: 'c_bigint', type: { name: 'bigint' } },
      { name: 'c_decimal', type: { name: 'decimal', precision: 38, scale: 6 } },
      { name: 'c_numeric', type: { name: 'numeric', precision: 9, scale: 2 } },
      { name: 'c_money', type: { name: 'money' } },
      { name: 'c_float', type: { name: 'float' } },
      { name: 'c_real', type: { name: 'real' } },
      { name: 'c_nvarchar', type: { name: 'nvarchar', length: 50 } },
      { name: 'c_nvarchar_max', type: { name: 'nvarchar', length: 'max' } },
      { name: 'c_varchar', type: { name: 'varchar', length: 20 } },
      { name: 'c_varchar_max', type: { name: 'varchar', length: 'max' } },
      { name: 'c_date', type: { name: 'date' } },
      { name: 'c_time', type: { name: 'time', scale: 7 } },
      { name: 'c_datetime2', type: { name: 'datetime2', scale: 7 } },
      { name: 'c_datetimeoffset', type: { name: 'datetimeoffset', scale: 7 } },
      { name: 'c_uniqueidentifier', type: { name: 'uniqueidentifier' } },
      { name: 'c_varbinary', type: { name: 'varbinary', length: 16 } },
      { name: 'c_varbinary_max', type: { name: 'varbinary', length: 'max' } },
    ],
    rows: () => [
      [
        true,
        255,
        -32768,
        -2147483648,
        '-9223372036854775808',
        '12345678901234567890123456789012.123456',
        '-1234567.89',
        '-922337203685477.5808',
        1.5e300,
        3.5,
        'Zoë 😀',
        'x'.repeat(20_000),
        'plain',
        'y'.repeat(9000),
        '0001-01-01',
        '23:59:59.9999999',
        '2024-02-29T13:14:15.1234567',
        '2024-03-01T00:30:00.1234567-05:30',
        '6F9619FF-8B86-D011-B42D-00C04FC964FF',
        Buffer.from([0, 1, 2, 255]),
        Buffer.alloc(10_000, 7),
      ],
      Array(21).fill(null),
    ],
  };
}

/** `count` rows of (id int, email nvarchar(320), amount decimal(12,2), created date), generated as they are read. */
export function generatedTable(name: string, count: number): FakeTable {
  return {
    schema: 'dbo',
    name,
    columns: [
      { name: 'id', type: { name: 'int' } },
      { name: 'email', type: { name: 'nvarchar', length: 320 } },
      { name: 'amount', type: { name: 'decimal', precision: 12, scale: 2 } },
      { name: 'created', type: { name: 'date' } },
    ],
    rowCount: count,
    rows: function* () {
      for (let id = 1; id <= count; id += 1) {
        yield [
          id,
          `user${id}@example.com`,
          `${id % 100000}.${String(id % 100).padStart(2, '0')}`,
          `2024-01-${String((id % 28) + 1).padStart(2, '0')}`,
        ];
      }
    },
  };
}
