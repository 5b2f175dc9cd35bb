import { ConnectionError, PluginConfigError, type PluginContext } from '../../contract';
import type { StatementApi } from './api';
import type { DatabricksConfig } from './config';
import { statementError } from './statement-errors';
import type { StatementResponse } from './wire-types';

export interface StatementRequest {
  statement: string;
  /** EXTERNAL_LINKS for model rows; INLINE for the few rows of metadata queries. */
  disposition: 'EXTERNAL_LINKS' | 'INLINE';
  parameters?: Array<{ name: string; value: string; type?: string }>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Submits the statement without waiting (`wait_timeout: 0s`, so its id is known at once and an abort can always
 * cancel it) and polls while it is PENDING or RUNNING, backing off from 100 ms to 2 s. Returns the SUCCEEDED
 * response (manifest and first chunk); throws Databricks' message for a FAILED statement. On `ctx.signal`
 * abort, or past statementTimeoutSeconds, the statement is cancelled on the warehouse.
 */
export async function runStatement(
  api: StatementApi,
  config: DatabricksConfig,
  request: StatementRequest,
  ctx: Pick<PluginContext, 'signal'>,
): Promise<StatementResponse> {
  let response = await api.execute({
    statement: request.statement,
    disposition: request.disposition,
    format: 'JSON_ARRAY',
    wait_timeout: '0s',
    on_wait_timeout: 'CONTINUE',
    ...(config.catalog ? { catalog: config.catalog } : {}),
    ...(config.schema ? { schema: config.schema } : {}),
    ...(request.parameters ? { parameters: request.parameters } : {}),
  });
  const id = response.statement_id;
  const deadline = Date.now() + config.statementTimeoutSeconds * 1000;
  let everRan = false;
  let delay = 100;
  const onAbort = () => void api.cancel(id);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    while (response.status.state === 'PENDING' || response.status.state === 'RUNNING') {
      everRan ||= response.status.state === 'RUNNING';
      if (Date.now() >= deadline) {
        await api.cancel(id);
        if (!everRan) {
          throw new ConnectionError(
            `SQL warehouse ${api.warehouseId} did not start within ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds): start it in SQL Warehouses, check it is not stopped for good, or raise statementTimeoutSeconds`,
            { reason: 'timeout' },
          );
        }
        throw new PluginConfigError(
          `The statement did not finish within ${config.statementTimeoutSeconds} seconds (statementTimeoutSeconds), so Ferry cancelled it: make the SQL faster, use a larger warehouse, or raise statementTimeoutSeconds`,
          { reason: 'timeout' },
        );
      }
      await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), ctx.signal);
      delay = Math.min(delay * 2, 2000);
      response = await api.get(id);
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  if (response.status.state === 'SUCCEEDED') return response;
  if (response.status.state === 'FAILED') throw statementError(response);
  throw new PluginConfigError(
    `The statement ended ${response.status.state} on SQL warehouse ${api.warehouseId}${response.status.error?.message ? `: ${response.status.error.message}` : ''} (someone cancelled it, or the warehouse stopped): run it again`,
  );
}
