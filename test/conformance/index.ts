/**
 * `ferry/plugin/testing`: the conformance suites every plugin passes, and the fixture shapes a plugin's test file
 * hands them. They declare jest tests: call them at the top level of a test file.
 */
export { sourceConformance } from './source-conformance';
export { destinationConformance } from './destination-conformance';
export type { SourceFixture, FixtureColumn, FixtureColumnType } from './source-fixture';
export type { DestinationFixture } from './destination-fixture';
export { conformanceContext } from './conformance-context';
export { BROKEN } from './expectations';
