import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { DestinationRecord, RecordResult } from '../../src/plugins/contract';
import { conformanceContext } from './conformance-context';
import { secretsAreBound } from './secrets-bound';
import type { DestinationFixture } from './destination-fixture';
import { broken, keep } from './expectations';

/**
 * Checks write()'s answer to `records`: exactly one result per record, matched by key (in any order), each a
 * created/updated or a rejection. Returns the results by key.
 */
function oneResultPerRecord(records: DestinationRecord[], results: RecordResult[]): Map<string, RecordResult> {
  const promise = 'write() must return exactly one result per record, matched by its key';
  keep(Array.isArray(results), promise, () => `it returned ${JSON.stringify(results)}`);
  const byKey = new Map<string, RecordResult>();
  for (const result of results) {
    keep(!byKey.has(result.key), promise, () => `two results have the key ${JSON.stringify(result.key)}`);
    byKey.set(result.key, result);
  }
  const unknown = results.filter((result) => !records.some((record) => record.key === result.key)).map((r) => r.key);
  keep(unknown.length === 0, promise, () => `results have keys no record has: ${JSON.stringify(unknown)}`);
  const missing = records.filter((record) => !byKey.has(record.key)).map((r) => r.key);
  keep(missing.length === 0, promise, () => `no result for ${JSON.stringify(missing)}`);
  for (const result of results) {
    keep(['created', 'updated', 'rejected'].includes(result.status), promise, () => `a result has the status ${JSON.stringify(result.status)}`);
  }
  return byKey;
}

/**
 * The destination conformance suite: what the plugin contract promises of every destination, checked against a
 * real account or a faithful fake through the plugin's fixture. Call it at the top level of a jest test file:
 *
 *     destinationConformance(myFixture);
 *
 * A broken promise fails its test with a message that starts "Broken promise:" and names it.
 */
export function destinationConformance<C>(fixture: DestinationFixture<C>): void {
  const { plugin } = fixture;
  const timeoutMs = fixture.timeoutMs ?? 60_000;
  let config: Record<string, unknown> | null = null;
  const cfg = () => {
    if (!config) throw new Error('the fixture is not set up: its setUp() failed or has not run');
    return config;
  };
  const write = (records: DestinationRecord[]) =>
    plugin.write(
      cfg(),
      { object: fixture.object, behavior: fixture.behavior ?? 'UPDATE_OR_CREATE', records },
      conformanceContext(undefined, fixture.http),
    );

  describe(`${plugin.name} destination conformance`, () => {
    beforeAll(
      async () => {
        config = (await fixture.setUp()) as Record<string, unknown>;
      },
      Math.max(timeoutMs, 120_000),
    );
    afterAll(() => fixture.tearDown(), Math.max(timeoutMs, 60_000));
    secretsAreBound(plugin, cfg);

    test('limits() are sane: an account key, requests per second above 0, maxBatchSize a whole number above 0', () => {
      const limits = plugin.limits(cfg());
      const promise = 'limits() must give the account key, a request budget and the largest batch';
      keep(typeof limits.key === 'string' && limits.key.trim() !== '', promise, () => `the key is ${JSON.stringify(limits.key)}`);
      keep(
        Number.isFinite(limits.requestsPerSecond) && limits.requestsPerSecond > 0,
        promise,
        () => `requestsPerSecond is ${limits.requestsPerSecond}`,
      );
      keep(Number.isInteger(limits.maxBatchSize) && limits.maxBatchSize >= 1, promise, () => `maxBatchSize is ${limits.maxBatchSize}`);
      keep(
        limits.concurrency === undefined || (Number.isInteger(limits.concurrency) && limits.concurrency >= 1),
        promise,
        () => `concurrency is ${limits.concurrency}`,
      );
      for (const route of limits.routes ?? []) {
        const sane = route.pathPrefix.startsWith('/') && Number.isInteger(route.requests) && route.requests >= 1 && route.perMs > 0;
        keep(sane, promise, () => `the route budget ${JSON.stringify(route)} is not a path with a positive budget`);
      }
    });

    test(
      'write() returns exactly one result per record, matched by key',
      async () => {
        const records = Array.from({ length: 10 }, (_, i) => fixture.record(i + 1));
        const results = oneResultPerRecord(records, await write(records));
        const refused = [...results.values()].filter((result) => result.status === 'rejected');
        keep(refused.length === 0, 'write() must write records the fixture says are valid', () => `it rejected ${JSON.stringify(refused)}`);
      },
      timeoutMs,
    );

    test(
      'write() matches results by key in a batch of look-alike keys with mixed results',
      async () => {
        const mixed = Array.from({ length: 6 }, (_, i) => [fixture.record(100 + i), fixture.rejectedRecord(100 + i)] as const);
        const records = mixed.flatMap(([good, bad], i) => (i % 2 === 0 ? [good, bad.record] : [bad.record, good]));
        const results = oneResultPerRecord(records, await write(records));
        for (const [good, bad] of mixed) {
          const written = results.get(good.key)!;
          keep(
            written.status !== 'rejected',
            `write() must give each record its own result, matched by key`,
            () => `the valid ${JSON.stringify(good.key)} got ${JSON.stringify(written)}`,
          );
          const refused = results.get(bad.record.key)!;
          keep(
            refused.status === 'rejected',
            `write() must give each record its own result, matched by key`,
            () => `the invalid ${JSON.stringify(bad.record.key)} got ${JSON.stringify(refused)}`,
          );
        }
      },
      timeoutMs,
    );

    test(
      'a rejection carries its reason and says whether retrying may help',
      async () => {
        const rejected = [fixture.rejectedRecord(200), fixture.rejectedRecord(201)];
        const results = oneResultPerRecord(
          rejected.map((r) => r.record),
          await write(rejected.map((r) => r.record)),
        );
        for (const { record, reason } of rejected) {
          const result = results.get(record.key)!;
          const promise = 'a rejected record must come with a reason that says what is wrong, and `retryable`';
          if (result.status !== 'rejected') broken(promise, `${JSON.stringify(record.key)} was ${result.status}`);
          keep(
            typeof result.reason === 'string' && reason.test(result.reason),
            promise,
            () => `the reason ${JSON.stringify(result.reason)} does not match ${reason}`,
          );
          keep(typeof result.retryable === 'boolean', promise, () => `retryable is ${JSON.stringify(result.retryable)}`);
        }
      },
      timeoutMs,
    );

    test(
      'write() takes a batch of maxBatchSize records, one result each',
      async () => {
        const { maxBatchSize } = plugin.limits(cfg());
        const records = Array.from({ length: maxBatchSize }, (_, i) => fixture.record(1_000 + i));
        const results = oneResultPerRecord(records, await write(records));
        const refused = [...results.values()].filter((result) => result.status === 'rejected');
        keep(
          refused.length === 0,
          `write() must take a batch of maxBatchSize (${maxBatchSize}) records`,
          () => `it rejected ${refused.length}, e.g. ${JSON.stringify(refused[0])}`,
        );
      },
      Math.max(timeoutMs, 120_000),
    );

    test(
      'coerce() accepts a valid and refuses an invalid value of every field type objects() declares',
      async () => {
        const objects = await plugin.objects(cfg(), conformanceContext(undefined, fixture.http));
        const fields = objects.flatMap((object) => object.fields.map((field) => ({ object: object.key, field })));
        const types = [...new Set(fields.map(({ field }) => field.type))];
        const unsampled = types.filter((type) => !fixture.coerceSamples[type]);
        if (unsampled.length > 0) throw new Error(`the fixture gives no coerceSamples for the field types ${unsampled.join(', ')}`);
        const problems: string[] = [];
        for (const { object, field } of fields) {
          const { valid, invalid } = fixture.coerceSamples[field.type];
          const accepted = plugin.coerce(field, valid);
          if (!accepted.ok) problems.push(`${object} ${field.key} (${field.type}) refused ${JSON.stringify(valid)}: ${accepted.reason}`);
          const refused = plugin.coerce(field, invalid);
          if (refused.ok)
            problems.push(`${object} ${field.key} (${field.type}) accepted ${JSON.stringify(invalid)} as ${JSON.stringify(refused.value)}`);
          else if (!refused.reason.includes(field.key) && !refused.reason.includes(field.label)) {
            problems.push(`${object} ${field.key} (${field.type}): the reason "${refused.reason}" does not name the field`);
          }
        }
        keep(
          problems.length === 0,
          'coerce() must turn a valid value into what the field takes, and refuse an invalid one with a reason naming the field',
          () => problems.join('; '),
        );
      },
      timeoutMs,
    );
  });
}
