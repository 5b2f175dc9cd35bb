import { afterAll, beforeAll, describe } from '@jest/globals';
import { columnsTests } from './source/columns-tests';
import { connectionTests } from './source/connection-tests';
import { invalidQueryTests } from './source/invalid-query-tests';
import { memoryTests } from './source/memory-tests';
import { readingTests } from './source/reading-tests';
import { SourceSuite } from './source/source-suite';
import { tableModelTests } from './source/table-model-tests';
import { valueTests } from './source/value-tests';
import { secretsAreBound } from './secrets-bound';
import type { SourceFixture } from './source-fixture';

/**
 * The source conformance suite: what the plugin contract promises of every source, checked against a real server
 * or a faithful fake through the plugin's fixture. Call it at the top level of a jest test file:
 *
 *     sourceConformance(myFixture);
 *
 * A broken promise fails its test with a message that starts "Broken promise:" and names it.
 */
export function sourceConformance<C>(fixture: SourceFixture<C>): void {
  const suite = new SourceSuite(fixture);
  describe(`${fixture.plugin.name} source conformance`, () => {
    beforeAll(() => suite.setUp(), Math.max(suite.timeoutMs, 120_000));
    afterAll(() => fixture.tearDown(), Math.max(suite.timeoutMs, 60_000));

    connectionTests(suite);
    columnsTests(suite);
    readingTests(suite);
    valueTests(suite);
    memoryTests(suite);
    invalidQueryTests(suite);
    tableModelTests(suite);
    secretsAreBound(fixture.plugin, () => suite.config);
  });
}
