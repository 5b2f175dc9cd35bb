import { fixtureChecks } from './fixture-checks';
import { fakeSnowflakeFixture } from './snowflake-fixture';

fixtureChecks('snowflake source on the fake: the contract through its SourceFixture', fakeSnowflakeFixture());
