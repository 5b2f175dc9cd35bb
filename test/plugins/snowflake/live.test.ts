import { describe, test } from '@jest/globals';
import { fixtureChecks } from './fixture-checks';
import { liveSettings, liveSnowflakeFixture } from './snowflake-fixture';

// Opt-in: runs the same checks against a real account when SNOWFLAKE_* variables are set (README, Sources → Snowflake).
const settings = liveSettings();
if ('missing' in settings) {
  describe('snowflake source on a live account', () => {
    test.skip(`SKIPPED: no live Snowflake account configured (set ${settings.missing.join(', ')})`, () => undefined);
  });
} else {
  fixtureChecks('snowflake source on a live account', liveSnowflakeFixture(settings));
}
