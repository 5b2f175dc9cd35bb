import { describe, test } from '@jest/globals';
import { describeError, keep, thrown } from '../expectations';
import type { SourceSuite } from './source-suite';

/** A query the source refuses: BAD_USER_INPUT carrying the database's own message, from columns() and from read(). */
export function invalidQueryTests(suite: SourceSuite): void {
  describe('invalid queries', () => {
    const calls = {
      'columns()': (query: Parameters<SourceSuite['plugin']['columns']>[1]) => suite.plugin.columns(suite.config, query, suite.context()),
      'read()': (query: Parameters<SourceSuite['plugin']['columns']>[1]) => suite.readAll(query),
    };
    for (const [call, run] of Object.entries(calls)) {
      test(
        `${call} refuses invalid SQL with BAD_USER_INPUT carrying the database's message`,
        async () => {
          const { query, message } = suite.fixture.invalidQuery();
          const promise = `${call} must refuse an invalid query with a PluginConfigError (code BAD_USER_INPUT) carrying the database's message`;
          const error = await thrown(run(query), promise);
          keep((error as { code?: unknown })?.code === 'BAD_USER_INPUT', promise, () => `it threw ${describeError(error)}`);
          const text = String((error as Error).message);
          keep(message.test(text), promise, () => `the message "${text}" does not match ${message}`);
        },
        suite.timeoutMs,
      );
    }
  });
}
