import { sourceConformance } from '../../conformance/source-conformance';
import { fakeSnowflakeFixture } from './snowflake-fixture';

sourceConformance(fakeSnowflakeFixture());
