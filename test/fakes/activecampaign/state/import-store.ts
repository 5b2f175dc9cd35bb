import type { BulkImportRequest, ImportBatch } from './records';

/** Bulk-import batches by batch id, and a log of every bulk-import request. */
export class ImportStore {
  readonly batches = new Map<string, ImportBatch>();
  readonly requests: BulkImportRequest[] = [];

  get(batchId: string): ImportBatch | undefined {
    return this.batches.get(batchId);
  }

  add(batch: ImportBatch): void {
    this.batches.set(batch.batchId, batch);
  }

  all(): ImportBatch[] {
    return [...this.batches.values()];
  }

  /** Accepted requests that held exactly one contact (the docs steer those to the contacts API). */
  get singleContactImports(): BulkImportRequest[] {
    return this.requests.filter((r) => r.status === 200 && r.contacts === 1);
  }

  /** The largest accepted request, in contacts and in bytes. */
  get largestAccepted(): { contacts: number; bytes: number } {
    let contacts = 0;
    let bytes = 0;
    for (const r of this.requests) {
      if (r.status !== 200) continue;
      contacts = Math.max(contacts, r.contacts);
      bytes = Math.max(bytes, r.bytes);
    }
    return { contacts, bytes };
  }
}
