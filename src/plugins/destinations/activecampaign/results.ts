import type { DestinationRecord, RecordResult } from '../../contract';
import type { Rejection } from './failures';
import { NOT_CONFIRMED } from './messages';

/** Collects exactly one result per record of a write() call, in the records' order. */
export class BatchResults {
  private readonly results = new Map<string, RecordResult>();

  constructor(private readonly records: readonly DestinationRecord[]) {}

  created(key: string, externalId?: string): void {
    this.results.set(key, externalId === undefined ? { key, status: 'created' } : { key, status: 'created', externalId });
  }

  updated(key: string, externalId?: string): void {
    this.results.set(key, externalId === undefined ? { key, status: 'updated' } : { key, status: 'updated', externalId });
  }

  reject(key: string, rejection: Rejection): void {
    this.results.set(key, { key, status: 'rejected', reason: rejection.reason, retryable: rejection.retryable });
  }

  has(key: string): boolean {
    return this.results.has(key);
  }

  /** One result per record; a record nothing was said about (a bug) is rejected as retryable rather than lost. */
  list(): RecordResult[] {
    return this.records.map(
      (record) => this.results.get(record.key) ?? { key: record.key, status: 'rejected', reason: NOT_CONFIRMED, retryable: true },
    );
  }
}
