import { sourceConformance } from '../conformance/source-conformance';
import { memorySourceFixture } from '../helpers/memory-source';

// The suite's own check: a source that keeps every promise passes all of it.
sourceConformance(memorySourceFixture());
