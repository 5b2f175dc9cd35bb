/**
 * Regroups rows arriving in pages of any size (API pages are capped by bytes, blank sheet rows are skipped) into
 * batches of exactly `size` rows, the last one smaller, never an empty one. At most one batch is held back.
 */
export async function* exactBatches<T>(pages: AsyncIterable<T[]>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const page of pages) {
    for (const row of page) {
      batch.push(row);
      if (batch.length === size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
