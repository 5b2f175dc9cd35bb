import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, test } from '@jest/globals';
import { Agent } from 'undici';
import { retryInterceptor, retryPolicy } from '../../../src/engine/http';
import type { DestinationRecord } from '../../../src/plugins/contract';
import { asEngineSends, emptyStringsIn, startTestAccount, type TestAccount } from './test-account';

function acct(name: string, fields: Record<string, unknown> = {}): DestinationRecord {
  return { key: name, fields: { name, ...fields } };
}

describe('accounts', () => {
  let account: TestAccount;
  let size: string;
  let regions: string;
  let revenue: string;
  let renewal: string;
  beforeAll(async () => {
    account = await startTestAccount();
    const { state } = account.fake;
    size = state.addAccountField({ label: 'Size', type: 'dropdown', options: ['Small', 'Large'] }).id;
    regions = state.addAccountField({ label: 'Regions', type: 'multiselect', options: ['EU', 'US', 'APAC'] }).id;
    revenue = state.addAccountField({ label: 'Revenue', type: 'currency', defaultCurrency: 'EUR' }).id;
    renewal = state.addAccountField({ label: 'Renewal', type: 'date' }).id;
    for (let i = 0; i < 130; i += 1) state.addAccount({ name: `Existing ${i}`, accountUrl: `https://e${i}.example` });
  });
  beforeEach(() => {
    account.fake.faults.clear();
    account.sent.length = 0;
  });
  afterAll(() => account.close());

  test('existing names (found past the first page, ignoring case) are updated, new ones created, never duplicated', async () => {
    const { state } = account.fake;
    const before = state.counts().accounts;
    const results = await account.write('account', [
      acct('Existing 120', { accountUrl: 'https://new.example' }),
      acct('existing 5'),
      acct('Brand New Co', { accountUrl: 'https://brand.example' }),
    ]);
    const e120 = state.findAccountByName('Existing 120')!;
    assert.deepEqual(results.get('Existing 120'), { key: 'Existing 120', status: 'updated', externalId: e120.id });
    assert.equal(e120.accountUrl, 'https://new.example');
    const e5 = state.findAccountByName('Existing 5')!;
    assert.deepEqual(results.get('existing 5'), { key: 'existing 5', status: 'updated', externalId: e5.id });
    assert.equal(e5.name, 'Existing 5', 'matched ignoring case, never renamed');
    const brand = state.findAccountByName('Brand New Co')!;
    assert.deepEqual(results.get('Brand New Co'), { key: 'Brand New Co', status: 'created', externalId: brand.id });
    assert.equal(brand.name, 'Brand New Co');
    assert.equal(state.counts().accounts, before + 1);
    assert.equal(account.fake.requests.find('POST', '/accounts').length, 1);
    const puts = account.sent.filter((r) => r.method === 'PUT');
    assert.equal(puts.length, 2);
    assert.ok(
      puts.every((r) => !('name' in (r.body as { account: object }).account)),
      'updates never send the name',
    );
  });

  test('the name → id map is loaded once per run', async () => {
    const ctx = account.context();
    const pages = () => account.fake.requests.entries.filter((e) => e.method === 'GET' && e.path.split('?')[0] === '/api/3/accounts').length;
    const start = pages();
    await Promise.all([
      account.write('account', [acct('Existing 1')], 'UPDATE_OR_CREATE', ctx),
      account.write('account', [acct('Existing 2')], 'UPDATE_OR_CREATE', ctx),
    ]);
    await account.write('account', [acct('Once Co')], 'UPDATE_OR_CREATE', ctx);
    await account.write('account', [acct('Once Co')], 'UPDATE_OR_CREATE', ctx);
    assert.equal(pages() - start, 2, '130+ accounts are two pages, read once');
    assert.equal(account.fake.state.counts().accounts, 130 + 1 + 1, 'created once, then updated from the map');
  });

  test('custom fields are sent inline in the shapes accounts take (multi-select as an array, currency in cents)', async () => {
    const results = await account.write('account', [
      acct('Fields Co', {
        [`field:${size}`]: 'Large',
        [`field:${regions}`]: '||EU||US||',
        [`field:${revenue}`]: 125000,
        [`field:${renewal}`]: '2025-01-31',
      }),
      acct('Existing 7', { [`field:${regions}`]: '||APAC||' }),
    ]);
    assert.equal(results.get('Fields Co')?.status, 'created');
    assert.equal(results.get('Existing 7')?.status, 'updated');
    const { accounts } = account.fake.state;
    const fieldsCo = account.fake.state.findAccountByName('Fields Co')!;
    assert.equal(accounts.getValue(fieldsCo.id, size)?.fieldValue, 'Large');
    assert.deepEqual(accounts.getValue(fieldsCo.id, regions)?.fieldValue, ['EU', 'US']);
    assert.equal(accounts.getValue(fieldsCo.id, revenue)?.fieldValue, 125000);
    assert.equal(accounts.getValue(fieldsCo.id, revenue)?.fieldCurrency, 'EUR');
    assert.equal(accounts.getValue(fieldsCo.id, renewal)?.fieldValue, '2025-01-31');
    assert.deepEqual(accounts.getValue(account.fake.state.findAccountByName('Existing 7')!.id, regions)?.fieldValue, ['APAC']);
  });

  test('a name created elsewhere after the map was loaded: the duplicate 422 leads to a lookup and an update', async () => {
    const ctx = account.context();
    await account.write('account', [acct('Existing 3')], 'UPDATE_OR_CREATE', ctx);
    const racer = account.fake.state.addAccount({ name: 'Racer Inc' });
    const before = account.fake.state.counts().accounts;
    const results = await account.write('account', [acct('RACER INC', { accountUrl: 'https://racer.example' })], 'UPDATE_OR_CREATE', ctx);
    assert.deepEqual(results.get('RACER INC'), { key: 'RACER INC', status: 'updated', externalId: racer.id });
    assert.equal(account.fake.state.counts().accounts, before, 'no second account');
    assert.equal(racer.accountUrl, 'https://racer.example');
    assert.equal(racer.name, 'Racer Inc', 'the update after the duplicate does not rename it either');
    const duplicate = account.fake.requests.find('POST', '/accounts').at(-1);
    assert.equal(duplicate?.status, 422);
  });

  test('a create whose reply is lost and which the engine retries: the duplicate 422 leads to an update, never a second account', async () => {
    const agent = new Agent();
    const retrying = agent.compose(retryInterceptor({ backoff: retryPolicy({ baseDelayMs: 1, random: () => 0 }) }));
    try {
      const lost = account.fake.faults.inject({ method: 'POST', path: '/accounts', fault: { type: 'reply-lost' }, times: 1 });
      const before = account.fake.state.counts().accounts;
      const results = await account.write(
        'account',
        [acct('Lost Reply Co', { accountUrl: 'https://lost.example' })],
        'UPDATE_OR_CREATE',
        account.context({ http: retrying }),
      );
      assert.equal(lost.applied, 1);
      const stored = account.fake.state.findAccountByName('Lost Reply Co')!;
      assert.deepEqual(results.get('Lost Reply Co'), { key: 'Lost Reply Co', status: 'updated', externalId: stored.id });
      assert.equal(account.fake.state.counts().accounts, before + 1, 'one account');
      assert.equal(stored.name, 'Lost Reply Co');
      assert.deepEqual(
        account.fake.requests
          .find('POST', '/accounts')
          .slice(-2)
          .map((e) => [e.outcome, e.status]),
        [
          ['reply-lost', 201],
          ['replied', 422],
        ],
      );
    } finally {
      await agent.close();
    }
  });

  test('an account deleted since the map was loaded is created again', async () => {
    const ctx = account.context();
    const doomed = account.fake.state.addAccount({ name: 'Doomed Ltd' });
    await account.write('account', [acct('Existing 4')], 'UPDATE_OR_CREATE', ctx);
    account.fake.state.accounts.delete(doomed.id);
    const results = await account.write('account', [acct('Doomed Ltd')], 'UPDATE_OR_CREATE', ctx);
    const reborn = account.fake.state.findAccountByName('Doomed Ltd')!;
    assert.deepEqual(results.get('Doomed Ltd'), { key: 'Doomed Ltd', status: 'created', externalId: reborn.id });
  });

  test("one bad record is rejected with ActiveCampaign's message; the others are written", async () => {
    const results = await account.write('account', [
      acct('Good Co'),
      acct('Bad Co', { [`field:${size}`]: 'Gigantic' }),
      acct('Existing 9', { [`field:${revenue}`]: 'lots' }),
    ]);
    assert.equal(results.get('Good Co')?.status, 'created');
    const bad = results.get('Bad Co') as { status: string; reason: string; retryable: boolean };
    assert.equal(bad.status, 'rejected');
    assert.equal(bad.retryable, false);
    assert.match(bad.reason, /^Invalid value for account field \d+ \(Size\): "Gigantic" is not one of the field's options/);
    assert.equal(account.fake.state.findAccountByName('Bad Co'), undefined);
    assert.match((results.get('Existing 9') as { reason: string }).reason, /\(Revenue\): "lots" is not a number/);
  });

  test('an outage on one record rejects it as retryable', async () => {
    account.fake.faults.inject({ method: 'PUT', path: '/accounts/:id', times: 1, fault: { type: 'service-unavailable' } });
    const results = await account.write('account', [acct('Existing 10'), acct('Existing 11')]);
    const rejected = results.get('Existing 10') as { key: string; status: string; reason: string; retryable: boolean };
    assert.deepEqual([rejected.key, rejected.status, rejected.retryable], ['Existing 10', 'rejected', true]);
    assert.match(rejected.reason, /^ActiveCampaign could not process the request: HTTP 503 with a non-JSON body \(an HTML page, \d+ bytes\)$/);
    assert.equal(results.get('Existing 11')?.status, 'updated');
  });

  test('null and empty values are left out of account requests', async () => {
    const existing = account.fake.state.findAccountByName('Existing 12')!;
    account.fake.state.accounts.setValue(existing.id, size, 'Small', null);
    const object = await account.object('account');
    const record = asEngineSends(object, 'Existing 12', { name: 'Existing 12', accountUrl: '', [`field:${size}`]: null, [`field:${regions}`]: '' });
    account.sent.length = 0;
    const results = await account.write('account', [record]);
    assert.equal(results.get('Existing 12')?.status, 'updated');
    assert.deepEqual(
      account.sent.flatMap((r) => emptyStringsIn(r.body)),
      [],
    );
    assert.equal(existing.accountUrl, 'https://e12.example');
    assert.equal(account.fake.state.accounts.getValue(existing.id, size)?.fieldValue, 'Small');
  });
});
