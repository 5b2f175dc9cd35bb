import { Client } from 'pg';
import { startMariaDb } from '../../test/helpers/mariadb-server';
import { createSync, runToEnd, sourceConfig, startBenchFerry } from '../bench-ferry';
import { measureCpu } from '../cpu-time';
import { withPeakRss } from '../peak-rss';
import type { ScenarioContext, ScenarioResult } from './scenario';

const ROWS = 1_000_000;

/** 1,000,000 new rows of 4 columns from `sourceType` through the engine into the unlimited sink. */
async function readThroughEngine(
  ctx: ScenarioContext,
  sourceType: string,
  warehouse: Record<string, unknown>,
  table: string,
): Promise<ScenarioResult> {
  const ferry = await startBenchFerry(ctx.ferryUrl, ctx.secretKey);
  try {
    const syncId = await createSync(ferry.client, {
      warehouse,
      sourceType,
      sql: `SELECT email, name, plan, score FROM ${table}`,
      destination: { type: 'bench-sink', config: { name: `${sourceType}-million` } },
      object: 'person',
      syncKey: { column: 'email', field: 'email' },
      mappings: [
        { from: 'name', to: 'name' },
        { from: 'plan', to: 'plan' },
        { from: 'score', to: 'score' },
      ],
    });
    const {
      result: { result: run, peakMb },
      engineCpu,
    } = await measureCpu(() => withPeakRss(() => runToEnd(ferry.client, syncId)));
    if (run.status !== 'SUCCEEDED' || run.rowsCreated !== ROWS) throw new Error(`${sourceType} run: ${JSON.stringify(run)}`);
    return {
      'rows read and confirmed': run.rowsCreated,
      'run seconds': Math.round(run.seconds * 100) / 100,
      'rows per second': Math.round(ROWS / run.seconds),
      'peak RSS (MB)': peakMb,
      'Ferry process CPU seconds': engineCpu,
    };
  } finally {
    await ferry.running.stop();
  }
}

/** (e) The same million rows read from a real MariaDB (Debian's mariadb-server, started for the scenario) by the mysql source. */
export async function mysqlReadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const server = await startMariaDb();
  try {
    await server.admin.query(`CREATE TABLE bench_people (id INT PRIMARY KEY, email VARCHAR(64), name VARCHAR(64), plan VARCHAR(16), score INT)`);
    await server.admin.query(
      `INSERT INTO bench_people SELECT seq, CONCAT('person', seq, '@example.com'), CONCAT('Person number ', seq), ELT(1 + seq % 4, 'free', 'pro', 'team', 'enterprise'), seq * 7919 % 1000 FROM seq_1_to_${ROWS}`,
    );
    const warehouse = { host: '127.0.0.1', port: server.port, database: server.database, user: server.reader.user, password: server.reader.password };
    return await readThroughEngine(ctx, 'mysql', warehouse, 'bench_people');
  } finally {
    await server.stop();
  }
}

/** (f) The million rows read by the redshift source: its dialect (plain cursor, FETCHes of 1,000) against the warehouse PostgreSQL. */
export async function redshiftReadScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const warehouse = new Client({ connectionString: ctx.warehouseUrl });
  await warehouse.connect();
  try {
    await warehouse.query(`DROP TABLE IF EXISTS bench_redshift_people`);
    await warehouse.query(
      `CREATE TABLE bench_redshift_people AS SELECT g AS id, 'person' || g || '@example.com' AS email, 'Person number ' || g AS name, (ARRAY['free','pro','team','enterprise'])[1 + g % 4] AS plan, (g::bigint * 7919 % 1000)::int AS score FROM generate_series(1, ${ROWS}) g`,
    );
  } finally {
    await warehouse.end();
  }
  return readThroughEngine(ctx, 'redshift', { ...sourceConfig(ctx.warehouseUrl), ssl: false }, 'bench_redshift_people');
}
