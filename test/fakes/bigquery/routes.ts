import type { IncomingMessage } from 'node:http';
import type { TokenHolder } from '../google-oauth';
import { Jobs, type FakeJob } from './jobs';
import { FakeQueryError } from './query-error';
import { planQuery } from './query-plan';
import { encodeRow, type FakeField } from './schema';
import type { Warehouse } from './warehouse';

export interface Reply {
  status: number;
  body: unknown;
}

export interface RouteContext {
  warehouse: Warehouse;
  jobs: Jobs;
  caller: TokenHolder;
  url: URL;
  body: Record<string, unknown>;
  req: IncomingMessage;
  /** Most rows in one page when the request sets no maxResults (BigQuery caps pages at 10 MB; a row cap is this fake's guess). */
  defaultPageRows: number;
  /** Cap on any wait for a job (see FakeBigQueryOptions.maxWaitMs). */
  maxWaitMs: number;
}

const DEFAULT_WAIT_MS = 10_000;

const pageToken = (job: FakeJob, offset: number) => Buffer.from(`${job.jobId}:${offset}`).toString('base64url');

function readPageToken(job: FakeJob, token: string): number {
  const [jobId, offset] = Buffer.from(token, 'base64url').toString().split(':');
  if (jobId !== job.jobId || !/^\d+$/.test(offset ?? '')) throw new FakeQueryError(400, 'invalid', `Invalid page token: ${token}`);
  return Number(offset);
}

function schemaOf(fields: FakeField[]) {
  return { fields };
}

function requireJobUser(context: RouteContext, projectId: string): void {
  const { warehouse, caller } = context;
  if (!warehouse.hasProject(projectId)) throw new FakeQueryError(404, 'notFound', `Not found: Project ${projectId}`);
  if (!warehouse.isJobUser(projectId, caller.email)) {
    throw new FakeQueryError(
      403,
      'accessDenied',
      `Access Denied: Project ${projectId}: User does not have bigquery.jobs.create permission in project ${projectId}.`,
    );
  }
}

/** The page of a DONE job's result starting at `offset` (getQueryResults / the tail of jobs.query). */
function resultPage(context: RouteContext, job: FakeJob, offset: number, maxResults: number | undefined, int64Timestamp: boolean) {
  if (job.error) throw job.error;
  const { plan } = job;
  const size = Math.min(maxResults ?? context.defaultPageRows, context.defaultPageRows);
  const end = Math.min(plan.rowCount, offset + size);
  const rows = [];
  for (let index = offset; index < end; index += 1) rows.push(encodeRow(plan.fields, plan.rowAt(index), int64Timestamp));
  return {
    schema: schemaOf(plan.fields),
    totalRows: String(plan.rowCount),
    ...(rows.length > 0 ? { rows } : {}),
    ...(end < plan.rowCount ? { pageToken: pageToken(job, end) } : {}),
    totalBytesProcessed: '0',
    jobComplete: true,
    cacheHit: false,
  };
}

const reference = (job: FakeJob) => ({ projectId: job.projectId, jobId: job.jobId, location: job.location });

/** POST /bigquery/v2/projects/{projectId}/queries (jobs.query), dry runs included. */
export async function query(context: RouteContext, projectId: string): Promise<Reply> {
  const { body, warehouse, jobs, caller } = context;
  if (typeof body.query !== 'string' || body.query.trim() === '') throw new FakeQueryError(400, 'invalid', 'Required parameter is missing: query');
  if (body.useLegacySql !== false) {
    throw new FakeQueryError(400, 'invalidQuery', 'This fake speaks GoogleSQL only: jobs.query defaults to legacy SQL, set useLegacySql: false');
  }
  requireJobUser(context, projectId);
  const location = typeof body.location === 'string' ? body.location : undefined;
  const plan = planQuery({ warehouse, projectId, location, caller: caller.email }, body.query);
  const jobLocation = location ?? 'US';
  if (body.dryRun === true) {
    return {
      status: 200,
      body: {
        kind: 'bigquery#queryResponse',
        schema: schemaOf(plan.fields),
        jobReference: { projectId, location: jobLocation },
        totalBytesProcessed: '0',
        jobComplete: true,
        cacheHit: false,
      },
    };
  }
  const job = jobs.create(projectId, jobLocation, caller.email, plan);
  await jobs.wait(job, Math.min(context.maxWaitMs, typeof body.timeoutMs === 'number' ? body.timeoutMs : DEFAULT_WAIT_MS));
  if (job.state === 'RUNNING') return { status: 200, body: { kind: 'bigquery#queryResponse', jobReference: reference(job), jobComplete: false } };
  const int64 = (body.formatOptions as { useInt64Timestamp?: unknown } | undefined)?.useInt64Timestamp === true;
  const maxResults = typeof body.maxResults === 'number' ? body.maxResults : undefined;
  return { status: 200, body: { kind: 'bigquery#queryResponse', jobReference: reference(job), ...resultPage(context, job, 0, maxResults, int64) } };
}

function findJob(context: RouteContext, projectId: string, jobId: string): FakeJob {
  const location = context.url.searchParams.get('location');
  const job = context.jobs.get(projectId, jobId);
  if (!job || (location && location.toLowerCase() !== job.location.toLowerCase())) {
    throw new FakeQueryError(404, 'notFound', `Not found: Job ${projectId}:${location ?? 'US'}.${jobId}`);
  }
  if (job.owner !== context.caller.email) throw new FakeQueryError(403, 'accessDenied', `Access Denied: Job ${projectId}:${job.location}.${jobId}`);
  return job;
}

/** GET /bigquery/v2/projects/{projectId}/queries/{jobId} (jobs.getQueryResults). */
export async function getQueryResults(context: RouteContext, projectId: string, jobId: string): Promise<Reply> {
  const { url, jobs } = context;
  const job = findJob(context, projectId, jobId);
  const timeoutMs = url.searchParams.has('timeoutMs') ? Number(url.searchParams.get('timeoutMs')) : DEFAULT_WAIT_MS;
  await jobs.wait(job, Math.min(context.maxWaitMs, timeoutMs));
  if (job.state === 'RUNNING')
    return { status: 200, body: { kind: 'bigquery#getQueryResultsResponse', jobReference: reference(job), jobComplete: false } };
  const token = url.searchParams.get('pageToken');
  const startIndex = url.searchParams.get('startIndex');
  const offset = token ? readPageToken(job, token) : startIndex ? Number(startIndex) : 0;
  const maxResults = url.searchParams.has('maxResults') ? Number(url.searchParams.get('maxResults')) : undefined;
  const int64 = url.searchParams.get('formatOptions.useInt64Timestamp') === 'true';
  return {
    status: 200,
    body: { kind: 'bigquery#getQueryResultsResponse', jobReference: reference(job), ...resultPage(context, job, offset, maxResults, int64) },
  };
}

/** POST /bigquery/v2/projects/{projectId}/jobs/{jobId}/cancel (jobs.cancel). */
export function cancel(context: RouteContext, projectId: string, jobId: string): Reply {
  const job = findJob(context, projectId, jobId);
  context.jobs.cancel(job);
  return {
    status: 200,
    body: { kind: 'bigquery#jobCancelResponse', job: { kind: 'bigquery#job', jobReference: reference(job), status: { state: 'DONE' } } },
  };
}

function page<T>(items: T[], url: URL): { items: T[]; nextPageToken?: string } {
  const max = Math.min(Number(url.searchParams.get('maxResults') ?? 50) || 50, 1000);
  const start = Number(url.searchParams.get('pageToken') ?? 0) || 0;
  const end = start + max;
  return { items: items.slice(start, end), ...(end < items.length ? { nextPageToken: String(end) } : {}) };
}

/** GET /bigquery/v2/projects/{projectId}/datasets (datasets.list): the datasets the caller can read. */
export function listDatasets(context: RouteContext, projectId: string): Reply {
  const { warehouse, caller, url } = context;
  if (!warehouse.hasProject(projectId)) throw new FakeQueryError(404, 'notFound', `Not found: Project ${projectId}`);
  const visible = [...warehouse.datasets.values()].filter((dataset) => dataset.projectId === projectId && warehouse.canView(dataset, caller.email));
  const { items, nextPageToken } = page(visible, url);
  return {
    status: 200,
    body: {
      kind: 'bigquery#datasetList',
      etag: 'fake',
      ...(items.length > 0
        ? {
            datasets: items.map((dataset) => ({
              kind: 'bigquery#dataset',
              id: `${projectId}:${dataset.datasetId}`,
              datasetReference: { datasetId: dataset.datasetId, projectId },
              location: dataset.location,
            })),
          }
        : {}),
      ...(nextPageToken ? { nextPageToken } : {}),
    },
  };
}

/** GET /bigquery/v2/projects/{projectId}/datasets/{datasetId}/tables (tables.list). */
export function listTables(context: RouteContext, projectId: string, datasetId: string): Reply {
  const { warehouse, caller, url } = context;
  const dataset = warehouse.dataset(projectId, datasetId);
  if (!dataset) throw new FakeQueryError(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
  if (!warehouse.canView(dataset, caller.email))
    throw new FakeQueryError(
      403,
      'accessDenied',
      `Access Denied: Dataset ${projectId}:${datasetId}: Permission bigquery.tables.list denied on dataset ${projectId}:${datasetId} (or it may not exist).`,
    );
  const { items, nextPageToken } = page([...dataset.tables.keys()].sort(), url);
  return {
    status: 200,
    body: {
      kind: 'bigquery#tableList',
      etag: 'fake',
      ...(items.length > 0
        ? {
            tables: items.map((tableId) => ({
              kind: 'bigquery#table',
              id: `${projectId}:${datasetId}.${tableId}`,
              tableReference: { projectId, datasetId, tableId },
              type: 'TABLE',
            })),
          }
        : {}),
      totalItems: dataset.tables.size,
      ...(nextPageToken ? { nextPageToken } : {}),
    },
  };
}

/** GET /bigquery/v2/projects/{projectId}/datasets/{datasetId}/tables/{tableId} (tables.get). */
export function getTable(context: RouteContext, projectId: string, datasetId: string, tableId: string): Reply {
  const { warehouse, caller } = context;
  const dataset = warehouse.dataset(projectId, datasetId);
  if (!dataset) throw new FakeQueryError(404, 'notFound', `Not found: Dataset ${projectId}:${datasetId}`);
  if (!warehouse.canView(dataset, caller.email)) {
    throw new FakeQueryError(
      403,
      'accessDenied',
      `Access Denied: Table ${projectId}:${datasetId}.${tableId}: Permission bigquery.tables.get denied on table ${projectId}:${datasetId}.${tableId} (or it may not exist).`,
    );
  }
  const table = dataset.tables.get(tableId);
  if (!table) throw new FakeQueryError(404, 'notFound', `Not found: Table ${projectId}:${datasetId}.${tableId}`);
  return {
    status: 200,
    body: {
      kind: 'bigquery#table',
      id: `${projectId}:${datasetId}.${tableId}`,
      tableReference: { projectId, datasetId, tableId },
      schema: schemaOf(table.fields),
      numRows: String(table.rows.length),
      type: 'TABLE',
      location: dataset.location,
    },
  };
}
