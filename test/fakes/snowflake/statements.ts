import { randomUUID } from 'node:crypto';
import type { Plan, SqlFailure } from './sql/plan';

export type StatementStatus = 'running' | 'succeeded' | 'failed' | 'timedOut' | 'cancelled';

/** One submitted statement and the clock of its execution. */
export interface FakeStatement {
  handle: string;
  requestId: string;
  sql: string;
  createdOn: number;
  plan: Plan | null;
  /** Refused before running (compile error, no warehouse): failed from the start. */
  failure: SqlFailure | null;
  durationMs: number;
  timeoutSeconds: number;
  cancelledAt: number | null;
  /** Rows of each partition: [first row, row count]. */
  partitions: Array<[number, number]>;
}

export interface PartitionSizes {
  firstPartitionRows: number;
  partitionRows: number;
}

/** Statements by handle and by requestId; their status follows from the clock (no timers to clean up). */
export class StatementRegistry {
  readonly byHandle = new Map<string, FakeStatement>();
  private readonly byRequestId = new Map<string, FakeStatement>();

  constructor(private readonly sizes: PartitionSizes) {}

  findByRequestId(requestId: string): FakeStatement | undefined {
    return this.byRequestId.get(requestId);
  }

  add(fields: Omit<FakeStatement, 'handle' | 'createdOn' | 'cancelledAt' | 'partitions'>, now = Date.now()): FakeStatement {
    // Query ids look like 01b2c3d4-0000-1234-0000-00012345abcd; any unique string is a handle.
    const statement: FakeStatement = {
      ...fields,
      handle: `01${randomUUID().slice(2)}`,
      createdOn: now,
      cancelledAt: null,
      partitions: this.split(fields.plan?.rowCount ?? 0),
    };
    this.byHandle.set(statement.handle, statement);
    this.byRequestId.set(statement.requestId, statement);
    return statement;
  }

  status(statement: FakeStatement, now = Date.now()): StatementStatus {
    if (statement.failure) return 'failed';
    if (statement.cancelledAt !== null) return 'cancelled';
    const elapsed = now - statement.createdOn;
    const limitMs = (statement.timeoutSeconds > 0 ? statement.timeoutSeconds : 604_800) * 1000;
    if (statement.durationMs >= limitMs && elapsed >= limitMs) return 'timedOut';
    if (elapsed < statement.durationMs) return 'running';
    return statement.plan?.readFailure ? 'failed' : 'succeeded';
  }

  /** When the statement's status next changes, in ms from now (0 when it is settled). */
  settlesInMs(statement: FakeStatement, now = Date.now()): number {
    if (this.status(statement, now) !== 'running') return 0;
    const limitMs = (statement.timeoutSeconds > 0 ? statement.timeoutSeconds : 604_800) * 1000;
    return Math.max(0, Math.min(statement.durationMs, limitMs) - (now - statement.createdOn));
  }

  /** Statements still executing (not finished, failed, cancelled or timed out): the fake's "open sessions". */
  running(now = Date.now()): FakeStatement[] {
    return [...this.byHandle.values()].filter((statement) => this.status(statement, now) === 'running');
  }

  private split(rows: number): Array<[number, number]> {
    const partitions: Array<[number, number]> = [[0, Math.min(rows, this.sizes.firstPartitionRows)]];
    for (let start = partitions[0][1]; start < rows; start += this.sizes.partitionRows)
      partitions.push([start, Math.min(this.sizes.partitionRows, rows - start)]);
    return partitions;
  }
}
