/**
 * End-to-end fixtures for the engine: a warehouse database to select rows from, a source + model + destination +
 * sync created through the GraphQL API in one call, and helpers to trigger runs and wait for them.
 */
import assert from 'node:assert/strict';
import { Client } from 'pg';
import type { RunCounters } from '../../src/engine/run/run-progress';
import type { Plugin } from '../../src/plugins/contract';
import { createActiveCampaignDestination } from '../../src/plugins/destinations/activecampaign';
import { postgresSource } from '../../src/plugins/sources/postgres';
import type { FakeActiveCampaign } from '../fakes/activecampaign';
import { createTestDatabase } from './database';
import { postgresSourceConfig, type TestFerry } from './ferry-server';
import type { GraphQLTestClient } from './graphql-client';

/** How long tests' ActiveCampaign plugin asks the engine to wait after the importer's rate limit (a minute for real). */
export const IMPORT_RATE_LIMIT_PAUSE_MS = 300;

/** The ActiveCampaign plugin with polling short enough for tests (the fake finishes imports in milliseconds). */
export const testActiveCampaign = createActiveCampaignDestination({
  connectionTestTimeoutMs: 2_000,
  importPoll: { firstIntervalMs: 10, maxIntervalMs: 50, timeoutMs: 20_000 },
  importRateLimitPauseMs: IMPORT_RATE_LIMIT_PAUSE_MS,
});

/** Plugins for an engine test Ferry: the real PostgreSQL source and the ActiveCampaign destination. */
export const enginePlugins: Plugin[] = [postgresSource as Plugin, testActiveCampaign as Plugin];

/** Requests per second of `fastPlugins`' ActiveCampaign: start the fake with this limit to keep them honest. */
export const FAST_REQUESTS_PER_SECOND = 40;

/**
 * The same plugins with a larger account budget, for tests about what a run sends rather than how fast: the
 * engine enforces this budget exactly as it does ActiveCampaign's 5 per second, and the suite stays quick.
 */
export const fastPlugins: Plugin[] = [
  postgresSource as Plugin,
  {
    ...testActiveCampaign,
    limits: (config) => ({ ...testActiveCampaign.limits(config as never), requestsPerSecond: FAST_REQUESTS_PER_SECOND }),
  } as Plugin,
];

/** A database of the test server standing in for the customer's warehouse. */
export interface Warehouse {
  url: string;
  client: Client;
  close(): Promise<void>;
}

export async function startWarehouse(): Promise<Warehouse> {
  const url = await createTestDatabase('warehouse');
  const client = new Client({ connectionString: url });
  await client.connect();
  return { url, client, close: () => client.end() };
}

export interface SyncSpec {
  /** The warehouse the source points at. */
  warehouseUrl: string;
  sql: string;
  /** An existing destination, or the fake account to create one for. */
  destination: string | { apiUrl: string; apiKey: string };
  object?: string;
  behavior?: 'UPDATE_OR_CREATE' | 'UPDATE_ONLY';
  syncKey: { column: string; field: string };
  mappings: Array<{ from?: string; constant?: string; to: string }>;
  name?: string;
  /**
   * The fake behind the destination: when given, creation waits until the account has had a quiet second before
   * and after the API's own discovery calls (createSync reads the destination's objects), so the requests a run
   * makes are measured against the account's budget on their own.
   */
  fake?: FakeActiveCampaign;
}

/** A contact sync keyed on the warehouse's `email` column, to a new destination on the fake's account. */
export function contactSyncSpec(
  warehouse: Warehouse,
  fake: FakeActiveCampaign,
  spec: Pick<SyncSpec, 'sql' | 'mappings'> & Partial<SyncSpec>,
): SyncSpec {
  return {
    warehouseUrl: warehouse.url,
    destination: { apiUrl: fake.url, apiKey: fake.apiKey },
    fake,
    syncKey: { column: 'email', field: 'email' },
    ...spec,
  };
}

/** Resolves once the fake has seen no request for a full second, so a new burst starts with the whole budget. */
export async function quietAccount(fake: FakeActiveCampaign): Promise<void> {
  for (;;) {
    const last = fake.requests.entries.at(-1)?.time ?? 0;
    const wait = last + 1_050 - Date.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export interface CreatedSync {
  sourceId: string;
  modelId: string;
  destinationId: string;
  syncId: string;
}

/** Source → model → destination → sync, each through the API, as a user would set them up. */
export async function createSync(client: GraphQLTestClient, spec: SyncSpec): Promise<CreatedSync> {
  const { createSource } = await client.data(
    `mutation($c: JSONObject!) { createSource(input: { name: "Warehouse", type: "postgres", config: $c }) { id } }`,
    {
      c: postgresSourceConfig(spec.warehouseUrl),
    },
  );
  const { createModel } = await client.data(`mutation($i: ModelInput!) { createModel(input: $i) { id } }`, {
    i: { name: spec.name ?? 'Model', sourceId: createSource.id, sql: spec.sql },
  });
  let destinationId: string;
  if (typeof spec.destination === 'string') destinationId = spec.destination;
  else {
    const { createDestination } = await client.data(
      `mutation($c: JSONObject!) { createDestination(input: { name: "AC", type: "activecampaign", config: $c }) { id } }`,
      {
        c: spec.destination,
      },
    );
    destinationId = createDestination.id;
  }
  const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
    i: {
      name: spec.name,
      modelId: createModel.id,
      destinationId,
      object: spec.object ?? 'contact',
      behavior: spec.behavior ?? 'UPDATE_OR_CREATE',
      syncKey: spec.syncKey,
      mappings: spec.mappings,
    },
  });
  return { sourceId: createSource.id, modelId: createModel.id, destinationId, syncId: createSync.id };
}

export interface ContactSyncOptions {
  name?: string;
  syncKey?: { column: string; field: string };
  mappings?: Array<{ from?: string; constant?: string; to: string }>;
  /** Wait for a quiet second on the account after its destination is made (see quietAccount). */
  quiet?: boolean;
}

/**
 * The second half of a source's end-to-end test, as a user would do it over the API: a destination on the fake
 * account and a contact sync of the model (keyed on `email`, `first_name` → `firstName` unless told otherwise).
 * Returns the sync's id.
 */
export async function syncModelToContacts(
  client: GraphQLTestClient,
  modelId: string,
  fake: FakeActiveCampaign,
  options: ContactSyncOptions = {},
): Promise<string> {
  const { createDestination } = await client.data(
    `mutation($c: JSONObject!) { createDestination(input: { name: "AC", type: "activecampaign", config: $c }) { id } }`,
    { c: { apiUrl: fake.url, apiKey: fake.apiKey } },
  );
  if (options.quiet) await quietAccount(fake);
  const { createSync } = await client.data(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
    i: {
      name: options.name ?? 'Model to contacts',
      modelId,
      destinationId: createDestination.id,
      object: 'contact',
      behavior: 'UPDATE_OR_CREATE',
      syncKey: options.syncKey ?? { column: 'email', field: 'email' },
      mappings: options.mappings ?? [{ from: 'first_name', to: 'firstName' }],
    },
  });
  return createSync.id;
}

export const runFields =
  'id status trigger fullResync queuedAt startedAt finishedAt rowsRead rowsChanged rowsUnchanged rowsCreated rowsUpdated rowsRejected progress error';

export interface RunState extends RunCounters {
  id: string;
  status: string;
  trigger: string;
  fullResync: boolean;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: number;
  error: string | null;
}

const terminal = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

export async function runState(client: GraphQLTestClient, runId: string): Promise<RunState> {
  const { syncRun } = await client.data(`query($id: ID!) { syncRun(id: $id) { ${runFields} } }`, { id: runId });
  return syncRun;
}

/** Polls the run until `until` holds (by default: a terminal status). */
export async function waitForRun(
  client: GraphQLTestClient,
  runId: string,
  until: (run: RunState) => boolean = (run) => terminal.has(run.status),
  timeoutMs = 30_000,
  pollMs = 50,
): Promise<RunState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runState(client, runId);
    if (until(run)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not reach the expected state in ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** The sync's runs (the latest 50) through the API. */
export async function runsOf(client: GraphQLTestClient, syncId: string): Promise<RunState[]> {
  const { sync } = await client.data(`query($id: ID!) { sync(id: $id) { runs(first: 50) { edges { node { ${runFields} } } } } }`, { id: syncId });
  return sync.runs.edges.map((edge: { node: RunState }) => edge.node);
}

export async function trigger(client: GraphQLTestClient, syncId: string, fullResync = false): Promise<RunState> {
  const { triggerSync } = await client.data(`mutation($id: ID!, $full: Boolean) { triggerSync(id: $id, fullResync: $full) { ${runFields} } }`, {
    id: syncId,
    full: fullResync,
  });
  return triggerSync;
}

/** Triggers a run and waits for its end. */
export async function runToEnd(client: GraphQLTestClient, syncId: string, fullResync = false, timeoutMs?: number): Promise<RunState> {
  const run = await trigger(client, syncId, fullResync);
  return waitForRun(client, run.id, undefined, timeoutMs);
}

export interface RejectedRowNode {
  key: string;
  reason: string;
  record: Record<string, unknown> | null;
}

/** Every rejected row of a run, read page by page through `rejectedRows(first, after)`. */
export async function allRejectedRows(
  client: GraphQLTestClient,
  runId: string,
  pageSize = 2,
): Promise<{ rows: RejectedRowNode[]; pages: number; totalCount: number }> {
  const rows: RejectedRowNode[] = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = 0;
  for (;;) {
    const {
      syncRun,
    }: {
      syncRun: {
        rejectedRows: { totalCount: number; edges: Array<{ node: RejectedRowNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      };
    } = await client.data(
      `query($id: ID!, $first: Int, $after: String) { syncRun(id: $id) { rejectedRows(first: $first, after: $after) { totalCount edges { node { key reason record } } pageInfo { hasNextPage endCursor } } } }`,
      { id: runId, first: pageSize, after },
    );
    pages += 1;
    totalCount = syncRun.rejectedRows.totalCount;
    rows.push(...syncRun.rejectedRows.edges.map((edge) => edge.node));
    if (!syncRun.rejectedRows.pageInfo.hasNextPage) break;
    after = syncRun.rejectedRows.pageInfo.endCursor;
    assert.ok(after, 'a page with a next page has an end cursor');
  }
  return { rows, pages, totalCount };
}

/** The sync's snapshot rows, straight from Ferry's database. */
export async function snapshotKeys(ferry: TestFerry, syncId: string): Promise<string[]> {
  const rows: Array<{ record_key: string }> = await ferry.ferry.db.query(
    'SELECT record_key FROM sync_snapshots WHERE sync_id = $1 ORDER BY record_key',
    [syncId],
  );
  return rows.map((row) => row.record_key);
}
