import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, test } from '@jest/globals';
import { DestinationError, type DestinationRecord } from '../../../src/plugins/contract';
import { activeCampaignDestination, createActiveCampaignDestination } from '../../../src/plugins/destinations/activecampaign';
import { asEngineSends, contact, emptyStringsIn, plugin, requestsSince, startTestAccount, type TestAccount } from './test-account';

const EXCLUDED = 'Row skipped - It is on exclusion list';

function many(prefix: string, count: number, fields: (i: number) => Record<string, unknown> = () => ({})): DestinationRecord[] {
  return Array.from({ length: count }, (_, i) => contact(`${prefix}${i}@example.com`, fields(i)));
}

describe('contacts through the bulk importer', () => {
  let account: TestAccount;
  let color: string;
  let notes: string;
  beforeAll(async () => {
    account = await startTestAccount();
    const { state } = account.fake;
    color = state.addField({ title: 'Color', type: 'dropdown', options: ['Red', 'Blue'] }).id;
    notes = state.addField({ title: 'Notes', type: 'textarea' }).id;
    state.addList({ id: 1, name: 'Newsletter', stringid: 'newsletter' });
    state.addList({ id: 2, name: 'Customers', stringid: 'customers' });
  });
  beforeEach(() => {
    account.fake.faults.clear();
    account.sent.length = 0;
  });
  afterAll(() => account.close());

  test('more than ten contacts go in one import, automations off, snake_case keys; created vs updated is exact', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 15; i += 1) state.addContact({ email: `mix${i}@example.com`, firstName: 'Before', phone: `555-${i}` });
    const records = many('mix', 40, (i) => ({ firstName: `First ${i}`, lastName: 'Last', [`field:${color}`]: i % 2 ? 'Red' : 'Blue' }));
    const results = await account.write('contact', records);

    assert.equal(results.size, 40);
    for (let i = 0; i < 40; i += 1) {
      const email = `mix${i}@example.com`;
      const id = state.findContactByEmail(email)!.id;
      assert.deepEqual(results.get(email), i < 15 ? { key: email, status: 'updated' } : { key: email, status: 'created', externalId: id }, email);
    }
    const posts = account.sent.filter((r) => r.path.startsWith('/api/3/import/bulk_import'));
    assert.equal(posts.length, 1);
    const body = posts[0].body as { contacts: Array<Record<string, unknown>>; exclude_automations: boolean };
    assert.equal(body.exclude_automations, true);
    assert.deepEqual(body.contacts[0], {
      email: 'mix0@example.com',
      first_name: 'First 0',
      last_name: 'Last',
      fields: [{ id: Number(color), value: 'Blue' }],
    });
    assert.equal(state.snapshotContact('mix3@example.com')?.contact.phone, '555-3', 'unmapped attributes are kept');
    assert.equal(account.fake.requests.find('POST', '/contact/sync').length, 0);
  });

  test('batches of more than 250 contacts or 400,000 bytes are split, and every request stays within both', async () => {
    const requestsBefore = account.fake.state.imports.requests.length;
    const big = many('big', 600);
    const results = await account.write('contact', big);
    assert.deepEqual([...new Set([...results.values()].map((r) => JSON.stringify({ ...r, key: undefined })))], ['{"status":"created"}']);
    const longText = 'x'.repeat(20_000);
    const heavy = many('heavy', 50, () => ({ [`field:${notes}`]: longText }));
    const heavyResults = await account.write('contact', heavy);
    assert.ok([...heavyResults.values()].every((r) => r.status === 'created'));

    const requests = account.fake.state.imports.requests.slice(requestsBefore);
    assert.ok(requests.every((r) => r.status === 200));
    assert.deepEqual(
      requests.slice(0, 3).map((r) => r.contacts),
      [250, 250, 100],
    );
    const heavyRequests = requests.slice(3);
    assert.ok(heavyRequests.length >= 3, '1 MB of contacts needs at least three requests');
    assert.equal(
      heavyRequests.reduce((n, r) => n + r.contacts, 0),
      50,
    );
    assert.ok(
      requests.every((r) => r.contacts <= 250 && r.bytes <= 400_000),
      JSON.stringify(requests),
    );
    assert.ok(
      heavyRequests.some((r) => r.bytes > 300_000),
      'requests are filled up to the byte limit',
    );
    assert.equal(account.fake.state.snapshotContact('heavy49@example.com')?.fields[notes], longText);
    assert.deepEqual(account.fake.state.imports.singleContactImports, []);
  });

  test("a batch refused for one bad email is sent again without it; that row gets the importer's reason", async () => {
    const records = many('resend', 12);
    records.splice(5, 0, contact('broken@@example.com'));
    const results = await account.write('contact', records);
    assert.deepEqual(results.get('broken@@example.com'), {
      key: 'broken@@example.com',
      status: 'rejected',
      reason: "Field' email' incorrect format",
      retryable: false,
    });
    for (let i = 0; i < 12; i += 1) assert.equal(results.get(`resend${i}@example.com`)?.status, 'created');
    const posts = account.sent.filter((r) => r.path.startsWith('/api/3/import/bulk_import'));
    assert.deepEqual(
      posts.map((p) => (p.body as { contacts: unknown[] }).contacts.length),
      [13, 12],
    );
  });

  test('a batch left with ten contacts or fewer after refusals goes through /contact/sync', async () => {
    const records = [...many('shrink', 9), contact('bad1@@x.com'), contact('bad2@@x.com'), contact('bad3@@x.com')];
    const results = await account.write('contact', records);
    assert.equal(results.get('bad1@@x.com')?.status, 'rejected');
    for (let i = 0; i < 9; i += 1) assert.equal(results.get(`shrink${i}@example.com`)?.status, 'created');
    assert.equal(account.sent.filter((r) => r.path.startsWith('/api/3/import/bulk_import')).length, 1);
    assert.equal(account.sent.filter((r) => r.path === '/api/3/contact/sync').length, 9);
  });

  test('excluded rows and rows with unknown lists are rejected without being sent; lists by ID and string ID subscribe', async () => {
    const { state } = account.fake;
    state.addExclusion('excluded3@example.com');
    state.addContact({ email: 'lists-optout@example.com', lists: { 2: 2 } });
    const records = many('lists', 12, (i) => ({ lists: i % 2 ? ['1'] : ['customers', 'newsletter'] }));
    records.push(contact('excluded3@example.com', { firstName: 'No' }));
    records.push(contact('unknown-list@example.com', { lists: ['42'] }));
    records.push(contact('unknown-stringid@example.com', { lists: ['ghost-list'] }));
    records.push(contact('lists-optout@example.com', { lists: ['customers'] }));
    const results = await account.write('contact', records);

    assert.deepEqual(results.get('excluded3@example.com'), { key: 'excluded3@example.com', status: 'rejected', reason: EXCLUDED, retryable: false });
    assert.equal(
      (results.get('unknown-list@example.com') as { reason: string }).reason,
      'List "42" not found in ActiveCampaign: use the list\'s ID or its string ID',
    );
    assert.equal(
      (results.get('unknown-stringid@example.com') as { reason: string }).reason,
      'List "ghost-list" not found in ActiveCampaign: use the list\'s ID or its string ID',
    );
    const body = account.sent.find((r) => r.path.startsWith('/api/3/import/bulk_import'))!.body as { contacts: Array<{ email: string }> };
    assert.deepEqual(
      body.contacts.map((c) => c.email).filter((e) => !e.startsWith('lists')),
      [],
    );
    assert.deepEqual(state.snapshotContact('lists0@example.com')?.lists, { 1: 1, 2: 1 });
    assert.deepEqual(state.snapshotContact('lists1@example.com')?.lists, { 1: 1 });
    assert.equal(results.get('lists-optout@example.com')?.status, 'updated');
    assert.deepEqual(state.snapshotContact('lists-optout@example.com')?.lists, { 2: 2 }, 'the importer does not re-subscribe');
  });

  test('tags go to the importer by name, which creates missing ones', async () => {
    account.fake.state.addTag('Existing');
    const results = await account.write(
      'contact',
      many('tags', 11, (i) => ({ tags: i === 0 ? ['existing', 'Brand new'] : ['Brand new'] })),
    );
    assert.ok([...results.values()].every((r) => r.status === 'created'));
    assert.deepEqual(account.fake.state.snapshotContact('tags0@example.com')?.tags.sort(), ['Brand new', 'Existing']);
    assert.deepEqual(account.fake.state.snapshotContact('tags10@example.com')?.tags, ['Brand new']);
  });

  test('UPDATE_ONLY with many rows: missing emails rejected and not created, existing ones updated through the importer', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 12; i += 1) state.addContact({ email: `upd${i}@example.com`, firstName: 'Before' });
    const records = many('upd', 15, () => ({ firstName: 'After' }));
    const results = await account.write('contact', records, 'UPDATE_ONLY');
    for (let i = 0; i < 12; i += 1) {
      assert.deepEqual(results.get(`upd${i}@example.com`), { key: `upd${i}@example.com`, status: 'updated' });
      assert.equal(state.findContactByEmail(`upd${i}@example.com`)?.firstName, 'After');
    }
    for (let i = 12; i < 15; i += 1) {
      assert.deepEqual(results.get(`upd${i}@example.com`), {
        key: `upd${i}@example.com`,
        status: 'rejected',
        reason: `No contact with email upd${i}@example.com exists in ActiveCampaign (behavior UPDATE_ONLY does not create contacts)`,
        retryable: false,
      });
      assert.equal(state.findContactByEmail(`upd${i}@example.com`), undefined);
    }
    const body = account.sent.find((r) => r.path.startsWith('/api/3/import/bulk_import'))!.body as { contacts: unknown[] };
    assert.equal(body.contacts.length, 12);
  });

  test('no empty value is ever sent: nulls and blanks are left out, stored values survive', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 11; i += 1)
      state.addContact({ email: `keep${i}@example.com`, firstName: 'Keep', lastName: 'Me', fields: { [color]: 'Red' } });
    const object = await account.object('contact');
    const blanks = { firstName: null, lastName: '', phone: '  ', [`field:${color}`]: '', tags: [], lists: [] };
    const records = many('keep', 11).map((r) => asEngineSends(object, r.key, { email: r.key, ...blanks }));
    account.sent.length = 0;
    const results = await account.write('contact', records);
    assert.ok([...results.values()].every((r) => r.status === 'updated'));
    assert.deepEqual(
      account.sent.flatMap((r) => emptyStringsIn(r.body)),
      [],
    );
    assert.deepEqual(state.emptyWrites.entries, []);
    assert.deepEqual(state.snapshotContact('keep4@example.com')?.fields, { [color]: 'Red' });
    assert.equal(state.findContactByEmail('keep4@example.com')?.lastName, 'Me');
  });

  test('a batch of new and existing contacts: created ones are read back in chunks of 100 asked by id, never paged', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 250; i += 2) state.addContact({ email: `half${i}@example.com` });
    const mark = account.fake.requests.count;
    const results = await account.write('contact', many('half', 250));
    for (let i = 0; i < 250; i += 1) {
      const email = `half${i}@example.com`;
      const expected =
        i % 2 === 0 ? { key: email, status: 'updated' } : { key: email, status: 'created', externalId: state.findContactByEmail(email)!.id };
      assert.deepEqual(results.get(email), expected);
    }
    const lookups = requestsSince(account.fake, mark).filter((r) => r.startsWith('GET /contacts?'));
    assert.equal(lookups.length, 2, '125 created contacts: two lookups');
    const asked = lookups.map((r) => new URLSearchParams(r.split('?')[1]));
    assert.deepEqual(
      asked.map((q) => [q.getAll('ids[]').length, q.get('limit'), q.get('offset')]),
      [
        [100, '100', null],
        [25, '25', null],
      ],
    );
  });

  test('a mixed batch whose id lookup fails is written and reported updated, with a warning; nothing is rejected', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 20; i += 2) state.addContact({ email: `nolook${i}@example.com` });
    account.fake.faults.inject({ method: 'GET', path: '/contacts', fault: { type: 'server-error' } });
    const warnings: string[] = [];
    const ctx = account.context({ logger: { debug() {}, info() {}, error() {}, warn: (message) => warnings.push(message) } });
    const results = await account.write('contact', many('nolook', 20), 'UPDATE_OR_CREATE', ctx);
    assert.deepEqual(
      [...results.values()].map((r) => r.status),
      Array(20).fill('updated'),
    );
    assert.equal(state.findContactByEmail('nolook19@example.com')?.email, 'nolook19@example.com', 'the import wrote them');
    assert.ok(
      warnings.some((w) => /could not tell which contacts of an import were created/.test(w)),
      warnings.join('\n'),
    );
  });

  test('a lookup answered with contacts that were not asked for (a filter ignored) believes none of them and asks once per chunk', async () => {
    const { state } = account.fake;
    const other = state.addContact({ email: 'stranger@example.com' });
    for (let i = 0; i < 12; i += 2) state.addContact({ email: `ignored${i}@example.com` });
    const everyone = { contacts: [{ id: other.id, email: 'ignored1@example.com' }], meta: { total: '100000' } };
    account.fake.faults.inject({ method: 'GET', path: '/contacts', fault: { type: 'response', status: 200, body: everyone } });
    const mark = account.fake.requests.count;
    const results = await account.write('contact', many('ignored', 12));
    assert.notEqual(results.get('ignored1@example.com')?.status, 'created', 'a contact id the lookup did not ask for is not believed');
    assert.equal(requestsSince(account.fake, mark).filter((r) => r.startsWith('GET /contacts?')).length, 1, 'no paging through the account');
  });

  test('an email the import fails because it joined the exclusion list during the run gets the exclusion reason', async () => {
    const ctx = account.context();
    await account.write('contact', [contact('early@example.com')], 'UPDATE_OR_CREATE', ctx);
    account.fake.state.addExclusion('joined3@example.com');
    const results = await account.write('contact', many('joined', 12), 'UPDATE_OR_CREATE', ctx);
    assert.deepEqual(results.get('joined3@example.com'), { key: 'joined3@example.com', status: 'rejected', reason: EXCLUDED, retryable: false });
    assert.equal(results.get('joined4@example.com')?.status, 'created');
  });

  test('runAutomations: off by default (exclude_automations true), on when the config says so', async () => {
    const records = many('auto', 11);
    await account.write('contact', records);
    await plugin.write(
      { ...account.config, runAutomations: true },
      { object: 'contact', behavior: 'UPDATE_OR_CREATE', records: many('autoon', 11) },
      account.context(),
    );
    const flags = account.sent
      .filter((r) => r.path.startsWith('/api/3/import/bulk_import'))
      .map((r) => (r.body as { exclude_automations: unknown }).exclude_automations);
    assert.deepEqual(flags, [true, false]);
    const batches = account.fake.state.imports
      .all()
      .slice(-2)
      .map((b) => b.excludeAutomations);
    assert.deepEqual(batches, [true, false]);
  });

  test('contacts the import lists as failed are rejected, not retryable; the others are written', async () => {
    const records = many('fails', 12, (i) => ({ [`field:${color}`]: i === 4 ? 'Purple' : 'Red' }));
    const results = await account.write('contact', records);
    const failed = results.get('fails4@example.com') as { status: string; reason: string; retryable: boolean };
    assert.equal(failed.status, 'rejected');
    assert.equal(failed.retryable, false);
    assert.match(failed.reason, /bulk importer did not import this contact/);
    assert.equal([...results.values()].filter((r) => r.status === 'created').length, 11);
  });

  test('an interrupted import: contacts it reached are confirmed, the rest rejected as retryable', async () => {
    account.fake.faults.injectImportOutcome('interrupted');
    const results = await account.write('contact', many('interrupt', 12));
    const statuses = [...results.values()].map((r) => (r.status === 'rejected' ? `rejected:${r.retryable}` : r.status));
    assert.deepEqual(statuses, [...Array(6).fill('created'), ...Array(6).fill('rejected:true')]);
  });

  test('an interrupted import with existing contacts: those it reached are updated, not rejected; only `failure` is', async () => {
    const { state } = account.fake;
    for (let i = 0; i < 12; i += 2) state.addContact({ email: `intold${i}@example.com`, firstName: 'Before' });
    account.fake.faults.injectImportOutcome('interrupted');
    const results = await account.write(
      'contact',
      many('intold', 12, () => ({ firstName: 'After' })),
    );
    const statuses = [...results.values()].map((r) => (r.status === 'rejected' ? `rejected:${r.retryable}` : r.status));
    assert.deepEqual(statuses, ['updated', 'created', 'updated', 'created', 'updated', 'created', ...Array(6).fill('rejected:true')]);
    assert.equal(state.findContactByEmail('intold4@example.com')?.firstName, 'After');
    assert.equal(state.findContactByEmail('intold6@example.com')?.firstName, 'Before', 'the import never reached it');
    assert.deepEqual(results.get('intold7@example.com'), {
      key: 'intold7@example.com',
      status: 'rejected',
      reason: 'The bulk import was interrupted before it wrote this contact',
      retryable: true,
    });
  });

  test('a failed import rejects its contacts as retryable', async () => {
    account.fake.faults.injectImportOutcome('failed');
    const results = await account.write('contact', many('failed', 12));
    for (const result of results.values()) {
      assert.deepEqual(result, { key: result.key, status: 'rejected', reason: "ActiveCampaign's bulk import failed", retryable: true });
    }
  });

  test("the importer's own rate limit (a 400, not a 429) fails the batch as retryable, asking to wait a minute", async () => {
    account.fake.faults.inject({
      method: 'POST',
      path: '/import/bulk_import',
      times: 1,
      fault: {
        type: 'response',
        status: 400,
        body: {
          success: 0,
          message: 'Rate limit exceeded.',
          failureReasons: [
            'Up to 100 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
          ],
        },
      },
    });
    await assert.rejects(account.write('contact', many('ratelimited', 12)), (error: unknown) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(error.retryable, true);
      assert.match(error.message, /bulk importer is busy: Rate limit exceeded\.: Up to 100 imports may be requested per minute/);
      assert.equal(error.retryAfterMs, 60_000, 'the default pause');
      return true;
    });
  });

  test('an outage on the import request fails the whole batch as retryable; a refused key as not retryable', async () => {
    account.fake.faults.inject({ method: 'POST', path: '/import/bulk_import', times: 1, fault: { type: 'server-error' } });
    await assert.rejects(account.write('contact', many('outage', 12)), (error: unknown) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(error.retryable, true);
      assert.match(
        error.message,
        /could not send the contacts to the bulk importer: ActiveCampaign could not process the request: HTTP 500 with no error message/,
      );
      return true;
    });
    account.fake.faults.inject({
      method: 'POST',
      path: '/import/bulk_import',
      times: 1,
      fault: { type: 'response', status: 403, body: { message: 'Forbidden' } },
    });
    await assert.rejects(account.write('contact', many('forbidden', 12)), (error: unknown) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(error.retryable, false);
      assert.equal(error.message, 'ActiveCampaign rejected the API key: copy it again from Settings → Developer');
      return true;
    });
  });

  test('a lower-case `success` flag in the import reply is read too', async () => {
    const other = await startTestAccount({ bulkImport: { successKey: 'success' } });
    try {
      const results = await other.write('contact', many('lower', 11));
      assert.ok([...results.values()].every((r) => r.status === 'created'));
    } finally {
      await other.close();
    }
  });

  test('cancelling the run stops the wait for an import', async () => {
    const slow = await startTestAccount({ bulkImport: { processingDelayMs: 60_000 } });
    try {
      const controller = new AbortController();
      const writing = slow.write('contact', many('cancel', 11), 'UPDATE_OR_CREATE', slow.context({ signal: controller.signal }));
      setTimeout(() => controller.abort(new Error('run cancelled')), 100);
      const started = Date.now();
      await assert.rejects(writing, /run cancelled/);
      assert.ok(Date.now() - started < 2_000);
    } finally {
      await slow.close();
    }
  });

  test('an import that does not finish in time rejects its contacts as retryable', async () => {
    const stuck = await startTestAccount({ bulkImport: { processingDelayMs: 60_000 } });
    try {
      const impatient = createActiveCampaignDestination({ importPoll: { firstIntervalMs: 10, maxIntervalMs: 20, timeoutMs: 150 } });
      const results = await impatient.write(
        stuck.config,
        { object: 'contact', behavior: 'UPDATE_OR_CREATE', records: many('stuck', 11) },
        stuck.context(),
      );
      assert.equal(results.length, 11);
      for (const result of results) {
        assert.deepEqual(result, {
          key: result.key,
          status: 'rejected',
          reason: "ActiveCampaign's bulk import did not finish in time",
          retryable: true,
        });
      }
    } finally {
      await stuck.close();
    }
  });

  test('the default plugin polls the import status at a modest pace', async () => {
    const paced = await startTestAccount({ bulkImport: { processingDelayMs: 1_200 } });
    try {
      const results = await activeCampaignDestination.write(
        paced.config,
        { object: 'contact', behavior: 'UPDATE_OR_CREATE', records: many('paced', 11) },
        paced.context(),
      );
      assert.ok(results.every((r) => r.status === 'created'));
      const polls = paced.fake.requests.find('GET', '/import/info');
      assert.ok(polls.length >= 2 && polls.length <= 6, `${polls.length} polls for a 1.2 s import`);
    } finally {
      await paced.close();
    }
  });
});
