import { describe, expect, test } from '@jest/globals';
import { PluginConfigError } from '../../../src/plugins/contract';
import { snowflakeSource } from '../../../src/plugins/sources/snowflake';
import { context, readAll, rejection, useFakeSnowflake } from './fake-source';

describe('snowflake source: columns(), tables() and table models', () => {
  const sf = useFakeSnowflake();
  const columns = (sql: string) => snowflakeSource.columns(sf.config, { kind: 'sql', sql }, context());

  test('columns() names each column and its Snowflake type, and reads no row: a table that fails when read describes fine', async () => {
    sf.fake.state.addTable(
      'ANALYTICS',
      'PUBLIC',
      'POISON',
      [
        { name: 'ID', type: 'NUMBER(38,0)' },
        { name: 'AMOUNT', type: 'NUMBER(10,2)' },
        { name: 'AT', type: 'TIMESTAMP_TZ' },
      ],
      [[1, '2.5', new Date()]],
      {
        failsOnRead: "Numeric value 'abc' is not recognized",
      },
    );
    expect(await columns('SELECT * FROM POISON;')).toEqual([
      { name: 'ID', type: 'NUMBER(38,0)' },
      { name: 'AMOUNT', type: 'NUMBER(10,2)' },
      { name: 'AT', type: 'TIMESTAMP_TZ' },
    ]);
    const read = await rejection(
      readAll(snowflakeSource.read(sf.config, { kind: 'sql', sql: 'SELECT * FROM POISON' }, { batchSize: 10 }, context())),
    );
    expect(read.message).toBe("Numeric value 'abc' is not recognized");
  });

  test("SQL Snowflake refuses: PluginConfigError with its message, lines counted in the model's own SQL", async () => {
    sf.fake.state.addTable(
      'ANALYTICS',
      'PUBLIC',
      'PEOPLE',
      [
        { name: 'ID', type: 'NUMBER(38,0)' },
        { name: 'EMAIL', type: 'TEXT' },
      ],
      [[1, 'a@example.com']],
    );
    const unknown = await rejection(columns('SELECT ID,\n  NAME FROM PEOPLE'));
    expect(unknown).toBeInstanceOf(PluginConfigError);
    expect(unknown.message).toBe("SQL compilation error: error line 2 at position 2\ninvalid identifier 'NAME'");
    expect(unknown.extensions).toMatchObject({ snowflakeCode: '000904', sqlState: '42000', code: 'BAD_USER_INPUT' });
    const missing = await rejection(columns('SELECT * FROM NOPE'));
    expect(missing.message).toMatch(/^SQL compilation error:\nObject 'ANALYTICS.PUBLIC.NOPE' does not exist or not authorized\. Check the name/);
  });

  test('a submit Snowflake answers at once with 200 and the ResultSet is read without polling', async () => {
    const mark = sf.fake.server.requests.length;
    const resultSet = {
      code: '090001',
      sqlState: '00000',
      message: 'Statement executed successfully.',
      statementHandle: '01b00000-0000-0000-0000-000000000001',
      resultSetMetaData: {
        numRows: 0,
        format: 'jsonv2',
        partitionInfo: [],
        rowType: [
          { name: 'A', type: 'text', nullable: true },
          { name: 'B', type: 'fixed', precision: 38, scale: 2, nullable: true },
        ],
      },
      data: [],
    };
    sf.fake.server.faults.push({ method: 'POST', pathPrefix: '/api/v2/statements', times: 1, reply: { status: 200, body: resultSet } });
    expect(await columns('SELECT A, B FROM ANYTHING')).toEqual([
      { name: 'A', type: 'TEXT' },
      { name: 'B', type: 'NUMBER(38,2)' },
    ]);
    expect(sf.fake.server.requests.slice(mark).map((r) => r.method)).toEqual(['POST']);
  });

  test('duplicate column names and empty SQL are refused with the fix', async () => {
    expect((await rejection(columns('SELECT ID, ID FROM PEOPLE'))).message).toBe(
      'The column "ID" appears more than once: give each column its own name with AS',
    );
    expect((await rejection(columns(' ;\n'))).message).toMatch(/^The SQL is empty/);
  });

  test('tables() lists what the role can see in the database, by schema and name; search and first narrow it', async () => {
    sf.fake.state.addTable('ANALYTICS', 'MARTS', 'CUSTOMERS', [{ name: 'ID', type: 'INT' }]);
    sf.fake.state.addTable('ANALYTICS', 'HIDDEN', 'SALARIES', [{ name: 'ID', type: 'INT' }]);
    sf.fake.state.grant('FERRY_READER', 'USAGE', 'SCHEMA', 'ANALYTICS.MARTS');
    sf.fake.state.grant('FERRY_READER', 'SELECT', 'TABLE', 'ANALYTICS.MARTS.CUSTOMERS');
    const all = await snowflakeSource.tables!(sf.config, { first: 100 }, context());
    expect(all).toEqual([
      { schema: 'MARTS', name: 'CUSTOMERS' },
      { schema: 'PUBLIC', name: 'PEOPLE' },
      { schema: 'PUBLIC', name: 'POISON' },
    ]);
    expect(await snowflakeSource.tables!(sf.config, { first: 100, search: 'marts.cust' }, context())).toEqual([
      { schema: 'MARTS', name: 'CUSTOMERS' },
    ]);
    expect(await snowflakeSource.tables!(sf.config, { first: 2 }, context())).toHaveLength(2);
    expect(await snowflakeSource.tables!(sf.config, { first: 10, search: "'; DROP TABLE x; --" }, context())).toEqual([]);
  });

  test('estimateRows(): the row count Snowflake keeps for a table model; null for other SQL (it cannot be known without running it)', async () => {
    const table = { schema: 'PUBLIC', name: 'PEOPLE' };
    expect(await snowflakeSource.estimateRows!(sf.config, { kind: 'sql', sql: snowflakeSource.tableSql!(table) }, context())).toBe(1);
    expect(await snowflakeSource.estimateRows!(sf.config, { kind: 'table', table: { schema: 'MARTS', name: 'CUSTOMERS' } }, context())).toBe(0);
    expect(await snowflakeSource.estimateRows!(sf.config, { kind: 'sql', sql: 'SELECT * FROM PEOPLE WHERE ID > 1' }, context())).toBeNull();
    expect(await snowflakeSource.estimateRows!(sf.config, { kind: 'table', table: { schema: 'PUBLIC', name: 'NOPE' } }, context())).toBeNull();
  });

  test('a table model quotes its identifiers (case kept, quotes doubled) and reads the table', async () => {
    const table = { schema: 'PUBLIC', name: 'odd "name" table' };
    expect(snowflakeSource.tableSql!(table)).toBe('SELECT * FROM "PUBLIC"."odd ""name"" table"');
    sf.fake.state.addTable('ANALYTICS', 'PUBLIC', 'odd "name" table', [{ name: 'v', type: 'TEXT' }], [['here']]);
    expect(await snowflakeSource.columns(sf.config, { kind: 'table', table }, context())).toEqual([{ name: 'v', type: 'TEXT' }]);
    expect(await readAll(snowflakeSource.read(sf.config, { kind: 'table', table }, { batchSize: 5 }, context()))).toEqual([[{ v: 'here' }]]);
  });
});
