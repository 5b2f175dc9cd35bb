import { sourceConformance } from '../../conformance/source-conformance';
import { mysqlConformanceFixture } from './conformance-fixture';

sourceConformance(mysqlConformanceFixture());
