import { sourceConformance, type FixtureColumn, type FixtureColumnType, type SourceFixture } from '../../conformance';
import { bigQuerySource } from '../../../src/plugins/sources/google/bigquery';
import type { BigQueryConfig } from '../../../src/plugins/sources/google/bigquery/config';
import { quotePath } from '../../../src/plugins/sources/google/bigquery/model-sql';
import { generatedRowsSql, type FakeField } from '../../fakes/bigquery';
import { startFakeBigQueryProcess, type FakeBigQueryProcess } from '../../fakes/bigquery/fake-process';
import { startSilentServer } from '../../helpers/silent-server';
import { forgedKey } from '../google-service-account/forged-key';

const DATASET = 'conformance';

/**
 * The suite's portable types as BigQuery's. BigQuery has no 32-bit integer: its INT64 comes as a string (the
 * contract's form for 64-bit integers, checked by `bigint`), so the suite's `integer`, which it expects as a number,
 * is a FLOAT64 holding whole numbers. `text[]` becomes JSON: BigQuery has no NULL arrays (a NULL ARRAY comes back
 * as []), so the suite's NULL row could not hold one. INT64 and REPEATED fields are covered by read.test.ts.
 */
const types: Record<FixtureColumnType, FakeField['type']> = {
  integer: 'FLOAT',
  bigint: 'INTEGER',
  numeric: 'BIGNUMERIC',
  double: 'FLOAT',
  text: 'STRING',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'DATETIME',
  timestamptz: 'TIMESTAMP',
  json: 'JSON',
  'text[]': 'JSON',
};

// The fake runs in a process of its own, so the memory test measures the plugin alone.
let fake: FakeBigQueryProcess;
let silent: Awaited<ReturnType<typeof startSilentServer>>;

const fixture: SourceFixture<BigQueryConfig> = {
  plugin: bigQuerySource,
  pluginModule: { path: require.resolve('../../../src/plugins/sources/google/bigquery'), exportName: 'bigQuerySource' },
  async setUp() {
    fake = await startFakeBigQueryProcess();
    await fake.addDataset(DATASET);
    silent = await startSilentServer();
    return { serviceAccountKey: fake.keyJson, queryTimeoutSeconds: 60, requestTimeoutSeconds: 10, apiUrl: fake.url };
  },
  async tearDown() {
    await fake?.close();
    await silent?.close();
  },
  badConfigs: (good) => ({
    wrongPassword: {
      config: { ...good, serviceAccountKey: forgedKey(good.serviceAccountKey) },
      message: /Invalid JWT Signature\..*Create a new JSON key/,
    },
    unknownDatabase: { config: { ...good, projectId: 'no-such-project' }, message: /Not found: Project no-such-project: check projectId/ },
    unreachableHost: { config: { ...good, apiUrl: 'http://127.0.0.1:1' }, message: /Could not reach 127\.0\.0\.1:1 \(ECONNREFUSED\)/ },
    timeout: { config: { ...good, apiUrl: silent.url, requestTimeoutSeconds: 1 }, message: /did not answer within 1 seconds/ },
  }),
  async createTable(name: string, columns: FixtureColumn[], rows: unknown[][]) {
    await fake.addTable(
      DATASET,
      name,
      columns.map((column) => ({ name: column.name, type: types[column.type] })),
      rows,
    );
    return { kind: 'sql', sql: `SELECT * FROM ${quotePath(DATASET, name)}` };
  },
  table: (name) => ({ schema: DATASET, name }),
  // BigQuery table names may hold spaces and mixed case, not quotes.
  quotedTableName: (unique) => `Mixed Case Name ${unique}`,
  failsWhenExecuted: async () => ({ kind: 'sql', sql: "SELECT ERROR('a row was read') AS x" }),
  generatedRows: (count) => ({ kind: 'sql', sql: generatedRowsSql(count) }),
  slowQuery: (seconds) => ({ kind: 'sql', sql: `/* fake:slow ${seconds} */ SELECT 1 AS x` }),
  invalidQuery: () => ({ query: { kind: 'sql', sql: 'SELEC 1' }, message: /^Syntax error: Unexpected identifier "SELEC" at \[1:1\]/ }),
  openSessions: () => fake.runningJobs(),
};

sourceConformance(fixture);
