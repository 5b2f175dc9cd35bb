import { describe, test } from '@jest/globals';
import { describeError, keep, thrown } from '../expectations';
import type { SourceFixture } from '../source-fixture';
import type { SourceSuite } from './source-suite';

type BadConfig = keyof ReturnType<SourceFixture['badConfigs']>;

const cases: Array<{ which: BadConfig; what: string }> = [
  { which: 'wrongPassword', what: 'a wrong password' },
  { which: 'unknownDatabase', what: 'an unknown database' },
  { which: 'unreachableHost', what: 'an unreachable host' },
  { which: 'timeout', what: 'a server that never answers (timeout)' },
];

/** test(): passes with the good config, and refuses each bad one with ConnectionError naming the cause. */
export function connectionTests(suite: SourceSuite): void {
  describe('test()', () => {
    test('test() passes with a good config', async () => {
      await suite.plugin.test(suite.config, suite.context());
    });

    for (const { which, what } of cases) {
      const lacking = suite.fixture.lacks?.[which];
      if (lacking) {
        test.skip(`test() refuses ${what}: skipped, ${lacking}`, () => undefined);
        continue;
      }
      const promise = `test() must refuse ${what} with a ConnectionError (code CONNECTION_FAILED) whose message names the cause`;
      test(
        `test() refuses ${what} with ConnectionError (CONNECTION_FAILED) naming the cause`,
        async () => {
          const bad = suite.fixture.badConfigs(suite.config)[which];
          if (!bad) {
            throw new Error(`the fixture gives no badConfigs().${which}: give one, or say in fixture.lacks.${which} why the source cannot have it`);
          }
          const error = await thrown(suite.plugin.test(bad.config, suite.context()), promise);
          keep((error as { code?: unknown })?.code === 'CONNECTION_FAILED', promise, () => `it threw ${describeError(error)}`);
          const message = String((error as Error).message);
          keep(bad.message.test(message), promise, () => `the message "${message}" does not match ${bad.message}`);
        },
        suite.timeoutMs,
      );
    }
  });
}
