import { describe, test } from '@jest/globals';
import { broken, describeError, keep } from '../expectations';
import type { SourceSuite } from './source-suite';
import { valueColumns, valueRows } from './values-table';

/** columns(): names and types, and no row read. */
export function columnsTests(suite: SourceSuite): void {
  describe('columns()', () => {
    const unordered = suite.fixture.lacks?.columnOrder;
    test(
      unordered
        ? `columns() returns every column's name and type (in the source's order: ${unordered})`
        : "columns() returns every column's name and type",
      async () => {
        const query = await suite.table(suite.tableName('values'), valueColumns, valueRows);
        const promise = `columns() must return every column of the query, ${unordered ? 'in the source’s order' : 'in order'}, each with its name and the source's type name`;
        const columns = await suite.plugin.columns(suite.config, query, suite.context());
        const names = columns.map((column) => column.name);
        const expected = valueColumns.map((c) => c.name);
        const same = unordered ? [...names].sort().join(',') === [...expected].sort().join(',') : names.join(',') === expected.join(',');
        keep(same, promise, () => `it returned ${JSON.stringify(names)}`);
        const untyped = columns.filter((column) => typeof column.type !== 'string' || column.type.trim() === '');
        keep(untyped.length === 0, promise, () => `${JSON.stringify(untyped)} have no type name`);
      },
      suite.timeoutMs,
    );

    const lacking = suite.fixture.lacks?.failsWhenExecuted;
    if (lacking) {
      test.skip(`columns() reads no row: skipped, ${lacking}`, () => undefined);
      return;
    }
    test(
      'columns() reads no row (it describes a query that fails when executed)',
      async () => {
        if (!suite.fixture.failsWhenExecuted) {
          throw new Error(
            'the fixture gives no failsWhenExecuted(): give one, or say in fixture.lacks.failsWhenExecuted why the source cannot express one',
          );
        }
        const query = await suite.fixture.failsWhenExecuted();
        const promise = 'columns() must describe the query without reading a row';
        let columns;
        try {
          columns = await suite.plugin.columns(suite.config, query, suite.context());
        } catch (error) {
          broken(promise, `it failed as the query does when executed (${describeError(error)})`);
        }
        keep(Array.isArray(columns) && columns.length > 0, promise, () => `it returned ${JSON.stringify(columns)}`);
        const executed = await suite.readAll(query).then(
          () => false,
          () => true,
        );
        if (!executed)
          throw new Error("the fixture's failsWhenExecuted() query did not fail when read, so it proves nothing: make it fail on its first row");
      },
      suite.timeoutMs,
    );
  });
}
