import type { Row } from '../../contract';
import type { RawRow, Session } from './session';

/**
 * The rows of `sql` in batches of `batchSize`, with back-pressure: SQL Server sends a result as one TDS stream, so
 * when a batch is full the request is paused (tedious stops reading the socket, TCP's window fills, the server
 * waits) until the consumer asks for the next one. Only about one batch is in memory. Rejects with the driver's
 * error as it is; leaving the loop early leaves the request paused for the caller to close the connection.
 */
export async function* batches(session: Session, sql: string, batchSize: number, toRow: (raw: RawRow) => Row): AsyncGenerator<Row[]> {
  const ready: Row[][] = [];
  let batch: Row[] = [];
  let finished = false;
  let failed: { cause: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };

  const { request, done } = session.query(sql, [], {
    onRow: (row) => {
      batch.push(toRow(row));
      if (batch.length >= batchSize) {
        ready.push(batch);
        batch = [];
        request.pause();
        notify();
      }
    },
  });
  done.then(
    () => {
      finished = true;
      notify();
    },
    (cause: unknown) => {
      finished = true;
      failed = { cause };
      notify();
    },
  );

  for (;;) {
    if (ready.length === 0 && !finished) await new Promise<void>((resolve) => (wake = resolve));
    if (failed) throw (failed as { cause: unknown }).cause;
    const next = ready.shift();
    if (next) {
      yield next;
      if (ready.length === 0 && !finished) request.resume();
    } else if (finished) {
      break;
    }
  }
  if (batch.length > 0) yield batch;
}
