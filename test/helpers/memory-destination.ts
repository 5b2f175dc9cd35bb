import { z } from 'zod';
import type { DestinationObject, DestinationPlugin, RecordResult } from '../../src/plugins/contract';

export interface MemoryDestinationStore {
  records: Map<string, Record<string, unknown>>;
  writes: number;
}

const config = z.object({
  account: z.string().min(1).describe('Name of the in-memory account'),
  token: z.string().min(1).meta({ writeOnly: true }).describe('Any token; stored like a real secret'),
});

const objects: DestinationObject[] = [
  {
    key: 'person',
    label: 'Person',
    identifiers: ['email'],
    behaviors: ['UPDATE_OR_CREATE', 'UPDATE_ONLY'],
    fields: [
      { key: 'email', label: 'Email', type: 'text', required: true, identifier: true, array: false },
      { key: 'name', label: 'Name', type: 'text', required: false, identifier: false, array: false },
      { key: 'plan', label: 'Plan', type: 'text', required: false, identifier: false, array: false },
      { key: 'tags', label: 'Tags', type: 'tags', required: false, identifier: false, array: true },
    ],
  },
  {
    key: 'company',
    label: 'Company',
    identifiers: ['domain'],
    behaviors: ['UPDATE_OR_CREATE'],
    fields: [
      { key: 'domain', label: 'Domain', type: 'text', required: true, identifier: true, array: false },
      { key: 'title', label: 'Title', type: 'text', required: true, identifier: false, array: false },
    ],
  },
];

/**
 * A destination that keeps records in memory: a test fixture for the core (validation, engine) where the
 * vendor does not matter. It implements the whole contract; the token must be "secret-token" to pass test(). A record
 * without a value for a required field is rejected.
 */
export function memoryDestination(
  store: MemoryDestinationStore = { records: new Map(), writes: 0 },
): DestinationPlugin<typeof config> & { store: MemoryDestinationStore } {
  return {
    id: 'memory',
    kind: 'destination',
    name: 'In-memory destination',
    version: '0.0.1',
    config,
    // Its token is never sent anywhere: the account may change without it.
    secretBindings: [],
    store,
    limits: (cfg) => ({ key: `memory:${cfg.account}`, requestsPerSecond: 1000, maxBatchSize: 500 }),
    async test(cfg) {
      if (cfg.token !== 'secret-token') throw new Error('token rejected');
    },
    async objects(cfg) {
      if (cfg.token !== 'secret-token') throw new Error('token rejected');
      return objects;
    },
    coerce(field, value) {
      if (value === null || value === undefined || value === '') return { ok: true, value: null };
      const refuse = (problem: string) => ({
        ok: false as const,
        reason: `Field "${field.label}" (${field.key}): ${JSON.stringify(value)} ${problem}`,
      });
      if (field.array) return Array.isArray(value) ? { ok: true, value } : refuse('is not a list');
      if (typeof value === 'object' && !(value instanceof Date)) return refuse('is not one value');
      return { ok: true, value: String(value) };
    },
    async write(_cfg, request): Promise<RecordResult[]> {
      store.writes += 1;
      const required = objects.find((object) => object.key === request.object)?.fields.filter((field) => field.required) ?? [];
      return request.records.map((record) => {
        const missing = required.find((field) => record.fields[field.key] === undefined || record.fields[field.key] === null);
        if (missing) return { key: record.key, status: 'rejected', reason: `${missing.label} is required`, retryable: false };
        const id = `${request.object}:${record.key}`;
        const existed = store.records.has(id);
        if (request.behavior === 'UPDATE_ONLY' && !existed)
          return { key: record.key, status: 'rejected', reason: 'no such record', retryable: false };
        store.records.set(id, { ...store.records.get(id), ...record.fields });
        return { key: record.key, status: existed ? 'updated' : 'created', externalId: id };
      });
    },
  };
}
