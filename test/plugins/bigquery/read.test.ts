import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PluginConfigError, type Row } from '../../../src/plugins/contract';
import { bigQuerySource } from '../../../src/plugins/sources/google/bigquery';
import { generatedRowsSql } from '../../fakes/bigquery';
import { pluginContext } from '../../helpers/plugin-context';
import { PROJECT, startBigQuerySetup, type BigQuerySetup } from './bigquery-fake-setup';

async function readAll(rows: AsyncIterable<Row[]>): Promise<Row[][]> {
  const batches: Row[][] = [];
  for await (const batch of rows) batches.push(batch);
  return batches;
}

describe('bigquery source: read()', () => {
  let setup: BigQuerySetup;
  beforeAll(async () => {
    setup = await startBigQuerySetup({ maxWaitMs: 200 });
    setup.fake.warehouse.addTable(
      PROJECT,
      'crm',
      'people',
      [
        { name: 'id', type: 'INTEGER' },
        { name: 'big', type: 'INTEGER' },
        { name: 'price', type: 'NUMERIC' },
        { name: 'huge', type: 'BIGNUMERIC' },
        { name: 'score', type: 'FLOAT' },
        { name: 'active', type: 'BOOLEAN' },
        { name: 'name', type: 'STRING' },
        { name: 'blob', type: 'BYTES' },
        { name: 'born', type: 'DATE' },
        { name: 'seen_local', type: 'DATETIME' },
        { name: 'wake', type: 'TIME' },
        { name: 'seen', type: 'TIMESTAMP' },
        { name: 'doc', type: 'JSON' },
        { name: 'tags', type: 'STRING', mode: 'REPEATED' },
        {
          name: 'address',
          type: 'RECORD',
          fields: [
            { name: 'city', type: 'STRING' },
            { name: 'zips', type: 'INTEGER', mode: 'REPEATED' },
          ],
        },
      ],
      [
        [
          1,
          9007199254740993n,
          '123456789012345678.123456789',
          '1.5e40',
          2.5,
          true,
          'Ada',
          Buffer.from('hi').toString('base64'),
          '1815-12-10',
          '2024-05-06T07:08:09.123456',
          '10:11:12.5',
          1714979289123456n,
          { plan: 'pro', seats: [1, 2] },
          ['a', 'b'],
          ['London', [1, 2]],
        ],
        [2, null, null, null, Number.NaN, false, null, null, null, null, null, null, null, [], null],
      ],
    );
  });
  afterAll(() => setup.fake.close());

  const read = (sql: string, batchSize: number, signal?: AbortSignal) =>
    bigQuerySource.read(setup.config, { kind: 'sql', sql }, { batchSize }, pluginContext(signal ? { signal } : {}));

  test("every BigQuery type comes in the contract's form", async () => {
    const [[first, second]] = await readAll(read('SELECT * FROM `crm.people`', 100));
    expect(first).toEqual({
      id: '1',
      big: '9007199254740993',
      price: '123456789012345678.123456789',
      huge: '1.5e40',
      score: 2.5,
      active: true,
      name: 'Ada',
      blob: 'aGk=',
      born: '1815-12-10',
      seen_local: '2024-05-06T07:08:09.123456',
      wake: '10:11:12.5',
      seen: new Date('2024-05-06T07:08:09.123Z'),
      doc: { plan: 'pro', seats: [1, 2] },
      tags: ['a', 'b'],
      address: { city: 'London', zips: ['1', '2'] },
    });
    expect(second).toMatchObject({ big: null, score: Number.NaN, active: false, seen: null, doc: null, tags: [], address: null });
  });

  test('pages through getQueryResults with pageToken: batches of batchSize, every row once, in order', async () => {
    const batches = await readAll(read(generatedRowsSql(2_050), 500));
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 500, 500, 50]);
    expect(batches.flat().map((row) => Number(row.id))).toEqual(Array.from({ length: 2_050 }, (_, index) => index + 1));
    const pageRequests = setup.fake.requests.filter((line) => line.includes('pageToken='));
    expect(pageRequests.length).toBe(4);
  });

  test('polls getQueryResults while the job is not complete, then reads it', async () => {
    const before = setup.fake.requests.length;
    const batches = await readAll(read(`/* fake:slow 1.2 */ ${generatedRowsSql(3)}`, 10));
    expect(batches.flat()).toHaveLength(3);
    const made = setup.fake.requests.slice(before);
    expect(made[0]).toMatch(/^POST \/bigquery\/v2\/projects\/ferry-test\/queries$/);
    expect(made.some((line) => /^GET .*\/queries\/job_.*timeoutMs=/.test(line))).toBe(true);
  });

  test('a table model reads `dataset.table`', async () => {
    const rows = (
      await readAll(
        bigQuerySource.read(setup.config, { kind: 'table', table: { schema: 'crm', name: 'people' } }, { batchSize: 10 }, pluginContext()),
      )
    ).flat();
    expect(rows.map((row) => row.id)).toEqual(['1', '2']);
    expect(bigQuerySource.tableSql!({ schema: 'crm', name: 'people' })).toBe('SELECT * FROM `crm.people`');
  });

  test('an abort while the job runs cancels it on BigQuery (jobs.cancel) and throws the abort reason', async () => {
    const controller = new AbortController();
    const reading = readAll(read(`/* fake:slow 30 */ ${generatedRowsSql(5)}`, 10, controller.signal));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(setup.fake.jobs.running()).toHaveLength(1);
    const reason = new Error('run cancelled');
    controller.abort(reason);
    await expect(reading).rejects.toBe(reason);
    expect(setup.fake.jobs.running()).toHaveLength(0);
    expect(setup.fake.requests.some((line) => /^POST .*\/jobs\/job_[^/]+\/cancel/.test(line))).toBe(true);
  });

  test('a query that outlives queryTimeoutSeconds is cancelled and reported with the setting to raise', async () => {
    const error = await readAll(
      bigQuerySource.read(
        { ...setup.config, queryTimeoutSeconds: 1 },
        { kind: 'sql', sql: `/* fake:slow 30 */ SELECT 1` },
        { batchSize: 10 },
        pluginContext(),
      ),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(/within 1 seconds \(queryTimeoutSeconds\).*raise queryTimeoutSeconds/);
    expect(setup.fake.jobs.running()).toHaveLength(0);
  });

  test("an invalid query is refused with BigQuery's own message", async () => {
    const error = await readAll(read('SELEC nonsense', 10)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toMatch(/^Syntax error: Unexpected identifier "SELEC"/);
  });

  test('a failure at run time (ERROR()) fails the read with its message', async () => {
    const error = await readAll(read("SELECT ERROR('no rows for you') AS x", 10)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PluginConfigError);
    expect((error as Error).message).toBe('no rows for you');
  });
});
