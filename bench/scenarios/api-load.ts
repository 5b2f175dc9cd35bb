import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { startFakeActiveCampaign } from '../../test/fakes/activecampaign';
import { createApiToken } from '../../src/schema/auth';
import { type BenchClient, createSync, sourceConfig, startBenchFerry } from '../bench-ferry';
import { postgresCpuSeconds, postmasterPid, processCpuSeconds } from '../cpu-time';
import { LOAD_RESULT, type LoadPlan, type LoadResult } from '../load/drive-load';
import type { ScenarioContext, ScenarioResult } from './scenario';

/** The load: 200 keep-alive clients reading the sync list for 20 s, idle and then with 10 runs going. */
const CONNECTIONS = 200;
/** FERRY_BENCH_API_LOAD_SECONDS shortens the phases, for profiling; the figures to compare are from the full 20 s. */
const SECONDS = Number(process.env.FERRY_BENCH_API_LOAD_SECONDS ?? 20);
const QUERY = '{ syncs { id name lastRun { status } } }';
const BUSY_RUNS = 10;
/** Each busy run has more contacts than the account's limits let through in a phase, so it lasts all of it. */
const CONTACTS_PER_RUN = 3_000;
const PROBE_SYNCS = 3;
const PROBE_EVERY_MS = 250;

function driveLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(__dirname, '../load/drive-load.js')], {
      env: { ...process.env, FERRY_LOAD_PLAN: JSON.stringify(plan) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk) => (out += chunk));
    proc.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(LOAD_RESULT));
      if (code === 0 && line) resolve(JSON.parse(line.slice(LOAD_RESULT.length)));
      else reject(new Error(`load generator failed (exit ${code}):\n${out}`));
    });
  });
}

/** Drives one phase and reports its figures under `label`, with the CPU Ferry and PostgreSQL spent per request. */
async function phase(label: string, plan: LoadPlan, postmaster: number | undefined): Promise<ScenarioResult> {
  const ferryCpu = processCpuSeconds();
  const postgresCpu = postgresCpuSeconds(postmaster);
  const load = await driveLoad(plan);
  const postgresAfter = postgresCpuSeconds(postmaster);
  if (load.triggerErrors > 0 || load.errors > 0) process.stderr.write(`${label}: first error: ${load.firstError}\n`);
  const perRequestMs = (seconds: number) => Math.round(((seconds * 1000) / Math.max(1, load.requests + load.triggers)) * 100) / 100;
  return {
    [`${label}: requests per second`]: Math.round(load.requests / load.seconds),
    [`${label}: p50 (ms)`]: load.latency.p50,
    [`${label}: p99 (ms)`]: load.latency.p99,
    [`${label}: errors`]: load.errors,
    [`${label}: triggerSync p50 (ms)`]: load.triggerLatency.p50,
    [`${label}: triggerSync p99 (ms)`]: load.triggerLatency.p99,
    [`${label}: triggerSync errors`]: load.triggerErrors,
    [`${label}: Ferry CPU ms per request`]: perRequestMs(processCpuSeconds() - ferryCpu),
    ...(postgresCpu === null || postgresAfter === null
      ? {}
      : { [`${label}: PostgreSQL CPU ms per request`]: perRequestMs(postgresAfter - postgresCpu) }),
  };
}

async function waitForRunning(client: BenchClient, runIds: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const statuses = await Promise.all(
      runIds.map(async (id) => (await client.data(`query($id: ID!) { syncRun(id: $id) { status } }`, { id })).syncRun.status as string),
    );
    if (statuses.every((status) => status === 'RUNNING')) return;
    if (statuses.some((status) => status !== 'QUEUED' && status !== 'RUNNING'))
      throw new Error(`a busy run ended before the loaded phase: ${statuses.join(', ')}`);
    if (Date.now() > deadline) throw new Error(`busy runs not all RUNNING after 60 s: ${statuses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * (e) The API under load: 200 concurrent keep-alive clients read `{ syncs { id name lastRun { status } } }` for 20 s,
 * then again while 10 runs write contacts into the fake ActiveCampaign at its real limits; all along, a probe
 * triggers a run four times a second and times `triggerSync`. Authenticated with a stored token, as a user is.
 */
export async function apiLoadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  await warehouse.query(`DROP TABLE IF EXISTS bench_load_contacts`);
  await warehouse.query(
    `CREATE TABLE bench_load_contacts AS SELECT g % ${BUSY_RUNS} AS shard, 'load' || g || '@example.com' AS email, 'First' || g AS first_name FROM generate_series(1, ${BUSY_RUNS * CONTACTS_PER_RUN}) g`,
  );
  const postmaster = await postmasterPid(warehouse);
  await warehouse.end();
  const fake = await startFakeActiveCampaign({ requestsPerSecond: 5, bulkImport: { perMinute: 100, maxContacts: 250 } });
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey, { FERRY_WORKER_CONCURRENCY: String(BUSY_RUNS + 2) });
  const busyRuns: string[] = [];
  try {
    const { token } = await createApiToken(ferry.running.ferry.db, 'api-load bench');
    const busySyncs: string[] = [];
    for (let shard = 0; shard < BUSY_RUNS; shard++) {
      busySyncs.push(
        await createSync(ferry.client, {
          warehouse: sourceConfig(ctx.warehouseUrl),
          sql: `SELECT email, first_name FROM bench_load_contacts WHERE shard = ${shard}`,
          destination: { type: 'activecampaign', config: { apiUrl: fake.url, apiKey: fake.apiKey } },
          object: 'contact',
          syncKey: { column: 'email', field: 'email' },
          mappings: [{ from: 'first_name', to: 'firstName' }],
        }),
      );
    }
    // Probe syncs write into the sink (their runs are cancelled at once anyway), so they cost the account nothing.
    const probeSyncs: string[] = [];
    for (let i = 0; i < PROBE_SYNCS; i++) {
      probeSyncs.push(
        await createSync(ferry.client, {
          warehouse: sourceConfig(ctx.warehouseUrl),
          sql: `SELECT email, first_name FROM bench_load_contacts LIMIT 1`,
          destination: { type: 'bench-sink', config: { name: `probe-${i}` } },
          object: 'person',
          syncKey: { column: 'email', field: 'email' },
          mappings: [{ from: 'first_name', to: 'name' }],
        }),
      );
    }
    const plan: LoadPlan = {
      url: ferry.running.url!,
      token,
      query: QUERY,
      connections: CONNECTIONS,
      seconds: SECONDS,
      probeSyncIds: probeSyncs,
      probeEveryMs: PROBE_EVERY_MS,
    };

    const idle = await phase('idle', plan, postmaster);

    for (const syncId of busySyncs) {
      const { triggerSync } = await ferry.client.data(`mutation($id: ID!) { triggerSync(id: $id) { id } }`, { id: syncId });
      busyRuns.push(triggerSync.id);
    }
    await waitForRunning(ferry.client, busyRuns);
    const busy = await phase('10 runs', plan, postmaster);
    const stillRunning = (
      await Promise.all(
        busyRuns.map(async (id) => (await ferry.client.data(`query($id: ID!) { syncRun(id: $id) { status } }`, { id })).syncRun.status),
      )
    ).filter((status) => status === 'RUNNING').length;
    return {
      ...idle,
      ...busy,
      '10 runs: runs still going at the end': stillRunning,
      'peak RSS (MB)': Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    for (const id of busyRuns) await ferry.client.data(`mutation($id: ID!) { cancelSyncRun(id: $id) { id } }`, { id }).catch(() => undefined);
    await ferry.running.stop();
    await fake.close();
  }
}
