import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { BatchWriter, matchResults, type OutgoingRecord } from '../../src/engine/transfer/batch-writer';
import type { DestinationRecord, RecordResult } from '../../src/plugins/contract';

const item = (key: string): OutgoingRecord => ({ record: { key, fields: { email: key } }, hash: `h-${key}` });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('BatchWriter', () => {
  test('sends batches of maxBatchSize with at most `concurrency` writes in flight, and push waits for a free slot', async () => {
    let inFlight = 0;
    let most = 0;
    const sizes: number[] = [];
    const settled: string[] = [];
    const writer = new BatchWriter({
      maxBatchSize: 3,
      concurrency: 2,
      async write(records: DestinationRecord[]) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        sizes.push(records.length);
        await sleep(20);
        inFlight -= 1;
        return records.map((r): RecordResult => ({ key: r.key, status: 'created' }));
      },
      async settle(batch) {
        settled.push(...batch.map((b) => b.record.key));
      },
      async failed() {
        throw new Error('unexpected');
      },
    });
    const started = Date.now();
    for (let i = 0; i < 14; i += 1) await writer.push(item(`k${i}`));
    assert.ok(Date.now() - started >= 20, 'push waited while both slots were busy');
    await writer.flush();
    assert.deepEqual(sizes, [3, 3, 3, 3, 2]);
    assert.equal(most, 2);
    assert.deepEqual(settled.sort(), Array.from({ length: 14 }, (_, i) => `k${i}`).sort());
  });

  test('matchResults gives one result per record by key; a record without a result is rejected as retryable', () => {
    const batch = [item('a'), item('b'), item('c')];
    const results = matchResults(batch, [
      { key: 'c', status: 'updated' },
      { key: 'a', status: 'created', externalId: '1' },
      { key: 'zz', status: 'created' },
    ]);
    assert.deepEqual(
      results.map((r) => [r.key, r.status]),
      [
        ['a', 'created'],
        ['b', 'rejected'],
        ['c', 'updated'],
      ],
    );
    assert.equal((results[1] as { retryable: boolean }).retryable, true);
  });

  test('a failed write goes to `failed`; an error there stops the writer and surfaces on flush', async () => {
    const failedBatches: string[][] = [];
    const writer = new BatchWriter({
      maxBatchSize: 2,
      concurrency: 1,
      async write(records) {
        throw new Error(`down for ${records.length}`);
      },
      async settle() {},
      async failed(batch, error) {
        failedBatches.push(batch.map((b) => b.record.key));
        if (failedBatches.length === 2) throw new Error(`stop: ${(error as Error).message}`);
      },
    });
    await writer.push(item('a'));
    await writer.push(item('b'));
    await writer.push(item('c'));
    await writer.push(item('d'));
    await assert.rejects(writer.flush(), /stop: down for 2/);
    assert.deepEqual(failedBatches, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    await assert.rejects(writer.push(item('e')), /stop: down for 2/, 'a stopped writer takes nothing more');
  });
});
