import { sourceConformance } from '../../conformance/source-conformance';
import { elasticsearchConformanceFixture } from './conformance-fixture';

sourceConformance(elasticsearchConformanceFixture());
