import { describe, test } from '@jest/globals';
import type { Row } from '../../../src/plugins/contract';
import { broken, eventually, keep, sleep } from '../expectations';
import type { FixtureColumn } from '../source-fixture';
import { byId, type SourceSuite } from './source-suite';

const idAndLabel: FixtureColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'label', type: 'text' },
];

const numbered = (count: number): unknown[][] => Array.from({ length: count }, (_, i) => [i + 1, `row ${i + 1}`]);

/** How long a session may take to be gone on the server once the plugin let go of it. */
const RELEASE_MS = 10_000;

/** read(): batch sizes, abort, and releasing the connection when the consumer leaves early. */
export function readingTests(suite: SourceSuite): void {
  describe('read()', () => {
    test(
      'read() yields batches of exactly batchSize, the last smaller, never empty',
      async () => {
        const promise = 'read() must yield batches of exactly batchSize rows, the last one smaller, never an empty one, every row once';
        const cases = [
          { rows: 25, sizes: [10, 10, 5] },
          { rows: 20, sizes: [10, 10] },
          { rows: 0, sizes: [] },
        ];
        for (const { rows, sizes } of cases) {
          const query = await suite.table(suite.tableName(`batches_${rows}`), idAndLabel, numbered(rows));
          const batches = await suite.readAll(query, 10);
          const got = batches.map((batch) => batch.length);
          keep(got.join(',') === sizes.join(','), promise, () => `${rows} rows read with batchSize 10 came as batches of [${got.join(', ')}]`);
          const ids = byId(batches.flat()).map((row) => row.id);
          keep(
            ids.join(',') ===
              numbered(rows)
                .map(([id]) => id)
                .join(','),
            promise,
            () => `the ids read were [${ids.join(', ')}]`,
          );
        }
      },
      suite.timeoutMs,
    );

    test(
      'read() stops within 1 s of an abort, and releases its session',
      async () => {
        const { fixture } = suite;
        const baseline = await fixture.openSessions();
        const controller = new AbortController();
        const iterator = suite.read(fixture.slowQuery(30), 10, controller.signal)[Symbol.asyncIterator]();
        const first = iterator.next();
        first.catch(() => undefined);
        // Abort once the query is on the server (a session opened), so the abort has something to stop.
        await eventually(async () => (await fixture.openSessions()) > baseline, 10_000);
        await sleep(300);
        const abortedAt = Date.now();
        controller.abort();
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          first.then(
            () => 'it yielded a batch',
            () => 'threw',
          ),
          new Promise<string>((resolve) => {
            timer = setTimeout(() => resolve('it was still running 5 s later'), 5_000);
          }),
        ]);
        clearTimeout(timer);
        const elapsed = Date.now() - abortedAt;
        const promise = 'read() must stop within 1 s of ctx.signal aborting, by throwing';
        keep(outcome === 'threw', promise, () => outcome);
        keep(elapsed <= 1_000, promise, () => `it threw ${elapsed} ms after the abort`);
        const released = await eventually(async () => (await fixture.openSessions()) <= baseline, RELEASE_MS);
        if (!released)
          broken(
            'read() must release its session after an abort',
            `${(await fixture.openSessions()) - baseline} session(s) still open ${RELEASE_MS / 1000} s later`,
          );
      },
      suite.timeoutMs,
    );

    test(
      'read() releases its connection and cursor when the consumer breaks early (50 times, no leak)',
      async () => {
        const { fixture } = suite;
        const baseline = await fixture.openSessions();
        for (let i = 0; i < 50; i += 1) {
          let first: Row[] | null = null;
          for await (const batch of suite.read(fixture.generatedRows(10_000), 100)) {
            first = batch;
            break;
          }
          if (first?.length !== 100)
            broken('read() must yield batches of exactly batchSize rows', `the first batch of 10,000 rows had ${first?.length ?? 0}`);
        }
        const released = await eventually(async () => (await fixture.openSessions()) <= baseline, RELEASE_MS);
        if (!released) {
          const left = (await fixture.openSessions()) - baseline;
          broken(
            'read() must release its connection and cursor when the consumer breaks early',
            `${left} session(s) still open ${RELEASE_MS / 1000} s after 50 early breaks`,
          );
        }
      },
      suite.timeoutMs * 2,
    );
  });
}
