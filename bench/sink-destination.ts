import { z } from 'zod';
import type { DestinationPlugin, RecordResult } from '../src/plugins/contract';

const config = z.object({ name: z.string().min(1).describe('Any name') });

/**
 * A destination with no limits that confirms every record at once, so the benchmark measures the engine alone:
 * reading, mapping, hashing, diffing, batching and snapshot upserts.
 */
export const sinkDestination: DestinationPlugin<typeof config> & { written: () => number } = (() => {
  let written = 0;
  return {
    id: 'bench-sink',
    kind: 'destination',
    name: 'Benchmark sink',
    version: '1.0.0',
    config,
    written: () => written,
    limits: (cfg) => ({ key: `bench-sink:${cfg.name}`, requestsPerSecond: 1_000_000, maxBatchSize: 5_000, concurrency: 4 }),
    async test() {},
    async objects() {
      return [
        {
          key: 'person',
          label: 'Person',
          identifiers: ['email'],
          behaviors: ['UPDATE_OR_CREATE'],
          fields: [
            { key: 'email', label: 'Email', type: 'text', required: true, identifier: true, array: false },
            { key: 'name', label: 'Name', type: 'text', required: false, identifier: false, array: false },
            { key: 'plan', label: 'Plan', type: 'text', required: false, identifier: false, array: false },
            { key: 'score', label: 'Score', type: 'text', required: false, identifier: false, array: false },
          ],
        },
      ];
    },
    coerce(_field, value) {
      if (value === null || value === undefined || value === '') return { ok: true, value: null };
      return { ok: true, value: String(value) };
    },
    async write(_cfg, request): Promise<RecordResult[]> {
      written += request.records.length;
      return request.records.map((record) => ({ key: record.key, status: 'created' }));
    },
  };
})();
