import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { contactWrites, useContactRunFixture } from '../helpers/contact-run-fixture';
import { allRejectedRows, contactSyncSpec, createSync, enginePlugins, runToEnd, snapshotKeys } from '../helpers/sync-fixtures';

describe('a contact sync end to end: GraphQL API → engine → fake ActiveCampaign at its real limits', () => {
  const fixture = useContactRunFixture({
    // The fake enforces ActiveCampaign's 5 requests per second: the engine's limiter must keep under it.
    requestsPerSecond: 5,
    plugins: enginePlugins,
    messyTable: `
      CREATE TABLE messy (id serial, email text, first_name text, lists text[], signup text);
      INSERT INTO messy (email, first_name, lists, signup) VALUES
        ('good1@example.com', 'Good', ARRAY['newsletter'], '2024-02-01'),
        ('excluded@example.com', 'Excluded', NULL, NULL),
        ('unknown-list@example.com', 'Lost', ARRAY['no-such-list'], NULL),
        ('not-an-email', 'Broken', NULL, NULL),
        (NULL, 'Nameless', NULL, NULL),
        ('good1@example.com', 'Again', NULL, NULL),
        ('bad-date@example.com', 'Late', NULL, 'soon');
      INSERT INTO messy (email, first_name) SELECT 'good' || g || '@example.com', 'Good ' || g FROM generate_series(2, 12) g;
    `,
  });

  test('rows that cannot be written are rejected with their reasons, the rest are created, and the run ends PARTIAL', async () => {
    const { ferry, fake, warehouse, contactMappings } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name, lists, signup FROM messy ORDER BY id',
        mappings: contactMappings(),
      }),
    );
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'PARTIAL', JSON.stringify(run));
    assert.equal(run.error, null);
    assert.equal(run.rowsRead, 18);
    assert.equal(run.rowsRejected, 6);
    assert.equal(run.rowsCreated, 12, 'good1..good12 are created');
    assert.equal(run.rowsChanged, 15, 'every valid first-seen row is sent: 12 good ones, the excluded one, the unknown list, the invalid email');
    assert.equal(run.progress, 1);
    assert.ok(run.startedAt && run.finishedAt);

    const { rows, pages, totalCount } = await allRejectedRows(ferry.client, run.id, 2);
    assert.equal(totalCount, 6);
    assert.equal(pages, 3, 'six rejected rows come in three pages of two');
    const reasons = new Map(rows.map((row) => [row.key, row.reason]));
    assert.equal(reasons.get('excluded@example.com'), 'Row skipped - It is on exclusion list');
    assert.match(reasons.get('unknown-list@example.com')!, /^List "no-such-list" not found in ActiveCampaign: use the list's ID or its string ID/);
    assert.match(reasons.get('not-an-email')!, /email' incorrect format/);
    assert.match(reasons.get('')!, /sync key column "email" is empty/);
    assert.match(reasons.get('bad-date@example.com')!, /Field "Signup" \(field:\d+\): "soon" is not a date/);
    const duplicate = rows.find((row) => row.key === 'good1@example.com')!;
    assert.match(duplicate.reason, /^Duplicate sync key: an earlier row of the model has the same Email "good1@example.com"/);
    assert.equal(duplicate.record?.firstName, 'Again', 'the rejected row keeps the mapped record');

    assert.equal(fake.state.findContactByEmail('good1@example.com')?.firstName, 'Good', 'the first row of a key wins');
    assert.equal(fake.state.findContactByEmail('excluded@example.com'), undefined);
    const snapshot = await snapshotKeys(ferry, syncId);
    assert.equal(snapshot.length, 12, 'only confirmed records are in the snapshot');
    assert.ok(!snapshot.includes('excluded@example.com'));

    const mark = fake.requests.count;
    const rerun = await runToEnd(ferry.client, syncId);
    assert.equal(rerun.status, 'PARTIAL');
    assert.equal(rerun.rowsUnchanged, 12);
    assert.equal(rerun.rowsChanged, 3, 'the rejected rows that reached the destination are retried, since they are not in the snapshot');
    assert.equal(rerun.rowsRejected, 6);
    // Of the three, only the invalid email gets past the plugin's own checks: one single-contact sync, no import.
    assert.deepEqual(
      contactWrites(fake, mark).map((e) => e.path),
      ['/api/3/contact/sync'],
      'none of the twelve created contacts was sent again',
    );
    assert.ok(fake.requests.maxRequestsInAnyWindow(1000) <= 5, 'never more than 5 requests in any second');
    assert.deepEqual(
      fake.requests.entries.filter((e) => e.status === 429),
      [],
      'so the account never answered 429',
    );
  }, 30_000);

  test('from createDestination to the end of the first run, at most 5 requests reach the account in any 1,000 ms, and the run reuses the objects createSync discovered', async () => {
    const { ferry, fake, warehouse } = fixture;
    const mark = fake.requests.count;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM people ORDER BY id',
        mappings: [{ from: 'first_name', to: 'firstName' }],
      }),
    );
    const createdAt = fake.requests.entries.length;
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    const since = fake.requests.entries.slice(mark);
    const times = since.map((entry) => entry.time);
    let busiest = 0;
    for (let end = 0, start = 0; end < times.length; end += 1) {
      while (times[end] - times[start] >= 1000) start += 1;
      busiest = Math.max(busiest, end - start + 1);
    }
    assert.ok(busiest <= 5, `busiest 1,000 ms since createDestination: ${busiest} requests`);
    assert.ok(
      since.some((entry) => entry.path === '/api/3/users/me'),
      'the connection test of createDestination counts too',
    );
    const discovery = (entry: { method: string; path: string }) =>
      entry.method === 'GET' && /^\/api\/3\/(fields|accountCustomFieldMeta|customObjects\/schemas)/.test(entry.path);
    assert.ok(since.slice(0, createdAt - mark).some(discovery), 'createSync discovered the objects');
    assert.deepEqual(
      fake.requests.entries
        .slice(createdAt)
        .filter(discovery)
        .map((entry) => entry.path),
      [],
      'the run did not discover them again',
    );
    assert.deepEqual(
      since.filter((entry) => entry.status === 429),
      [],
    );
  }, 30_000);
});
