import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import type { RunCounters } from '../src/engine/run/run-progress';
import { builtinPlugins } from '../src/plugins/builtin';
import type { Plugin } from '../src/plugins/contract';
import { startFerry, type RunningFerry } from '../src/start-ferry';
import { sinkDestination } from './sink-destination';

/** A GraphQL client over HTTP, as any user of Ferry talks to it. */
export class BenchClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async data<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
}

export interface BenchFerry {
  running: RunningFerry;
  client: BenchClient;
}

/** Ferry in this process on the benchmark's database, with the production plugins and the sink destination. */
export async function startBenchFerry(databaseUrl: string, secretKey: string, env: Record<string, string> = {}): Promise<BenchFerry> {
  const token = randomBytes(24).toString('hex');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    FERRY_SECRET_KEY: secretKey,
    FERRY_PORT: '0',
    FERRY_API_TOKEN: token,
    FERRY_DATA_DIR: mkdtempSync(join(tmpdir(), 'ferry-bench-')),
    FERRY_LOG_LEVEL: 'error',
    ...env,
  });
  const plugins = [...builtinPlugins, sinkDestination] as Plugin[];
  const running = await startFerry(config, { plugins });
  return { running, client: new BenchClient(running.url!, token) };
}

export interface RunFigures extends RunCounters {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string;
  error: string | null;
}

const runFields = 'id status startedAt finishedAt rowsRead rowsChanged rowsUnchanged rowsCreated rowsUpdated rowsRejected error';

/** Triggers a run and polls until it ends; `seconds` is the run's own time (startedAt → finishedAt). */
export async function runToEnd(client: BenchClient, syncId: string, fullResync = false): Promise<RunFigures & { seconds: number }> {
  const { triggerSync } = await client.data(`mutation($id: ID!, $f: Boolean) { triggerSync(id: $id, fullResync: $f) { id } }`, {
    id: syncId,
    f: fullResync,
  });
  for (;;) {
    const { syncRun } = await client.data<{ syncRun: RunFigures }>(`query($id: ID!) { syncRun(id: $id) { ${runFields} } }`, { id: triggerSync.id });
    if (['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(syncRun.status)) {
      return { ...syncRun, seconds: (Date.parse(syncRun.finishedAt) - Date.parse(syncRun.startedAt)) / 1000 };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Source over the warehouse database, a model, a destination and a sync, through the API. */
export async function createSync(
  client: BenchClient,
  input: {
    warehouse: Record<string, unknown>;
    /** The source plugin the warehouse config is for (default postgres). */
    sourceType?: string;
    sql: string;
    destination: { type: string; config: Record<string, unknown> };
    object: string;
    syncKey: { column: string; field: string };
    mappings: Array<{ from?: string; constant?: string; to: string }>;
  },
): Promise<string> {
  const { createSource } = await client.data(
    `mutation($t: String!, $c: JSONObject!) { createSource(input: { name: "warehouse", type: $t, config: $c }) { id } }`,
    {
      t: input.sourceType ?? 'postgres',
      c: input.warehouse,
    },
  );
  const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
    i: { name: 'bench', sourceId: createSource.id, sql: input.sql },
  });
  const { createDestination } = await client.data(
    `mutation($t: String!, $c: JSONObject!) { createDestination(input: { name: "bench", type: $t, config: $c }) { id } }`,
    {
      t: input.destination.type,
      c: input.destination.config,
    },
  );
  const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
    i: {
      modelId: createModel.id,
      destinationId: createDestination.id,
      object: input.object,
      behavior: 'UPDATE_OR_CREATE',
      syncKey: input.syncKey,
      mappings: input.mappings,
    },
  });
  return createSync.id;
}

/** Postgres source config for a database URL. */
export function sourceConfig(databaseUrl: string): Record<string, unknown> {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port),
    database: url.pathname.slice(1),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
