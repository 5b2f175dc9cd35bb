import { destinationConformance } from '../conformance/destination-conformance';
import { memoryDestinationFixture } from '../helpers/memory-destination-fixture';

// The in-memory test destination keeps the contract like any plugin.
destinationConformance(memoryDestinationFixture());
