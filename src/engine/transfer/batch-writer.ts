import type { DestinationRecord, RecordResult } from '../../plugins/contract';

/** A record on its way to the destination, with the hash the snapshot keeps once it is confirmed. */
export interface OutgoingRecord {
  record: DestinationRecord;
  hash: string;
}

export interface BatchWriterOptions {
  /** Most records per write (`limits().maxBatchSize`). */
  maxBatchSize: number;
  /** Most writes in flight at once (`limits().concurrency`). */
  concurrency: number;
  write(records: DestinationRecord[]): Promise<RecordResult[]>;
  /** Handles a batch's results: exactly one per record, in the batch's order. */
  settle(batch: OutgoingRecord[], results: RecordResult[]): Promise<void>;
  /** Handles a write that threw: rejects the batch, or throws to stop the run. */
  failed(batch: OutgoingRecord[], error: unknown): Promise<void>;
  /** Called before each write once a slot is free; throwing stops the writer at this batch boundary. */
  beforeWrite?(): void;
}

const unconfirmed = (key: string): RecordResult => ({
  key,
  status: 'rejected',
  reason: 'The destination did not report on this record; it will be sent again by the next run',
  retryable: true,
});

/** One result per record, matched by key; a record the plugin said nothing about is rejected, never lost. */
export function matchResults(batch: readonly OutgoingRecord[], results: readonly RecordResult[]): RecordResult[] {
  if (results.length === batch.length && results.every((result, i) => result.key === batch[i].record.key)) return [...results];
  const byKey = new Map<string, RecordResult>();
  for (const result of results) if (!byKey.has(result.key)) byKey.set(result.key, result);
  return batch.map(({ record }) => byKey.get(record.key) ?? unconfirmed(record.key));
}

/**
 * Groups records into batches of `maxBatchSize` and keeps up to `concurrency` writes in flight. `push` waits
 * while every slot is busy, so the reader never runs ahead of the destination by more than one batch per slot:
 * memory stays bounded. The first error of a write's handling stops the writer; `push` and `flush` throw it.
 */
export class BatchWriter {
  private buffer: OutgoingRecord[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly options: BatchWriterOptions) {}

  async push(item: OutgoingRecord): Promise<void> {
    await this.pushAll([item]);
  }

  /** Like `push` for each item, waiting only when a full batch must wait for a free slot. */
  async pushAll(items: readonly OutgoingRecord[]): Promise<void> {
    this.check();
    for (const item of items) {
      this.buffer.push(item);
      if (this.buffer.length >= this.options.maxBatchSize) await this.dispatch();
    }
  }

  /** Sends what is buffered and waits for every write in flight. */
  async flush(): Promise<void> {
    if (this.buffer.length > 0) await this.dispatch();
    await Promise.all(this.inFlight);
    this.check();
  }

  /** Waits for the writes in flight without sending more (the run is stopping). */
  async settle(): Promise<void> {
    this.buffer = [];
    await Promise.all(this.inFlight);
  }

  private check(): void {
    if (this.failure) throw this.failure.error;
  }

  private async dispatch(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    while (this.inFlight.size >= Math.max(1, this.options.concurrency)) await Promise.race(this.inFlight);
    this.check();
    this.options.beforeWrite?.();
    const task: Promise<void> = this.send(batch)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  private async send(batch: OutgoingRecord[]): Promise<void> {
    let results: RecordResult[];
    try {
      results = await this.options.write(batch.map((item) => item.record));
    } catch (error) {
      await this.options.failed(batch, error);
      return;
    }
    await this.options.settle(batch, matchResults(batch, results));
  }
}
