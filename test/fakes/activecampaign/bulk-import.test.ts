import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from '@jest/globals';
import { apiClient, type ApiClient } from './api-client';
import { startFakeActiveCampaign, type FakeActiveCampaign, type FakeActiveCampaignOptions } from './index';

async function withFake(options: FakeActiveCampaignOptions, run: (ac: FakeActiveCampaign, api: ApiClient) => Promise<void>): Promise<void> {
  const ac = await startFakeActiveCampaign({ requestsPerSecond: false, ...options, bulkImport: { processingDelayMs: 20, ...options.bulkImport } });
  try {
    await run(ac, apiClient(ac));
  } finally {
    await ac.close();
  }
}

async function waitDone(api: ApiClient, batchId: string): Promise<{ status: string; success: string[]; failure: string[] }> {
  for (;;) {
    const info = await api.get(`/import/info?batchId=${batchId}`);
    if (['completed', 'failed', 'interrupted'].includes(info.body.status)) return info.body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('fake ActiveCampaign: bulk import', () => {
  test('fifo mode: imports run one after another, each taking its contacts at contactsPerSecond, so later ones wait longer', async () => {
    await withFake({ bulkImport: { processingDelayMs: 20, fifo: { contactsPerSecond: 1_000 } } }, async (_ac, api) => {
      const contacts = (tag: string) => Array.from({ length: 100 }, (_, i) => ({ email: `${tag}${i}@example.com` }));
      const started = Date.now();
      const posts = [];
      for (const tag of ['a', 'b', 'c']) posts.push((await api.post('/import/bulk_import', { contacts: contacts(tag) })).body.batchId);
      const finished: number[] = [];
      await Promise.all(
        posts.map(async (batchId: string, i) => {
          await waitDone(api, batchId);
          finished[i] = Date.now() - started;
        }),
      );
      // Each takes 20 ms + 100 contacts at 1,000 a second = 120 ms, after the ones before it.
      assert.ok(finished[0] >= 110 && finished[1] >= 230 && finished[2] >= 350, `finished at ${finished.join(', ')} ms`);
      assert.ok(finished[0] < finished[1] && finished[1] < finished[2]);
    });
  });

  test('lifecycle: queued (status false), waiting, active, completed with new ids in success and skipped emails in failure', async () => {
    await withFake({ bulkImport: { processingDelayMs: 1500 } }, async (ac, api) => {
      const existing = ac.state.addContact({ email: 'old@example.com', firstName: 'Old' });
      ac.state.addExclusion('excluded@example.com');
      const list = ac.state.addList({ name: 'Newsletter' });
      const gone = ac.state.addList({ name: 'Gone' });
      const field = ac.state.addField({ title: 'Color', type: 'text' });
      ac.state.addTag('VIP');

      const post = await api.post('/import/bulk_import', {
        contacts: [
          {
            email: 'New.One@Example.com',
            first_name: 'New',
            last_name: 'One',
            phone: '555',
            tags: ['vip', 'Fresh Tag'],
            fields: [{ id: Number(field.id), value: 'Blue' }],
            subscribe: [{ listid: Number(list.id) }],
            unsubscribe: [{ listid: gone.id }],
          },
          { email: 'old@example.com', last_name: 'Updated' },
          { email: 'excluded@example.com', first_name: 'Nope' },
          { email: 'new.two@example.com', customer_acct_name: 'Acme' },
        ],
        exclude_automations: true,
      });
      assert.equal(post.status, 200);
      assert.equal(post.body.Success, 1);
      assert.equal(post.body.queued_contacts, 4);
      assert.equal(post.body.message, 'Contact import queued');
      assert.match(post.body.batchId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

      const seen: unknown[] = [];
      for (;;) {
        const info = await api.get(`/import/info?batchId=${post.body.batchId}`);
        if (seen[seen.length - 1] !== info.body.status) seen.push(info.body.status);
        if (info.body.status === 'completed') break;
        await sleep(15);
      }
      assert.deepEqual(seen, [false, 'waiting', 'active', 'completed']);
      const done = (await api.get(`/import/info?batchId=${post.body.batchId}`)).body;
      const one = ac.state.findContactByEmail('new.one@example.com')!;
      const two = ac.state.findContactByEmail('new.two@example.com')!;
      assert.deepEqual(done.success, [one.id, two.id], 'only newly created contacts');
      assert.deepEqual(done.failure, ['excluded@example.com']);
      assert.equal(ac.state.findContactByEmail('excluded@example.com'), undefined);

      const snap = ac.state.snapshotContact('new.one@example.com')!;
      assert.deepEqual(
        { first: snap.contact.firstName, last: snap.contact.lastName, phone: snap.contact.phone },
        { first: 'New', last: 'One', phone: '555' },
      );
      assert.deepEqual(snap.fields, { [field.id]: 'Blue' });
      assert.deepEqual(snap.tags.sort(), ['Fresh Tag', 'VIP'], 'tags are names; an existing one is matched case-insensitively');
      assert.deepEqual(snap.lists, { [list.id]: 1, [gone.id]: 2 });
      assert.deepEqual(
        { first: existing.firstName, last: existing.lastName },
        { first: 'Old', last: 'Updated' },
        'an existing contact is updated, keys left out are kept',
      );
      assert.equal(ac.state.snapshotContact('new.two@example.com')!.accountId, ac.state.findAccountByName('Acme')!.id);
    });
  });

  test('contacts are never re-subscribed to a list they unsubscribed from', async () => {
    await withFake({}, async (ac, api) => {
      const list = ac.state.addList({ name: 'L' });
      ac.state.addContact({ email: 'left@example.com', lists: { [list.id]: 2 } });
      const post = await api.post('/import/bulk_import', {
        contacts: [
          { email: 'left@example.com', subscribe: [{ listid: list.id }] },
          { email: 'joins@example.com', subscribe: [{ listid: list.id }] },
        ],
      });
      await waitDone(api, post.body.batchId);
      assert.equal(ac.state.snapshotContact('left@example.com')!.lists[list.id], 2);
      assert.equal(ac.state.snapshotContact('joins@example.com')!.lists[list.id], 1);
    });
  });

  test('a contact whose field or list does not resolve fails alone, with its email in failure', async () => {
    await withFake({}, async (ac, api) => {
      const date = ac.state.addField({ title: 'Birthday', type: 'date' });
      const post = await api.post('/import/bulk_import', {
        contacts: [
          { email: 'badfield@example.com', fields: [{ id: 9999, value: 'x' }] },
          { email: 'baddate@example.com', fields: [{ id: date.id, value: '31/12/2024' }] },
          { email: 'badlist@example.com', subscribe: [{ listid: 'newsletter' }] },
          { email: 'fine@example.com', fields: [{ id: date.id, value: '2024-12-31' }] },
        ],
      });
      const done = await waitDone(api, post.body.batchId);
      assert.deepEqual(done.failure, ['badfield@example.com', 'baddate@example.com', 'badlist@example.com']);
      assert.equal(done.success.length, 1);
      assert.equal(ac.state.findContactByEmail('badfield@example.com'), undefined);
      assert.match(ac.state.imports.get(post.body.batchId)!.failureReasons[1].reason, /YYYY-MM-DD/);
    });
  });

  test('an invalid or missing email rejects the whole batch with 400 and failureReasons by index; nothing is queued', async () => {
    await withFake({}, async (ac, api) => {
      const reply = await api.post('/import/bulk_import', {
        contacts: [{ email: 'ok@example.com' }, { email: 'broken@' }, { first_name: 'No Email' }],
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(reply.body, {
        success: 0,
        message: 'JSON payload did not pass validation. Please fix failure Reasons and retry. The import was not queued for processing.',
        failureReasons: [
          { contact: 1, failureReason: "Field' email' incorrect format" },
          { contact: 2, failureReason: "Field' email' is required" },
        ],
      });
      await sleep(60);
      assert.equal(ac.state.imports.batches.size, 0);
      assert.equal(ac.state.findContactByEmail('ok@example.com'), undefined);
    });
  });

  test('more than 250 contacts or more than 400,000 bytes is refused with 400', async () => {
    await withFake({}, async (ac, api) => {
      const many = Array.from({ length: 251 }, (_, i) => ({ email: `c${i}@example.com` }));
      const tooMany = await api.post('/import/bulk_import', { contacts: many });
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.success, 0);
      assert.deepEqual(tooMany.body.failureReasons, ['Up to 250 contacts may be imported per request.']);
      assert.equal((await api.post('/import/bulk_import', { contacts: many.slice(0, 250) })).status, 200);

      const big = { contacts: [{ email: 'big@example.com', first_name: 'x'.repeat(400_000) }, { email: 'b2@example.com' }] };
      const tooBig = await api.post('/import/bulk_import', big);
      assert.equal(tooBig.status, 400);
      assert.deepEqual(tooBig.body.failureReasons, ['The request payload may not exceed 400000 bytes.']);
      assert.deepEqual(
        ac.state.imports.requests.map((r) => [r.contacts, r.status]),
        [
          [251, 400],
          [250, 200],
          [0, 400],
        ],
      );
      assert.deepEqual(ac.state.imports.largestAccepted.contacts, 250);
    });
  });

  test('per-minute limits: multi-contact and single-contact imports are counted apart, over the limit is 400', async () => {
    await withFake({ bulkImport: { perMinute: 2, singleContactPerMinute: 1 } }, async (ac, api) => {
      const two = { contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }] };
      assert.equal((await api.post('/import/bulk_import', two)).status, 200);
      assert.equal((await api.post('/import/bulk_import', two)).status, 200);
      const over = await api.post('/import/bulk_import', two);
      assert.equal(over.status, 400);
      assert.deepEqual(over.body, {
        success: 0,
        message: 'Rate limit exceeded.',
        failureReasons: [
          'Up to 2 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
        ],
      });
      assert.equal((await api.post('/import/bulk_import', { contacts: [{ email: 'single@example.com' }] })).status, 200);
      const singleOver = await api.post('/import/bulk_import', { contacts: [{ email: 'single2@example.com' }] });
      assert.equal(singleOver.status, 400);
      assert.equal(singleOver.body.message, 'Rate limit exceeded.');
      assert.equal(ac.state.imports.singleContactImports.length, 1);
    });
  });

  test('the default limit is 100 multi-contact imports per minute, with the documented message', async () => {
    await withFake({}, async (_ac, api) => {
      const two = { contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }] };
      for (let i = 0; i < 100; i += 1) assert.equal((await api.post('/import/bulk_import', two)).status, 200);
      const over = await api.post('/import/bulk_import', two);
      assert.equal(over.status, 400);
      assert.deepEqual(over.body, {
        success: 0,
        message: 'Rate limit exceeded.',
        failureReasons: [
          'Up to 100 imports may be requested per minute.Please batch contacts into larger requests, or retry this request in a minute.',
        ],
      });
    });
  });

  test('injected outcomes: failed applies nothing, interrupted applies the first half', async () => {
    await withFake({}, async (ac, api) => {
      const contacts = ['f1', 'f2', 'f3', 'f4'].map((n) => ({ email: `${n}@example.com` }));
      ac.faults.injectImportOutcome('failed');
      ac.faults.injectImportOutcome('interrupted');
      const failed = await waitDone(api, (await api.post('/import/bulk_import', { contacts })).body.batchId);
      assert.deepEqual(failed, { status: 'failed', success: [], failure: contacts.map((c) => c.email) });
      assert.equal(ac.state.contacts.size, 0);
      const interrupted = await waitDone(api, (await api.post('/import/bulk_import', { contacts })).body.batchId);
      assert.equal(interrupted.status, 'interrupted');
      assert.equal(interrupted.success.length, 2);
      assert.deepEqual(interrupted.failure, ['f3@example.com', 'f4@example.com']);
      const normal = await waitDone(api, (await api.post('/import/bulk_import', { contacts })).body.batchId);
      assert.equal(normal.status, 'completed');
      assert.equal(normal.success.length, 2, 'f1 and f2 already existed');
    });
  });

  test('GET /import/info needs a known batchId; GET /import/bulk_import aggregates by day', async () => {
    await withFake({ bulkImport: { processingDelayMs: 200 } }, async (ac, api) => {
      const missing = await api.get('/import/info');
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, { success: 0, message: "'batchId' is a required field." });
      assert.equal((await api.get('/import/info?batchId=nope')).status, 404);
      const contacts = [{ email: 'a@example.com' }, { email: 'b@example.com' }];
      const first = await api.post('/import/bulk_import', { contacts });
      const today = ac.state.clock.day();
      const pending = await api.get('/import/bulk_import');
      assert.deepEqual(pending.body, { outstanding: [{ forDate: today, batches: 1, contacts: 2 }], recentlyCompleted: [] });
      await waitDone(api, first.body.batchId);
      const done = await api.get('/import/bulk_import');
      assert.deepEqual(done.body, { outstanding: [], recentlyCompleted: [{ forDate: today, batches: 1, contacts: 2 }] });
    });
  });

  test('the optional callback is called when the import ends (body is our guess)', async () => {
    const received: { headers: Record<string, unknown>; body: any }[] = [];
    const hook = createServer((req, res) => {
      let text = '';
      req.on('data', (c) => (text += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(text) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      await withFake({}, async (ac, api) => {
        ac.state.addExclusion('skip@example.com');
        const post = await api.post('/import/bulk_import', {
          contacts: [{ email: 'cb@example.com' }, { email: 'skip@example.com' }],
          callback: {
            url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/done`,
            requestType: 'POST',
            detailed_results: 'true',
            params: [{ key: 'run', value: '42' }],
            headers: [{ key: 'x-ferry', value: 'yes' }],
          },
        });
        await waitDone(api, post.body.batchId);
        for (let i = 0; received.length === 0 && i < 100; i += 1) await sleep(10);
        assert.equal(received.length, 1);
        assert.equal(received[0].headers['x-ferry'], 'yes');
        assert.deepEqual(received[0].body, {
          batchId: post.body.batchId,
          status: 'completed',
          successCount: 1,
          failureCount: 1,
          success: [ac.state.findContactByEmail('cb@example.com')!.id],
          failure: [{ email: 'skip@example.com', reason: 'It is on exclusion list' }],
          run: '42',
        });
      });
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });

  test('the success key can be lower-case, as in a Go SDK mock', async () => {
    await withFake({ bulkImport: { successKey: 'success' } }, async (_ac, api) => {
      const post = await api.post('/import/bulk_import', { contacts: [{ email: 'a@example.com' }, { email: 'b@example.com' }] });
      assert.equal(post.body.success, 1);
      assert.equal(post.body.Success, undefined);
    });
  });

  test('"" in a bulk import clears the value and is logged as an empty write', async () => {
    await withFake({}, async (ac, api) => {
      ac.state.addContact({ email: 'keep@example.com', firstName: 'Keep', lastName: 'Me' });
      const post = await api.post('/import/bulk_import', { contacts: [{ email: 'keep@example.com', first_name: '' }, { email: 'z@example.com' }] });
      await waitDone(api, post.body.batchId);
      assert.equal(ac.state.findContactByEmail('keep@example.com')!.firstName, '');
      assert.deepEqual(
        ac.state.emptyWrites.overwrites.map((w) => [w.email, w.field, w.previous, w.via]),
        [['keep@example.com', 'firstName', 'Keep', 'import/bulk_import']],
      );
    });
  });
});
