/**
 * UPDATE_ONLY's existence check: a request per row while that is cheaper, the account's emails read once per run
 * (1 request per 100 contacts) once the run's per-row lookups would cost as much.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { DestinationRecord } from '../../../src/plugins/contract';
import { contact, requestsSince, startTestAccount, type TestAccount } from './test-account';

const rows = (prefix: string, from: number, count: number): DestinationRecord[] =>
  Array.from({ length: count }, (_, i) => contact(`${prefix}${from + i}@example.com`, { firstName: 'Updated' }));

const emailLookups = (requests: string[]) => requests.filter((r) => r.startsWith('GET /contacts?email=')).length;
const accountPages = (requests: string[]) => requests.filter((r) => r.startsWith('GET /contacts?orders[id]=ASC')).length;

describe('UPDATE_ONLY existence check', () => {
  let account: TestAccount;
  beforeAll(async () => {
    account = await startTestAccount();
  });
  afterAll(() => account.close());

  test('on a small account the first batch reads every email at once: no request per row', async () => {
    const small = await startTestAccount();
    try {
      for (let i = 0; i < 130; i += 1) small.fake.state.addContact({ email: `small${i}@example.com` });
      const results = await small.write('contact', [...rows('small', 0, 12), ...rows('missing', 0, 3)], 'UPDATE_ONLY');
      const requests = requestsSince(small.fake, 0);
      assert.equal(emailLookups(requests), 0);
      assert.equal(accountPages(requests), 2, '130 contacts: two pages of 100');
      assert.equal(requests.filter((r) => r === 'GET /contacts?limit=1').length, 1, 'one request for the count');
      assert.equal(results.get('small4@example.com')?.status, 'updated');
      assert.equal(small.fake.state.findContactByEmail('small4@example.com')?.firstName, 'Updated');
      assert.match((results.get('missing1@example.com') as { reason: string }).reason, /^No contact with email missing1@example\.com exists/);
      assert.equal(small.fake.state.findContactByEmail('missing1@example.com'), undefined);
    } finally {
      await small.close();
    }
  });

  test('on a larger account, rows are looked up one by one until that would cost as much as reading the account', async () => {
    for (let i = 0; i < 2_450; i += 1) account.fake.state.addContact({ email: `big${i}@example.com` });
    const ctx = account.context();
    const perBatch: Array<[number, number]> = [];
    for (let b = 0; b < 4; b += 1) {
      const mark = account.fake.requests.count;
      const results = await account.write('contact', rows('big', b * 12, 12), 'UPDATE_ONLY', ctx);
      assert.ok(
        [...results.values()].every((r) => r.status === 'updated'),
        `batch ${b}`,
      );
      const requests = requestsSince(account.fake, mark);
      perBatch.push([emailLookups(requests), accountPages(requests)]);
    }
    // 2,450 contacts are 25 pages: after 24 lookups, the third batch would take them to 36, so it reads the account.
    assert.deepEqual(perBatch, [
      [12, 0],
      [12, 0],
      [0, 25],
      [0, 0],
    ]);
    assert.equal(account.fake.state.findContactByEmail('big40@example.com')?.firstName, 'Updated');
    const fresh = await account.write('contact', rows('big', 100, 11), 'UPDATE_ONLY');
    assert.ok(
      [...fresh.values()].every((r) => r.status === 'updated'),
      'a new run starts over with lookups',
    );
  });
});
