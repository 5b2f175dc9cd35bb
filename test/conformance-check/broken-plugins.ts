import type { DestinationPlugin, RecordResult } from '../../src/plugins/contract';
import type { DestinationFixture } from '../conformance/destination-fixture';
import type { SourceFixture } from '../conformance/source-fixture';
import { memoryDestinationFixture } from '../helpers/memory-destination-fixture';
import { memorySourceFixture, type MemorySourceFlaws } from '../helpers/memory-source';

/** A plugin that breaks one promise, the tests of the suite that must fail, and the promise their messages must name. */
export interface BrokenPlugin {
  flaw: string;
  failing: string[];
  promise: string;
}

export const brokenSources: Array<BrokenPlugin & { flaws: MemorySourceFlaws }> = [
  {
    flaw: 'an empty last batch',
    flaws: { emptyLastBatch: true },
    failing: ['read() yields batches of exactly batchSize, the last smaller, never empty'],
    promise: 'read() must yield batches of exactly batchSize rows, the last one smaller, never an empty one',
  },
  {
    flaw: 'a session left open on an early break',
    flaws: { leaksOnBreak: true },
    failing: ['read() releases its connection and cursor when the consumer breaks early (50 times, no leak)'],
    promise: 'read() must release its connection and cursor when the consumer breaks early; instead 50 session(s) still open',
  },
  {
    flaw: 'bigint as a number',
    flaws: { bigintAsNumber: true },
    failing: ['read() gives bigint and numeric as strings, no digit lost'],
    promise: 'read() must give a bigint as a string with every digit; instead 9007199254740993 came as number 9007199254740992',
  },
  {
    flaw: 'every row gathered before the first batch',
    flaws: { loadsEverything: true },
    failing: ['read() streams 1,000,000 rows with peak memory growth under 100 MB'],
    promise: 'read() must stream: 1,000,000 rows within 100 MB of memory growth',
  },
  {
    flaw: 'columns() that reads a row',
    flaws: { columnsReadsRows: true },
    failing: ['columns() reads no row (it describes a query that fails when executed)'],
    promise: 'columns() must describe the query without reading a row',
  },
];

type Write = DestinationPlugin['write'];

export const brokenDestinations: Array<BrokenPlugin & { write: (write: Write) => Write }> = [
  {
    flaw: 'results keyed by lowercased keys',
    write: (write) => async (config, request, ctx) =>
      (await write(config, request, ctx)).map((result) => ({ ...result, key: result.key.toLowerCase() })),
    failing: [
      'write() matches results by key in a batch of look-alike keys with mixed results',
      'a rejection carries its reason and says whether retrying may help',
    ],
    promise: 'write() must return exactly one result per record, matched by its key',
  },
  {
    flaw: 'rejections without a reason',
    write: (write) => async (config, request, ctx) =>
      (await write(config, request, ctx)).map((result): RecordResult => (result.status === 'rejected' ? { ...result, reason: '' } : result)),
    failing: ['a rejection carries its reason and says whether retrying may help'],
    promise: 'a rejected record must come with a reason that says what is wrong',
  },
];

export function brokenSourceFixture(broken: (typeof brokenSources)[number]): SourceFixture {
  const fixture = memorySourceFixture(broken.flaws);
  return { ...fixture, plugin: { ...fixture.plugin, name: `Source with ${broken.flaw}` } } as SourceFixture;
}

export function brokenDestinationFixture(broken: (typeof brokenDestinations)[number]): DestinationFixture {
  const fixture = memoryDestinationFixture(broken.write);
  return { ...fixture, plugin: { ...fixture.plugin, name: `Destination with ${broken.flaw}` } } as DestinationFixture;
}
