import { sourceConformance } from '../../conformance/source-conformance';
import { databricksConformanceFixture } from './conformance-fixture';

sourceConformance(databricksConformanceFixture());
