import { randomUUID } from 'node:crypto';
import { abortableSleep } from './abortable-sleep';
import type { ApiReply, SqlApi } from './api-client';
import { statementError, type SnowflakeFailure } from './api-errors';
import { partitionRows } from './partition-rows';
import type { RowType } from './values';

/** A finished statement's ResultSet: its columns, partition 0's rows, and how many partitions there are. */
export interface ResultSet {
  statementHandle: string;
  rowType: RowType[];
  numRows: number;
  partitionCount: number;
  /** Rows of partition 0, each an array of strings (null for SQL NULL). */
  data: Array<Array<string | null>>;
}

export interface StatementOptions {
  /** Values of `?` placeholders, as the API's bindings: { "1": { type: "TEXT", value: "…" } }. */
  bindings?: Record<string, { type: string; value: string }>;
  /** Lines Ferry put before the user's SQL, taken off the line numbers in Snowflake's error messages. */
  lineOffset?: number;
}

const STATEMENTS = '/api/v2/statements';
const FIRST_POLL_MS = 50;
const MAX_POLL_MS = 2000;

function resultSet(body: Record<string, unknown>): ResultSet {
  const meta = (body.resultSetMetaData ?? {}) as { rowType?: RowType[]; numRows?: number; partitionInfo?: unknown[] };
  return {
    statementHandle: String(body.statementHandle),
    rowType: meta.rowType ?? [],
    numRows: Number(meta.numRows ?? 0),
    partitionCount: Math.max(1, meta.partitionInfo?.length ?? 1),
    data: (body.data ?? []) as ResultSet['data'],
  };
}

/**
 * One SQL statement through the SQL API: submitted with a requestId (so a resubmit after a network failure is
 * idempotent: `retry=true`) and async=true, then its status polled with backoff while Snowflake answers 202; a 200
 * carries the ResultSet. Asking for the handle at once (rather than letting Snowflake hold the POST up to 45 s)
 * bounds every request by requestTimeoutSeconds and lets an abort cancel the statement from its first moment: on
 * `signal` abort it is cancelled on Snowflake (POST …/cancel) before the abort reason is thrown, so no query keeps
 * running for nobody.
 */
export class Statement {
  private handle: string | null = null;
  private finished = false;

  constructor(
    private readonly api: SqlApi,
    private readonly sql: string,
    private readonly options: StatementOptions = {},
  ) {}

  /** Runs the statement to its end; resolves with its ResultSet or throws the typed error of its failure. */
  async run(signal: AbortSignal): Promise<ResultSet> {
    try {
      let reply = await this.submit(signal);
      for (let wait = FIRST_POLL_MS; reply.status === 202; wait = Math.min(wait * 2, MAX_POLL_MS)) {
        await abortableSleep(wait, signal);
        reply = await this.api.send({ method: 'GET', path: `${STATEMENTS}/${encodeURIComponent(this.handle!)}`, idempotent: true }, signal);
      }
      this.finished = true;
      if (reply.status === 200) return resultSet(reply.body);
      throw statementError(this.api.config, reply.body as SnowflakeFailure, this.options.lineOffset);
    } catch (error) {
      if (signal.aborted) await this.cancel();
      throw error;
    }
  }

  /** Cancels the statement on Snowflake if it may still be running; never throws. */
  async cancel(): Promise<void> {
    if (!this.handle || this.finished) return;
    this.finished = true;
    try {
      await this.api.send(
        { method: 'POST', path: `${STATEMENTS}/${encodeURIComponent(this.handle)}/cancel`, idempotent: true },
        AbortSignal.timeout(10_000),
      );
    } catch {
      // The statement timeout still ends it on Snowflake's side.
    }
  }

  private async submit(signal: AbortSignal): Promise<ApiReply> {
    const { config } = this.api;
    const query = new URLSearchParams({ requestId: randomUUID(), async: 'true' });
    const body = {
      statement: this.sql,
      timeout: config.statementTimeoutSeconds,
      warehouse: config.warehouse,
      database: config.database,
      schema: config.schema,
      ...(config.role ? { role: config.role } : {}),
      ...(this.options.bindings ? { bindings: this.options.bindings } : {}),
      resultSetMetaData: { format: 'jsonv2' },
    };
    const reply = await this.api.send({ method: 'POST', path: `${STATEMENTS}?${query}`, body, idempotent: true, retryQuery: 'retry=true' }, signal);
    if (typeof reply.body.statementHandle === 'string') this.handle = reply.body.statementHandle;
    return reply;
  }
}

/**
 * Partition `index` (1 … partitionCount-1) of a finished statement's result: downloaded whole (so no request
 * stays open while the consumer is slow), kept as the compressed bytes Snowflake sent, and parsed row by row as
 * the rows are asked for.
 */
export async function fetchPartition(api: SqlApi, handle: string, index: number, signal: AbortSignal): Promise<AsyncGenerator<Array<string | null>>> {
  const reply = await api.send(
    { method: 'GET', path: `${STATEMENTS}/${encodeURIComponent(handle)}?partition=${index}`, idempotent: true, rawSuccess: true },
    signal,
  );
  if (!reply.raw) throw statementError(api.config, reply.body as SnowflakeFailure);
  return partitionRows(reply.raw.bytes, reply.raw.gzip);
}
