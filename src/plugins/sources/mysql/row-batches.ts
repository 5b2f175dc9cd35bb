import type { FieldPacket } from 'mysql2';
import type { Readable } from 'node:stream';
import { PluginConfigError, type Row } from '../../contract';
import { columnShape } from './column-types';
import { checkResultColumns } from './describe';
import { rowConverter } from './value-converters';

/**
 * Cuts mysql2's row stream into batches with back-pressure: the stream flows only while a batch is wanted and is
 * paused once it is full, so mysql2 stops reading the socket and the server's writes block (TCP flow control).
 * At most one batch plus the stream's high-water mark of rows is ever held.
 */
export class RowBatches {
  private rows: Row[] = [];
  private ended = false;
  private failure: unknown = null;
  private sawColumns = false;
  private convert: (row: Row) => Row = (row) => row;
  private wake: (() => void) | null = null;

  constructor(
    private readonly stream: Readable,
    private readonly batchSize: number,
  ) {
    stream.pause();
    stream.on('fields', (fields: FieldPacket[]) => this.onFields(fields));
    stream.on('data', (row: Row) => {
      this.rows.push(this.convert(row));
      if (this.rows.length >= this.batchSize) {
        stream.pause();
        this.notify();
      }
    });
    stream.on('end', () => {
      this.ended = true;
      this.notify();
    });
    stream.on('error', (error: unknown) => {
      this.failure ??= error;
      this.notify();
    });
    // Destroyed without an error (the connection was dropped under it): a waiting next() must not wait forever.
    stream.on('close', () => {
      if (!this.ended) this.failure ??= new Error('the result stream closed before its end');
      this.notify();
    });
  }

  /** True once the server has sent the whole result (or it failed). */
  get done(): boolean {
    return this.ended || this.failure !== null;
  }

  /** The next batch: `batchSize` rows, fewer only for the last one (possibly none). Rejects with the stream's error. */
  async next(): Promise<Row[]> {
    while (this.rows.length < this.batchSize && !this.done) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.stream.resume();
      });
    }
    if (this.failure !== null) throw this.failure;
    if (this.ended && !this.sawColumns) {
      throw new PluginConfigError('The SQL returns no columns: a model must be a query that returns rows, e.g. SELECT email, first_name FROM users');
    }
    const batch = this.rows.length > this.batchSize ? this.rows.splice(0, this.batchSize) : this.rows;
    if (batch === this.rows) this.rows = [];
    return batch;
  }

  private onFields(fields: FieldPacket[]): void {
    this.sawColumns = true;
    const columns = fields.map(columnShape);
    try {
      checkResultColumns(columns);
      this.convert = rowConverter(columns);
    } catch (error) {
      this.failure = error;
      this.stream.destroy();
      this.notify();
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
