/**
 * The load generator of the api-load scenario, in its own process so that its work does not share Ferry's event
 * loop: `connections` closed-loop HTTP clients (keep-alive, one request at a time each) post one GraphQL query for
 * `seconds`, while a probe triggers (and then cancels) a run of a probe sync every `probeEveryMs`, timing each
 * `triggerSync`. Only ever talks to the URL it is given (127.0.0.1); stops by itself after `seconds`.
 *
 * Input: the JSON of `LoadPlan` in env FERRY_LOAD_PLAN. Output: one line `LOAD_RESULT <json of LoadResult>`.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { summarise, type LatencySummary } from './latencies';

export interface LoadPlan {
  url: string;
  token: string;
  query: string;
  connections: number;
  seconds: number;
  /** Syncs whose runs the probe triggers in turn (none: no probe). */
  probeSyncIds: string[];
  probeEveryMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latency: LatencySummary;
  triggers: number;
  triggerErrors: number;
  triggerLatency: LatencySummary;
}

export const LOAD_RESULT = 'LOAD_RESULT ';

async function drive(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the load generator only talks to 127.0.0.1, not ${url.hostname}`);
  const pool = new Pool(url.origin, { connections: plan.connections + 1, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${plan.token}` };
  const post = async (query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> => {
    const { statusCode, body } = await pool.request({
      origin: url.origin,
      path: url.pathname,
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const text = await body.text();
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}: ${text.slice(0, 200)}`);
    const parsed = JSON.parse(text) as { data?: Record<string, any>; errors?: unknown[] };
    if (parsed.errors?.length || !parsed.data) throw new Error(`GraphQL errors: ${JSON.stringify(parsed.errors).slice(0, 200)}`);
    return parsed.data;
  };

  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + plan.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      try {
        await post(plan.query);
        latencies.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };

  const triggerLatencies: number[] = [];
  let triggerErrors = 0;
  const probe = async () => {
    for (let i = 0; plan.probeSyncIds.length > 0 && performance.now() < deadline; i++) {
      const syncId = plan.probeSyncIds[i % plan.probeSyncIds.length];
      const next = performance.now() + plan.probeEveryMs;
      const sent = performance.now();
      try {
        const { triggerSync } = await post('mutation($id: ID!) { triggerSync(id: $id) { id status } }', { id: syncId });
        triggerLatencies.push(performance.now() - sent);
        // Cancelled at once, so that the next trigger of this sync queues a new run rather than finding this one.
        await post('mutation($id: ID!) { cancelSyncRun(id: $id) { id } }', { id: triggerSync.id });
      } catch (error) {
        triggerErrors += 1;
        firstError ??= `triggerSync: ${(error as Error).message}`;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
    }
  };

  await Promise.all([...Array.from({ length: plan.connections }, client), probe()]);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return {
    requests: latencies.length,
    errors,
    firstError,
    seconds,
    latency: summarise(latencies),
    triggers: triggerLatencies.length,
    triggerErrors,
    triggerLatency: summarise(triggerLatencies),
  };
}

if (require.main === module) {
  drive(JSON.parse(process.env.FERRY_LOAD_PLAN!) as LoadPlan).then(
    (result) => {
      process.stdout.write(`${LOAD_RESULT}${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(1);
    },
  );
}
