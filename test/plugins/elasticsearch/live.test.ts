import { describe, expect, test } from '@jest/globals';
import { elasticsearchSource } from '../../../src/plugins/sources/elasticsearch';
import { elasticsearchConfig } from '../../../src/plugins/sources/elasticsearch/config';
import { pluginContext } from '../../helpers/plugin-context';
import { readAll } from './elasticsearch-fixture';

/**
 * Opt-in: against a real cluster when ELASTICSEARCH_URL and ELASTICSEARCH_API_KEY are set (ELASTICSEARCH_INDEX:
 * an index to read, optional; ELASTICSEARCH_CA_CERT: a PEM file's contents, optional). Reads only.
 */
const missing = ['ELASTICSEARCH_URL', 'ELASTICSEARCH_API_KEY'].filter((name) => !process.env[name]);

if (missing.length > 0) {
  describe('Elasticsearch live', () => {
    test.skip(`skipped: set ${missing.join(', ')} to run against a real cluster`, () => undefined);
  });
} else {
  describe('Elasticsearch live', () => {
    const config = elasticsearchConfig.parse({
      url: process.env.ELASTICSEARCH_URL,
      apiKey: process.env.ELASTICSEARCH_API_KEY,
      caCertificate: process.env.ELASTICSEARCH_CA_CERT,
    });
    const index = process.env.ELASTICSEARCH_INDEX;

    test('test() passes; a wrong key is refused with the fix', async () => {
      await elasticsearchSource.test(config, pluginContext());
      await expect(elasticsearchSource.test({ ...config, apiKey: Buffer.from('nobody:wrong').toString('base64') }, pluginContext())).rejects.toThrow(
        /refused the credentials/,
      );
    }, 120_000);

    test('tables() lists no hidden or dot-prefixed index; an unknown index and bad SQL are BAD_USER_INPUT', async () => {
      const tables = await elasticsearchSource.tables!(config, { first: 1000 }, pluginContext());
      expect(tables.filter((t) => t.name.startsWith('.'))).toEqual([]);
      await expect(
        readAll(elasticsearchSource.read(config, { kind: 'sql', sql: 'SELECT * FROM ferry_no_such_index_xyz' }, { batchSize: 10 }, pluginContext())),
      ).rejects.toThrow(/Unknown index/);
      await expect(
        readAll(elasticsearchSource.read(config, { kind: 'sql', sql: 'SELECT * FORM x' }, { batchSize: 10 }, pluginContext())),
      ).rejects.toThrow(/mismatched input/);
    }, 120_000);

    (index ? test : test.skip)(
      `reads ${index ?? 'ELASTICSEARCH_INDEX (unset)'} page by page and closes its cursor`,
      async () => {
        const query = { kind: 'table' as const, table: { schema: null, name: index! } };
        const columns = await elasticsearchSource.columns(config, query, pluginContext());
        expect(columns.length).toBeGreaterThan(0);
        let pages = 0;
        for await (const batch of elasticsearchSource.read({ ...config, multiValueLeniency: true }, query, { batchSize: 100 }, pluginContext())) {
          expect(Object.keys(batch[0])).toEqual(columns.map((c) => c.name));
          pages += 1;
          if (pages === 3) break;
        }
        expect(pages).toBeGreaterThan(0);
      },
      120_000,
    );
  });
}
