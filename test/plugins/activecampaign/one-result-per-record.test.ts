/**
 * The contract's promise: write() returns exactly one result per record, in order, and every path decides each
 * record itself. `BatchResults` fills in a retryable "not confirmed" rejection for a record a path forgot, which
 * would hide the bug: so no result may carry that filler reason.
 */
import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import type { DestinationRecord, RecordResult, SyncBehaviorName } from '../../../src/plugins/contract';
import { NOT_CONFIRMED, contact, plugin, startTestAccount, type TestAccount } from './test-account';

describe('one result per record, decided by the write path', () => {
  let account: TestAccount;
  let color: string;
  beforeAll(async () => {
    account = await startTestAccount();
    const { state } = account.fake;
    color = state.addField({ title: 'Color', type: 'dropdown', options: ['Red', 'Blue'] }).id;
    state.addList({ id: 1, name: 'Newsletter', stringid: 'newsletter' });
    state.addExclusion('excluded@example.com');
    state.addAccount({ name: 'Known Co' });
  });
  afterAll(() => account.close());

  async function check(object: string, records: DestinationRecord[], behavior: SyncBehaviorName = 'UPDATE_OR_CREATE'): Promise<RecordResult[]> {
    const results = await plugin.write(account.config, { object, behavior, records }, account.context());
    assert.deepEqual(
      results.map((r) => r.key),
      records.map((r) => r.key),
      'one result per record, in order',
    );
    const filled = results.filter((r) => r.status === 'rejected' && r.reason === NOT_CONFIRMED);
    assert.deepEqual(filled, [], 'every record was decided by the write path');
    return results;
  }

  /** A batch that takes every branch: excluded, unknown list, refused by the importer, failed by the import, new, existing. */
  function mixed(prefix: string, count: number): DestinationRecord[] {
    for (let i = 0; i < count; i += 3) account.fake.state.addContact({ email: `${prefix}${i}@example.com` });
    return [
      contact('excluded@example.com'),
      contact(`${prefix}-nolist@example.com`, { lists: ['ghost'] }),
      contact(`${prefix}@@broken`),
      contact(`${prefix}-purple@example.com`, { [`field:${color}`]: 'Purple' }),
      ...Array.from({ length: count }, (_, i) => contact(`${prefix}${i}@example.com`, { lists: ['newsletter'], [`field:${color}`]: 'Red' })),
    ];
  }

  test('contacts through the bulk importer', async () => {
    const results = await check('contact', mixed('bulk', 30));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['rejected', 'created', 'updated']));
  });

  test('contacts through /contact/sync', async () => {
    const results = await check('contact', mixed('sync', 5));
    assert.deepEqual(new Set(results.map((r) => r.status)), new Set(['rejected', 'created', 'updated']));
  });

  test('contacts, UPDATE_ONLY, both paths', async () => {
    for (const count of [5, 30]) {
      const results = await check('contact', [...mixed(`only${count}`, count), contact(`nobody${count}@example.com`)], 'UPDATE_ONLY');
      assert.ok(results.some((r) => r.status === 'updated'));
      assert.ok(results.some((r) => r.status === 'rejected' && /UPDATE_ONLY does not create/.test(r.reason)));
    }
  });

  test('contacts, when the import is interrupted or fails', async () => {
    account.fake.faults.injectImportOutcome('interrupted');
    await check('contact', mixed('cut', 20));
    account.fake.faults.injectImportOutcome('failed');
    const failed = await check('contact', mixed('fail', 20));
    assert.ok(failed.slice(4).every((r) => r.status === 'rejected' && r.retryable));
  });

  test('accounts, with a refused value and an outage', async () => {
    const size = account.fake.state.addAccountField({ label: 'Size', type: 'dropdown', options: ['S'] }).id;
    account.fake.faults.inject({ method: 'POST', path: '/accounts', fault: { type: 'service-unavailable' }, times: 1 });
    const records = ['Outage Co', 'Known Co', 'New Co', 'Bad Co'].map((name) => ({
      key: name,
      fields: { name, ...(name === 'Bad Co' ? { [`field:${size}`]: 'XL' } : {}) },
    }));
    const results = await check('account', records);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'updated', 'created', 'rejected'],
    );
  });

  test('custom objects, with a refused value', async () => {
    const schema = account.fake.state.addSchema({ slug: 'thing', fields: [{ id: 'n', type: 'number' }] });
    const records = ['a', 'b', 'c'].map((id) => ({ key: id, fields: { externalId: id, 'field:n': id === 'b' ? 'lots' : 1 } }));
    const results = await check(`customObject:${schema.id}`, records);
    assert.deepEqual(
      results.map((r) => r.status),
      ['created', 'rejected', 'created'],
    );
  });
});
