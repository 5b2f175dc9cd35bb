/**
 * Not a test file of its own (it fails by design): catches-broken-plugins.test.ts runs it in a child jest and
 * checks that each broken plugin fails exactly the tests of the promise it breaks.
 */
import { destinationConformance } from '../conformance/destination-conformance';
import { sourceConformance } from '../conformance/source-conformance';
import { brokenDestinationFixture, brokenDestinations, brokenSourceFixture, brokenSources } from './broken-plugins';

for (const broken of brokenSources) sourceConformance(brokenSourceFixture(broken));
for (const broken of brokenDestinations) destinationConformance(brokenDestinationFixture(broken));
