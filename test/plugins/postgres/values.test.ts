import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { Client } from 'pg';
import type { Row } from '../../../src/plugins/contract';
import { postgresSource } from '../../../src/plugins/sources/postgres';
import type { PostgresConfig } from '../../../src/plugins/sources/postgres/config';
import { pluginContext } from '../../helpers/plugin-context';
import { postgresFixture, readAll } from './postgres-fixture';

describe('postgres source: values read()', () => {
  let config: PostgresConfig;
  let admin: Client;

  beforeAll(async () => {
    let url: string;
    ({ config, admin, url } = await postgresFixture());
    const database = new URL(url).pathname.slice(1);
    // A zone with a minutes offset (and a seconds one before 1920), so timestamptz parsing cannot get away with "+00".
    await admin.query(`ALTER DATABASE "${database}" SET TimeZone = 'Asia/Kathmandu'`);
    await admin.query(`CREATE TYPE mood AS ENUM ('happy', 'sad')`);
  });
  afterAll(() => admin.end());

  async function oneRow(sql: string): Promise<Row> {
    const batches = await readAll(postgresSource.read(config, { kind: 'sql', sql }, { batchSize: 10 }, pluginContext()));
    assert.equal(batches.length, 1);
    assert.equal(batches[0].length, 1);
    return batches[0][0];
  }

  test('arrays come as arrays, of any element type, quoting and NULLs included', async () => {
    const row = await oneRow(String.raw`
      SELECT ARRAY['a,b', 'say "hi"', NULL, 'back\slash', '', 'NULL', ' padded ']::text[] AS tags,
             ARRAY[[1, 2], [3, 4]]::int4[] AS matrix,
             '[0:1]={7,8}'::int2[] AS shifted,
             '{}'::text[] AS empty,
             ARRAY['happy', 'sad']::mood[] AS moods,
             ARRAY[true, false, NULL] AS flags,
             ARRAY[1.5, 'NaN']::float8[] AS floats,
             ARRAY['{"a": 1}', '[2]']::jsonb[] AS docs,
             '{"(0,0),(1,1)";"(2,2),(3,3)"}'::box[] AS boxes`);
    assert.deepEqual(row, {
      tags: ['a,b', 'say "hi"', null, 'back\\slash', '', 'NULL', ' padded '],
      matrix: [
        [1, 2],
        [3, 4],
      ],
      shifted: [7, 8],
      empty: [],
      moods: ['happy', 'sad'],
      flags: [true, false, null],
      floats: [1.5, Number.NaN],
      docs: [{ a: 1 }, [2]],
      boxes: ['(1,1),(0,0)', '(3,3),(2,2)'],
    });
  });

  test('json and jsonb come as objects', async () => {
    const row = await oneRow(`SELECT '{"a": {"b": [1, 2.5, null]}, "s": "x"}'::jsonb AS doc, '[1, "two"]'::json AS list, 'null'::jsonb AS json_null`);
    assert.deepEqual(row, { doc: { a: { b: [1, 2.5, null] }, s: 'x' }, list: [1, 'two'], json_null: null });
  });

  test('int8 and numeric come as strings, without losing a digit', async () => {
    const row = await oneRow(`
      SELECT 9007199254740993::int8 AS big, 12345678901234567890.123456789::numeric AS exact,
             ARRAY[9007199254740993]::int8[] AS bigs, ARRAY[12345678901234567890.123456789]::numeric[] AS exacts,
             42::int4 AS small, 7::int2 AS tiny, 0.5::float4 AS half, 1.25::float8 AS float`);
    assert.deepEqual(row, {
      big: '9007199254740993',
      exact: '12345678901234567890.123456789',
      bigs: ['9007199254740993'],
      exacts: ['12345678901234567890.123456789'],
      small: 42,
      tiny: 7,
      half: 0.5,
      float: 1.25,
    });
  });

  test('dates come as YYYY-MM-DD strings and timestamps without zone as ISO strings, never shifted', async () => {
    const row = await oneRow(`
      SELECT '2024-02-29'::date AS day, ARRAY['2024-02-29', '1999-12-31']::date[] AS days,
             '2024-03-10 12:34:56.123456'::timestamp AS local_at, 'infinity'::date AS someday`);
    assert.deepEqual(row, {
      day: '2024-02-29',
      days: ['2024-02-29', '1999-12-31'],
      local_at: '2024-03-10T12:34:56.123456',
      someday: 'infinity',
    });
  });

  test('timestamptz comes as a Date at the right instant, whatever the session time zone', async () => {
    const row = await oneRow(`
      SELECT '2024-03-10 12:34:56.789+02'::timestamptz AS at, '1900-01-01 00:00:00+00'::timestamptz AS long_ago,
             ARRAY['2000-01-01 00:00:00+00'::timestamptz] AS ats, 'infinity'::timestamptz AS never,
             current_setting('TimeZone') AS zone, '2024-03-10 10:34:56+00'::timestamptz::text AS printed`);
    assert.equal(row.zone, 'Asia/Kathmandu');
    assert.equal(row.printed, '2024-03-10 16:19:56+05:45', 'the session prints in a +05:45 zone');
    assert.deepEqual(row.at, new Date('2024-03-10T10:34:56.789Z'));
    assert.deepEqual(row.long_ago, new Date('1900-01-01T00:00:00.000Z'));
    assert.deepEqual(row.ats, [new Date('2000-01-01T00:00:00.000Z')]);
    assert.equal(row.never, 'infinity');
  });

  test('bool, bytea, uuid, interval and NULL', async () => {
    const row = await oneRow(`
      SELECT true AS yes, '\\x0001ff'::bytea AS raw, 'f4b0c4a8-5a0e-4d5b-9a57-2f6f0c8d1e22'::uuid AS id,
             '1 day 02:00:00'::interval AS span, 'happy'::mood AS mood, NULL::text AS nothing`);
    assert.deepEqual(row, {
      yes: true,
      raw: Buffer.from([0, 1, 255]).toString('base64'),
      id: 'f4b0c4a8-5a0e-4d5b-9a57-2f6f0c8d1e22',
      span: '1 day 02:00:00',
      mood: 'happy',
      nothing: null,
    });
  });
});
