import { randomUUID } from 'node:crypto';
import { PluginConfigError, type PluginContext } from '../../../contract';
import type { BigQueryApi } from './api';
import type { Cell, SchemaField } from './values';

/** How long one getQueryResults call waits on the server for the job to finish before answering jobComplete: false. */
const POLL_WAIT_MS = 10_000;
/** How long jobs.query itself waits for the job before answering with its id; the rest is polled with getQueryResults. */
const FIRST_WAIT_MS = 2_000;
const CANCEL_TIMEOUT_MS = 10_000;

interface JobReference {
  projectId: string;
  jobId: string;
  location?: string;
}

/** QueryResponse (jobs.query) and GetQueryResultsResponse (jobs.getQueryResults) share these fields. */
export interface QueryReply {
  jobReference?: JobReference;
  jobComplete?: boolean;
  schema?: { fields?: SchemaField[] };
  rows?: Array<{ f: Cell[] }>;
  pageToken?: string;
}

export interface ResultPage {
  fields: SchemaField[];
  rows: Array<{ f: Cell[] }>;
}

/**
 * Runs `sql` as a query job and yields its result page by page: jobs.query (which may answer before the job is
 * done), then jobs.getQueryResults polled while `jobComplete` is false, then one getQueryResults per
 * `pageToken`, each page at most `pageSize` rows. Only one page is in memory at a time.
 *
 * A job still running when the read is aborted, fails, or passes queryTimeoutSeconds is cancelled with
 * jobs.cancel, so it stops using slots (and money) on BigQuery's side.
 */
export async function* queryPages(
  api: BigQueryApi,
  sql: string,
  pageSize: number,
  ctx: Pick<PluginContext, 'signal' | 'logger'>,
): AsyncGenerator<ResultPage> {
  const { location, queryTimeoutSeconds } = api.config;
  const deadline = Date.now() + queryTimeoutSeconds * 1000;
  const format = { 'formatOptions.useInt64Timestamp': true };
  let job: JobReference | undefined;
  let complete = false;
  try {
    ctx.signal.throwIfAborted();
    const body = {
      query: sql,
      useLegacySql: false,
      maxResults: pageSize,
      timeoutMs: Math.min(FIRST_WAIT_MS, queryTimeoutSeconds * 1000),
      formatOptions: { useInt64Timestamp: true },
      requestId: randomUUID(),
      ...(location ? { location } : {}),
    };
    let reply = await startQuery(api, body, ctx);
    job = reply.jobReference;
    const results = (params: Record<string, string | number | boolean | undefined>) => {
      if (!job) throw new PluginConfigError('BigQuery answered without a job reference: the query cannot be read page by page');
      return api.get<QueryReply>(`/queries/${encodeURIComponent(job.jobId)}`, {
        location: job.location ?? location,
        maxResults: pageSize,
        ...format,
        ...params,
      });
    };
    while (!reply.jobComplete) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new PluginConfigError(
          `BigQuery did not finish the query within ${queryTimeoutSeconds} seconds (queryTimeoutSeconds), so Ferry cancelled it: make the query cheaper, or raise queryTimeoutSeconds`,
          { reason: 'timeout' },
        );
      }
      reply = await results({ timeoutMs: Math.min(POLL_WAIT_MS, left) });
    }
    complete = true;
    const fields = reply.schema?.fields ?? [];
    for (;;) {
      if (reply.rows && reply.rows.length > 0) yield { fields, rows: reply.rows };
      if (!reply.pageToken) return;
      reply = await results({ pageToken: reply.pageToken });
    }
  } finally {
    if (job && !complete) await cancelJob(api, job, ctx);
  }
}

/**
 * jobs.query. The request is not aborted with the run (until it answers, the job's id is unknown, so the job could
 * not be cancelled): an abort throws at once, and the job is cancelled in the background when the answer comes.
 */
async function startQuery(api: BigQueryApi, body: Record<string, unknown>, ctx: Pick<PluginContext, 'signal' | 'logger'>): Promise<QueryReply> {
  const sent = api.post<QueryReply>('/queries', body, {}, AbortSignal.timeout(api.config.requestTimeoutSeconds * 1000));
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([sent, aborted]);
  } catch (error) {
    if (ctx.signal.aborted) {
      sent.then((reply) => (reply.jobReference && !reply.jobComplete ? cancelJob(api, reply.jobReference, ctx) : undefined)).catch(() => undefined);
    }
    throw error;
  } finally {
    ctx.signal.removeEventListener('abort', onAbort!);
    aborted.catch(() => undefined);
  }
}

/** jobs.cancel, on its own signal (the run's may already be aborted); a failure is only logged. */
async function cancelJob(api: BigQueryApi, job: JobReference, ctx: Pick<PluginContext, 'logger'>): Promise<void> {
  try {
    await api.post(`/jobs/${encodeURIComponent(job.jobId)}/cancel`, undefined, { location: job.location }, AbortSignal.timeout(CANCEL_TIMEOUT_MS));
  } catch (error) {
    ctx.logger.warn('bigquery: could not cancel the query job', { jobId: job.jobId, message: (error as Error).message });
  }
}
