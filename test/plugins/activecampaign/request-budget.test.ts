/**
 * Requests each write costs, from the fake's request log: what the throughput targets rest on (at 5
 * requests a second, ≥ 1,200,000 contacts an hour leaves ~3.75 requests per 250-contact import, and ≥ 15,000
 * accounts or custom-object records an hour leaves one request per record).
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { DestinationRecord } from '../../../src/plugins/contract';
import { createActiveCampaignDestination } from '../../../src/plugins/destinations/activecampaign';
import { contact, requestsSince, startTestAccount, type TestAccount } from './test-account';

/** Imports take 100 ms here; polling starts at 50 ms, so timing jitter on a busy machine does not matter. */
const paced = createActiveCampaignDestination({ importPoll: { firstIntervalMs: 50, maxIntervalMs: 200, timeoutMs: 60_000 } });

const batch = (prefix: string, from: number) =>
  Array.from({ length: 250 }, (_, i) => contact(`${prefix}${from + i}@example.com`, { firstName: 'F' }));

/** Writes four batches of 250 in one run; the requests of each batch, without the run's one-off loads. */
async function fourBatches(account: TestAccount, prefix: string): Promise<{ perBatch: string[][]; statuses: Set<string> }> {
  const ctx = account.context();
  const perBatch: string[][] = [];
  const statuses = new Set<string>();
  for (let b = 0; b < 4; b += 1) {
    const mark = account.fake.requests.count;
    const results = await paced.write(account.config, { object: 'contact', behavior: 'UPDATE_OR_CREATE', records: batch(prefix, b * 250) }, ctx);
    results.forEach((r) => statuses.add(r.status));
    perBatch.push(requestsSince(account.fake, mark).filter((r) => !r.startsWith('GET /lists/exclusions')));
  }
  return { perBatch, statuses };
}

function assertWithinBudget(perBatch: string[][]): void {
  for (const [i, requests] of perBatch.entries()) {
    assert.equal(requests.filter((r) => r.startsWith('POST /import/bulk_import')).length, 1, `batch ${i}: one POST`);
    assert.deepEqual(
      requests.filter((r) => !r.startsWith('POST /import/bulk_import') && !r.startsWith('GET /import/info')),
      [],
      `batch ${i}: only the POST and polls`,
    );
    if (i > 0) assert.ok(requests.length <= 3, `batch ${i} after the run learnt the import time: ${requests.join(', ')}`);
  }
  const total = perBatch.flat().length + 1; // the exclusion list, once per run
  assert.ok(total / perBatch.length <= 3.75, `${total} requests for ${perBatch.length} batches`);
}

describe('request budget per write', () => {
  let account: TestAccount;
  beforeAll(async () => {
    account = await startTestAccount({ bulkImport: { processingDelayMs: 100 } });
  });
  afterAll(() => account.close());

  test('250 new contacts: 1 POST and about 1 poll per batch, no id lookups', async () => {
    const { perBatch, statuses } = await fourBatches(account, 'fresh');
    assert.deepEqual([...statuses], ['created']);
    assertWithinBudget(perBatch);
  });

  test('250 existing contacts: 1 POST and about 1 poll per batch, no id lookups', async () => {
    for (let i = 0; i < 1000; i += 1) account.fake.state.addContact({ email: `known${i}@example.com` });
    const { perBatch, statuses } = await fourBatches(account, 'known');
    assert.deepEqual([...statuses], ['updated']);
    assertWithinBudget(perBatch);
  });

  test('accounts: one request per record (POST to create, PUT to update), plus the run’s one-off loads', async () => {
    for (let i = 0; i < 10; i += 1) account.fake.state.addAccount({ name: `Budget ${i}` });
    const ctx = account.context();
    const records: DestinationRecord[] = Array.from({ length: 20 }, (_, i) => ({
      key: `Budget ${i}`,
      fields: { name: `Budget ${i}`, accountUrl: `https://b${i}.example` },
    }));
    await account.write('account', records.slice(0, 1), 'UPDATE_OR_CREATE', ctx); // the run's loads
    const mark = account.fake.requests.count;
    const results = await account.write('account', records.slice(1), 'UPDATE_OR_CREATE', ctx);
    const requests = requestsSince(account.fake, mark);
    assert.equal(requests.length, 19, requests.join('\n'));
    assert.equal(requests.filter((r) => r.startsWith('PUT /accounts/')).length, 9);
    assert.equal(requests.filter((r) => r === 'POST /accounts').length, 10);
    assert.deepEqual([...new Set([...results.values()].map((r) => r.status))].sort(), ['created', 'updated']);
  });

  test('custom objects: one request per record, created or updated', async () => {
    const schema = account.fake.state.addSchema({ slug: 'budget', fields: [{ id: 'n', type: 'number' }] });
    const records: DestinationRecord[] = Array.from({ length: 10 }, (_, i) => ({ key: `r${i}`, fields: { externalId: `r${i}`, 'field:n': i } }));
    await account.write(`customObject:${schema.id}`, records.slice(0, 5));
    const mark = account.fake.requests.count;
    const results = await account.write(`customObject:${schema.id}`, records);
    assert.deepEqual(requestsSince(account.fake, mark), Array(10).fill(`POST /customObjects/records/${schema.id}`));
    assert.deepEqual(
      [...results.values()].map((r) => r.status),
      [...Array(5).fill('updated'), ...Array(5).fill('created')],
    );
  });
});
