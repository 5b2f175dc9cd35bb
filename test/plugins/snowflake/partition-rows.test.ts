import { gzipSync } from 'node:zlib';
import { describe, expect, test } from '@jest/globals';
import { partitionRows } from '../../../src/plugins/sources/snowflake/partition-rows';

async function all(bytes: Buffer, gzip = false): Promise<unknown[]> {
  const rows: unknown[] = [];
  for await (const row of partitionRows(bytes, gzip)) rows.push(row);
  return rows;
}

describe('snowflake source: rows parsed one at a time from a partition reply', () => {
  const tricky = [
    ['plain', null, '42'],
    ['with "quotes" and \\ backslash', ']}[{', 'data'],
    ['Zoë 🚀 日本', '{\n  "a": [1, 2]\n}', ''],
  ];

  test('the data rows come out exactly as JSON.parse would read them, strings with brackets and quotes included', async () => {
    const body = JSON.stringify({ other: ['data', { data: [['not', 'these']] }], data: tricky, after: 'x' });
    expect(await all(Buffer.from(body))).toEqual(tricky);
  });

  test('gzip-compressed replies are decompressed as the rows are read; multi-byte characters split across chunks survive', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => [`row ${i} — ünïcödé ✓`, String(i)]);
    const rows = await all(gzipSync(Buffer.from(JSON.stringify({ data: many }))), true);
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual(['row 19999 — ünïcödé ✓', '19999']);
  });

  test('an empty partition yields nothing', async () => {
    expect(await all(Buffer.from('{"data":[]}'))).toEqual([]);
  });

  test('a consumer may stop after the first row of a large partition: return() ends the parse', async () => {
    const body = gzipSync(Buffer.from(JSON.stringify({ data: Array.from({ length: 200_000 }, (_, i) => [String(i)]) })));
    const rows = partitionRows(body, true);
    expect((await rows.next()).value).toEqual(['0']);
    await rows.return(undefined);
  });
});
