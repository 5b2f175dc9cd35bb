import { describe, test } from '@jest/globals';
import type { ModelQuery, SourceTable } from '../../../src/plugins/contract';
import { canonical, describeError, keep } from '../expectations';
import type { FixtureColumn } from '../source-fixture';
import { byId, type SourceSuite } from './source-suite';

const columns: FixtureColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'label', type: 'text' },
];
const rows = [
  [1, 'one'],
  [2, 'two'],
  [3, 'three'],
];
const expected = canonical(rows.map(([id, label]) => ({ id, label })));

interface MadeTable {
  /** What createTable returned: SQL for most sources. */
  query: ModelQuery;
  table: SourceTable;
}

/** A `{ kind: 'table' }` model reads what the table's SQL reads, quoted names included; tables() finds the tables. */
export function tableModelTests(suite: SourceSuite): void {
  const { plugin, fixture } = suite;
  describe('table models', () => {
    if (!plugin.tables && !plugin.tableSql) {
      test.skip('table models: skipped, the plugin offers none (neither tables() nor tableSql())', () => undefined);
      return;
    }

    const make = async (name: string): Promise<MadeTable> => {
      const query = await suite.table(name, columns, rows);
      if (query.kind === 'table') return { query, table: query.table };
      if (!fixture.table) throw new Error('the fixture gives no table(name): table models need to know how the table createTable() made is named');
      return { query, table: fixture.table(name) };
    };
    const plainName = suite.tableName('table_model');
    const quotedName = fixture.quotedTableName?.(suite.unique) ?? `Mixed "Quoted" Name ${suite.unique}`;

    const readsTheTable = async (name: string, what: string) => {
      const { query, table } = await make(name);
      const tableQuery: ModelQuery = { kind: 'table', table };
      const promise = `a table model must read the rows of ${what} (${JSON.stringify(table)})`;
      const read = await suite.readAll(tableQuery).then(
        (batches) => canonical(byId(batches.flat())),
        (error: unknown) => `an error: ${describeError(error)}`,
      );
      keep(read === expected, promise, () => `it read ${read}, not ${expected}`);
      if (query.kind === 'sql') {
        const viaSql = canonical(byId((await suite.readAll(query)).flat()));
        keep(read === viaSql, `${promise}, the same rows as the table's SQL`, () => `the table read ${read}, the SQL ${viaSql}`);
      }
      const described = (await plugin.columns(suite.config, tableQuery, suite.context())).map((column) => column.name);
      keep(
        described.join(',') === 'id,label',
        `columns() of a table model must give the table's columns`,
        () => `it gave ${JSON.stringify(described)}`,
      );
    };

    test("a table model reads the same rows as the table's SQL", () => readsTheTable(plainName, 'the table'), suite.timeoutMs);

    const noQuoting = fixture.lacks?.quotedTableNames;
    if (noQuoting) test.skip(`a table model reads a table whose name needs quoting: skipped, ${noQuoting}`, () => undefined);
    else
      test(
        'a table model reads a table whose name needs quoting (spaces, quotes, mixed case)',
        () => readsTheTable(quotedName, `a table named ${JSON.stringify(quotedName)}`),
        suite.timeoutMs,
      );

    if (!plugin.tables) {
      test.skip('tables(): skipped, the plugin offers no tables()', () => undefined);
      return;
    }
    test(
      'tables() lists the created tables, and its search finds them',
      async () => {
        const made = [(await make(plainName)).table, ...(noQuoting ? [] : [(await make(quotedName)).table])];
        const same = (a: SourceTable, b: SourceTable) => a.name === b.name && (a.schema ?? null) === (b.schema ?? null);
        const found = await plugin.tables!(suite.config, { search: suite.unique, first: 100 }, suite.context());
        const missing = made.filter((table) => !found.some((f) => same(f, table)));
        keep(
          missing.length === 0,
          'tables() must list the tables a table model can read',
          () => `a search for "${suite.unique}" gave ${JSON.stringify(found)}, without ${JSON.stringify(missing)}`,
        );
        const unmatched = found.filter((f) => !`${f.schema ?? ''}.${f.name}`.toLowerCase().includes(suite.unique));
        keep(
          unmatched.length === 0,
          'tables() must return only tables matching its search',
          () => `a search for "${suite.unique}" also gave ${JSON.stringify(unmatched)}`,
        );
        const upper = await plugin.tables!(suite.config, { search: suite.unique.toUpperCase(), first: 100 }, suite.context());
        keep(
          made.every((table) => upper.some((f) => same(f, table))),
          'tables() must search in any case',
          () => `a search for "${suite.unique.toUpperCase()}" gave ${JSON.stringify(upper)}`,
        );
        const one = await plugin.tables!(suite.config, { search: suite.unique, first: 1 }, suite.context());
        keep(one.length === 1, 'tables() must return at most `first` tables', () => `first: 1 gave ${one.length}`);
      },
      suite.timeoutMs,
    );
  });
}
