import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { DestinationError } from '../../../src/plugins/contract';
import { asEngineSends, contact, emptyStringsIn, plugin, startTestAccount, type TestAccount } from './test-account';

const EXCLUDED = 'Row skipped - It is on exclusion list';

describe('contacts, small batches through /contact/sync', () => {
  let account: TestAccount;
  let color: string;
  let birthday: string;
  beforeAll(async () => {
    account = await startTestAccount();
    const { state } = account.fake;
    color = state.addField({ title: 'Color', type: 'dropdown', options: ['Red', 'Blue'] }).id;
    birthday = state.addField({ title: 'Birthday', type: 'date' }).id;
    state.addList({ id: 1, name: 'Newsletter', stringid: 'newsletter' });
    state.addList({ id: 2, name: 'Customers', stringid: 'customers' });
    state.addContact({ email: 'old@example.com', firstName: 'Old', lastName: 'Timer', phone: '555', fields: { [color]: 'Red' } });
  });
  afterAll(() => account.close());

  test('creates new contacts and updates existing ones, one sync each, never the importer', async () => {
    const results = await account.write('contact', [
      contact('new@example.com', { firstName: 'New', lastName: 'Person', [`field:${birthday}`]: '1990-05-17' }),
      contact('OLD@example.com', { firstName: 'Renamed', [`field:${color}`]: 'Blue' }),
    ]);
    const created = account.fake.state.findContactByEmail('new@example.com')!;
    const old = account.fake.state.findContactByEmail('old@example.com')!;
    assert.deepEqual(results.get('new@example.com'), { key: 'new@example.com', status: 'created', externalId: created.id });
    assert.deepEqual(results.get('OLD@example.com'), { key: 'OLD@example.com', status: 'updated', externalId: old.id });
    assert.deepEqual(account.fake.state.snapshotContact('new@example.com')?.fields, { [birthday]: '1990-05-17' });
    const oldNow = account.fake.state.snapshotContact('old@example.com')!;
    assert.equal(oldNow.contact.firstName, 'Renamed');
    assert.equal(oldNow.contact.lastName, 'Timer', 'unmapped attributes are left alone');
    assert.equal(oldNow.fields[color], 'Blue');
    assert.equal(account.fake.requests.find('POST', '/contact/sync').length, 2);
    assert.equal(account.fake.requests.find('POST', '/import/bulk_import').length, 0);
  });

  test('null and empty values are left out: nothing is wiped, no request carries ""', async () => {
    const object = await account.object('contact');
    const blanks = {
      email: 'old@example.com',
      firstName: null,
      lastName: '',
      phone: '   ',
      [`field:${color}`]: '',
      [`field:${birthday}`]: undefined,
      lists: [],
      tags: [],
    };
    account.sent.length = 0;
    const results = await account.write('contact', [asEngineSends(object, 'old@example.com', blanks)]);
    assert.equal(results.get('old@example.com')?.status, 'updated');
    const old = account.fake.state.snapshotContact('old@example.com')!;
    assert.equal(old.contact.lastName, 'Timer');
    assert.equal(old.contact.phone, '555');
    assert.equal(old.fields[color], 'Blue');
    assert.deepEqual(account.fake.state.emptyWrites.entries, []);
    const writes = account.sent.filter((r) => r.method !== 'GET');
    assert.ok(writes.length > 0);
    assert.deepEqual(
      writes.flatMap((r) => emptyStringsIn(r.body)),
      [],
    );
  });

  test('rows on the exclusion list are rejected as Census words it, and never sent', async () => {
    account.fake.state.addExclusion('blocked@example.com');
    account.fake.state.addExclusion('@spam.example', 'contains');
    account.sent.length = 0;
    const results = await account.write('contact', [
      contact('Blocked@example.com', { firstName: 'B' }),
      contact('anyone@spam.example'),
      contact('fine@example.com'),
    ]);
    assert.deepEqual(results.get('Blocked@example.com'), { key: 'Blocked@example.com', status: 'rejected', reason: EXCLUDED, retryable: false });
    assert.deepEqual(results.get('anyone@spam.example'), { key: 'anyone@spam.example', status: 'rejected', reason: EXCLUDED, retryable: false });
    assert.equal(results.get('fine@example.com')?.status, 'created');
    const mentioned = account.sent.filter((r) => JSON.stringify(r.body ?? '').match(/blocked@|spam\.example/i) || /blocked|spam/i.test(r.path));
    assert.deepEqual(mentioned, []);
    assert.equal(account.fake.state.findContactByEmail('blocked@example.com'), undefined);
  });

  test('lists by ID or string ID; an unknown one rejects only its row; an unsubscribed contact is not re-subscribed', async () => {
    const state = account.fake.state;
    state.addContact({ email: 'optout@example.com', lists: { 1: 2 } });
    const results = await account.write('contact', [
      contact('by-id@example.com', { lists: ['1'] }),
      contact('by-stringid@example.com', { lists: ['customers', 'Newsletter'] }),
      contact('optout@example.com', { lists: ['1', '2'] }),
      contact('bad-id@example.com', { lists: ['1', '99'] }),
      contact('bad-stringid@example.com', { lists: ['vip-list'] }),
    ]);
    assert.equal(results.get('by-id@example.com')?.status, 'created');
    assert.deepEqual(state.snapshotContact('by-id@example.com')?.lists, { 1: 1 });
    assert.deepEqual(state.snapshotContact('by-stringid@example.com')?.lists, { 1: 1, 2: 1 }, 'string IDs match ignoring case');
    assert.equal(results.get('optout@example.com')?.status, 'updated');
    assert.deepEqual(state.snapshotContact('optout@example.com')?.lists, { 1: 2, 2: 1 }, 'still unsubscribed from list 1');
    assert.deepEqual(results.get('bad-id@example.com'), {
      key: 'bad-id@example.com',
      status: 'rejected',
      reason: 'List "99" not found in ActiveCampaign: use the list\'s ID or its string ID',
      retryable: false,
    });
    assert.deepEqual(results.get('bad-stringid@example.com'), {
      key: 'bad-stringid@example.com',
      status: 'rejected',
      reason: 'List "vip-list" not found in ActiveCampaign: use the list\'s ID or its string ID',
      retryable: false,
    });
    assert.equal(state.findContactByEmail('bad-id@example.com'), undefined, 'a rejected row is not written at all');
  });

  test("every page of a contact's lists and tags is read: an unsubscription past the first page is kept, a tag there not re-added", async () => {
    const state = account.fake.state;
    const member = state.addContact({ email: 'member@example.com' });
    const lists = Array.from({ length: 30 }, (_, i) => state.addList({ name: `Many ${i}` }));
    lists.forEach((list, i) => state.lists.setStatus(member.id, list.id, i === 27 ? 2 : 1));
    for (let i = 0; i < 30; i += 1) state.tags.link(member.id, state.addTag(`Many tag ${i}`).id);
    account.sent.length = 0;
    const results = await account.write('contact', [contact('member@example.com', { lists: [lists[27].id, lists[29].id], tags: ['many tag 28'] })]);
    assert.equal(results.get('member@example.com')?.status, 'updated');
    assert.equal(state.snapshotContact('member@example.com')?.lists[lists[27].id], 2, 'still unsubscribed');
    assert.deepEqual(
      account.sent.filter((r) => r.method === 'POST' && /contactLists|contactTags/.test(r.path)),
      [],
      'nothing to add',
    );
    const pages = account.sent.filter((r) => r.method === 'GET' && /\/contacts\/\d+\/contact(Lists|Tags)/.test(r.path));
    assert.ok(
      pages.every((r) => r.path.includes('limit=100')),
      'read 100 at a time',
    );
  });

  test('an email excluded since the run read the list: sync refuses it (422 email_excluded) or skips it; either way the exclusion reason', async () => {
    for (const excludedOnSync of ['reject', 'skip'] as const) {
      const other = await startTestAccount({ excludedOnSync });
      try {
        const ctx = other.context();
        await other.write('contact', [contact('first@example.com')], 'UPDATE_OR_CREATE', ctx);
        other.fake.state.addExclusion('late@example.com');
        const results = await other.write(
          'contact',
          [contact('late@example.com', { firstName: 'L' }), contact('fine@example.com')],
          'UPDATE_OR_CREATE',
          ctx,
        );
        assert.deepEqual(
          results.get('late@example.com'),
          { key: 'late@example.com', status: 'rejected', reason: EXCLUDED, retryable: false },
          excludedOnSync,
        );
        assert.equal(results.get('fine@example.com')?.status, 'created', excludedOnSync);
        assert.equal(other.fake.state.findContactByEmail('late@example.com'), undefined);
      } finally {
        await other.close();
      }
    }
  });

  test('lists and the exclusion list are loaded once per run, not once per write', async () => {
    const ctx = account.context();
    const loads = (path: string) => account.fake.requests.entries.filter((e) => e.method === 'GET' && e.path.split('?')[0] === path).length;
    const [lists, exclusions] = [loads('/api/3/lists'), loads('/api/3/lists/exclusions')];
    await Promise.all([
      account.write('contact', [contact('run1@example.com', { lists: ['1'] })], 'UPDATE_OR_CREATE', ctx),
      account.write('contact', [contact('run2@example.com', { lists: ['2'] })], 'UPDATE_OR_CREATE', ctx),
    ]);
    await account.write('contact', [contact('run3@example.com', { lists: ['2'] })], 'UPDATE_OR_CREATE', ctx);
    assert.equal(loads('/api/3/lists') - lists, 1, 'concurrent writes of one run share one load');
    assert.equal(loads('/api/3/lists/exclusions') - exclusions, 1);
    await account.write('contact', [contact('run4@example.com', { lists: ['2'] })]);
    assert.equal(loads('/api/3/lists') - lists, 2, 'a new run loads them again');
  });

  test('tags by name: existing ones reused ignoring case, missing ones created once, present links not re-added', async () => {
    const state = account.fake.state;
    state.addTag('VIP');
    state.addContact({ email: 'tagged@example.com', tags: ['VIP'] });
    const tagsBefore = state.counts().tags;
    const results = await account.write('contact', [
      contact('tagged@example.com', { tags: ['vip', 'Beta tester'] }),
      contact('fresh@example.com', { tags: ['Beta tester'] }),
    ]);
    assert.equal(results.get('tagged@example.com')?.status, 'updated');
    assert.equal(results.get('fresh@example.com')?.status, 'created');
    assert.deepEqual(state.snapshotContact('tagged@example.com')?.tags.sort(), ['Beta tester', 'VIP']);
    assert.deepEqual(state.snapshotContact('fresh@example.com')?.tags, ['Beta tester']);
    assert.equal(state.counts().tags, tagsBefore + 1, 'one new tag, created once');
  });

  test('UPDATE_ONLY updates existing contacts and rejects, without creating, emails that have none', async () => {
    const results = await account.write(
      'contact',
      [contact('old@example.com', { lastName: 'Updated' }), contact('nobody@example.com', { firstName: 'X' })],
      'UPDATE_ONLY',
    );
    assert.equal(results.get('old@example.com')?.status, 'updated');
    assert.equal(account.fake.state.findContactByEmail('old@example.com')?.lastName, 'Updated');
    assert.deepEqual(results.get('nobody@example.com'), {
      key: 'nobody@example.com',
      status: 'rejected',
      reason: 'No contact with email nobody@example.com exists in ActiveCampaign (behavior UPDATE_ONLY does not create contacts)',
      retryable: false,
    });
    assert.equal(account.fake.state.findContactByEmail('nobody@example.com'), undefined);
  });

  test("an invalid email or value is rejected with ActiveCampaign's reason; the rest of the batch goes on", async () => {
    const results = await account.write('contact', [
      contact('not-an-email', { firstName: 'X' }),
      contact('badcolor@example.com', { [`field:${color}`]: 'Green' }),
      contact('good@example.com'),
    ]);
    assert.deepEqual(results.get('not-an-email'), {
      key: 'not-an-email',
      status: 'rejected',
      reason: 'Contact Email Address is not valid.',
      retryable: false,
    });
    const bad = results.get('badcolor@example.com');
    assert.equal(bad?.status, 'rejected');
    assert.match((bad as { reason: string }).reason, /"Green" is not one of the field's options/);
    assert.equal(results.get('good@example.com')?.status, 'created');
  });

  test('an outage on one contact rejects it as retryable; the others are written', async () => {
    const fault = account.fake.faults.inject({ method: 'POST', path: '/contact/sync', fault: { type: 'gateway-timeout' }, times: 1 });
    const results = await account.write('contact', [contact('outage1@example.com'), contact('outage2@example.com')]);
    assert.equal(fault.applied, 1);
    const first = results.get('outage1@example.com') as { status: string; reason: string; retryable: boolean };
    assert.equal(first.status, 'rejected');
    assert.equal(first.retryable, true);
    assert.match(first.reason, /HTTP 504 with a non-JSON body \(an HTML page, \d+ bytes\)$/);
    assert.equal(results.get('outage2@example.com')?.status, 'created');
  });

  test('a refused key fails the whole batch, not retryable, without showing the key', async () => {
    const badKey = 'bad-key-'.padEnd(72, '9');
    const error = await plugin
      .write(
        { ...account.config, apiKey: badKey },
        { object: 'contact', behavior: 'UPDATE_OR_CREATE', records: [contact('x@example.com')] },
        account.context(),
      )
      .then(
        () => assert.fail('should throw'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof DestinationError);
    assert.equal(error.retryable, false);
    assert.equal(error.message, 'ActiveCampaign rejected the API key: copy it again from Settings → Developer');
    assert.ok(!error.message.includes(badKey));
  });

  test('a permission refusal names what ActiveCampaign said', async () => {
    const fault = account.fake.faults.inject({
      path: '/lists',
      fault: {
        type: 'response',
        status: 403,
        body: { errors: [{ status: 403, title: 'Forbidden', detail: 'You do not have permission to view lists.' }] },
      },
    });
    await assert.rejects(account.write('contact', [contact('perm@example.com', { lists: ['1'] })]), (error: unknown) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(error.retryable, false);
      assert.match(error.message, /^ActiveCampaign refused access \(HTTP 403\): Forbidden \(You do not have permission to view lists\.\)/);
      return true;
    });
    fault.remove();
  });
});
