import { describe, expect, test } from '@jest/globals';
import { rsaKeyPair } from '../../fakes/snowflake';
import { sourceConformance } from '../../conformance/source-conformance';
import { liveSettings, liveSnowflakeFixture } from './snowflake-fixture';

// Opt-in: the shared source conformance suite, as on the fake, against a real account, when SNOWFLAKE_* variables are set
// (README, Sources → Snowflake). Without them the live tests are reported as skipped, with what is missing.
const settings = liveSettings();

describe('snowflake source on a live account', () => {
  test('the live tests read their account from SNOWFLAKE_* variables and say which are missing', () => {
    expect(liveSettings({})).toEqual({
      missing: [
        'SNOWFLAKE_ACCOUNT',
        'SNOWFLAKE_USER',
        'SNOWFLAKE_WAREHOUSE',
        'SNOWFLAKE_DATABASE',
        'SNOWFLAKE_PRIVATE_KEY or SNOWFLAKE_PRIVATE_KEY_PATH',
      ],
    });
    const { privateKey } = rsaKeyPair();
    const env = {
      SNOWFLAKE_ACCOUNT: 'xy12345.eu-west-1',
      SNOWFLAKE_USER: 'ferry',
      SNOWFLAKE_PRIVATE_KEY: privateKey,
      SNOWFLAKE_WAREHOUSE: 'WH',
      SNOWFLAKE_DATABASE: 'DB',
      SNOWFLAKE_ROLE: 'R',
    };
    expect(liveSettings(env)).toEqual({
      config: {
        account: 'xy12345.eu-west-1',
        user: 'ferry',
        privateKey,
        privateKeyPassphrase: '',
        warehouse: 'WH',
        database: 'DB',
        schema: 'FERRY_TEST',
        role: 'R',
      },
    });
  });

  if ('missing' in settings) {
    test.skip(`SKIPPED: no live Snowflake account configured (set ${settings.missing.join(', ')})`, () => undefined);
  }
});

if (!('missing' in settings)) sourceConformance(liveSnowflakeFixture(settings));
