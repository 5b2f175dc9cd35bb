import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../google-oauth';
import type { Jobs } from './jobs';
import type { FakeField, FakeRow } from './schema';
import type { Warehouse } from './warehouse';

/**
 * The fake's own control routes, under `/fake/` (not part of BigQuery's API, no auth): for a test that runs the
 * fake in another process (so the fake's memory is not counted as the plugin's) and still sets up its data.
 * `POST /fake/datasets { projectId, datasetId, location }`, `POST /fake/tables { projectId, datasetId, tableId,
 * fields, rows }` (TIMESTAMP values as ISO strings, INT64 beyond 2^53 as strings), `GET /fake/jobs/running`.
 */
export async function handleControl(req: IncomingMessage, res: ServerResponse, path: string, warehouse: Warehouse, jobs: Jobs): Promise<void> {
  const body = req.method === 'POST' ? (JSON.parse((await readBody(req)) || '{}') as Record<string, any>) : {};
  if (req.method === 'POST' && path === '/fake/datasets') {
    warehouse.addDataset(body.projectId, body.datasetId, body.location ?? 'US');
    return sendJson(res, 200, {});
  }
  if (req.method === 'POST' && path === '/fake/tables') {
    warehouse.addTable(body.projectId, body.datasetId, body.tableId, body.fields as FakeField[], body.rows as FakeRow[]);
    return sendJson(res, 200, {});
  }
  if (req.method === 'GET' && path === '/fake/jobs/running') return sendJson(res, 200, { count: jobs.running().length });
  sendJson(res, 404, { error: `no control route ${req.method} ${path}` });
}
