import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { contactWrites, useContactRunFixture } from '../helpers/contact-run-fixture';
import { FAST_REQUESTS_PER_SECOND, allRejectedRows, contactSyncSpec, createSync, fastPlugins, runToEnd, waitForRun } from '../helpers/sync-fixtures';

describe('what a contact run sends: only what changed, all of it when asked or when the mapping changed', () => {
  const fixture = useContactRunFixture({
    requestsPerSecond: FAST_REQUESTS_PER_SECOND,
    plugins: fastPlugins,
    messyTable: `
      CREATE TABLE messy (id serial, email text, first_name text);
      INSERT INTO messy (email, first_name) VALUES
        ('good1@example.com', 'Good'), ('excluded@example.com', 'Excluded'), ('not-an-email', 'Broken'), (NULL, 'Nameless'), ('good1@example.com', 'Again');
      INSERT INTO messy (email, first_name) SELECT 'good' || g || '@example.com', 'Good ' || g FROM generate_series(2, 14) g;
    `,
  });

  test('a second run over unchanged data sends nothing; ten changed rows send ten; fullResync sends all', async () => {
    const { ferry, fake, warehouse, signupFieldKey, contactMappings } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name, lists, signup FROM people ORDER BY id',
        mappings: contactMappings(),
      }),
    );
    const first = await runToEnd(ferry.client, syncId);
    assert.equal(first.status, 'SUCCEEDED', JSON.stringify(first));
    assert.deepEqual([first.rowsRead, first.rowsChanged, first.rowsCreated, first.rowsRejected], [20, 20, 20, 0]);
    assert.equal(fake.state.snapshotContact('person7@example.com')?.fields[signupFieldKey.slice('field:'.length)], '2024-01-07');

    let mark = fake.requests.count;
    const second = await runToEnd(ferry.client, syncId);
    assert.equal(second.status, 'SUCCEEDED');
    assert.deepEqual([second.rowsRead, second.rowsChanged, second.rowsUnchanged, second.rowsCreated, second.rowsUpdated], [20, 0, 20, 0, 0]);
    assert.deepEqual(contactWrites(fake, mark), [], 'no contact was sent');

    await warehouse.client.query(`UPDATE people SET first_name = first_name || ' (renamed)' WHERE id <= 10`);
    mark = fake.requests.count;
    const third = await runToEnd(ferry.client, syncId);
    assert.deepEqual([third.rowsChanged, third.rowsUnchanged, third.rowsUpdated, third.rowsCreated], [10, 10, 10, 0]);
    // Ten contacts or fewer go through /contact/sync, one request each.
    assert.deepEqual(
      contactWrites(fake, mark).map((e) => e.path),
      Array(10).fill('/api/3/contact/sync'),
      'exactly the ten changed contacts were sent',
    );
    assert.equal(fake.state.findContactByEmail('person3@example.com')?.firstName, 'Person 3 (renamed)');
    assert.equal(fake.state.findContactByEmail('person13@example.com')?.firstName, 'Person 13');

    const full = await runToEnd(ferry.client, syncId, true);
    assert.equal(full.fullResync, true);
    assert.deepEqual([full.rowsChanged, full.rowsUnchanged, full.rowsUpdated], [20, 0, 20], 'fullResync ignores the snapshot');
    const imported = fake.state.imports.all().at(-1);
    assert.equal(imported?.contactCount, 20, 'the full resync sent all twenty contacts in one import');
  });

  test('a changed mapping changes every hash, so the next run re-sends every row', async () => {
    const { ferry, fake, warehouse } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM people ORDER BY id',
        mappings: [{ from: 'first_name', to: 'firstName' }],
      }),
    );
    assert.equal((await runToEnd(ferry.client, syncId)).rowsChanged, 20);
    assert.equal((await runToEnd(ferry.client, syncId)).rowsChanged, 0);
    await ferry.client.data(`mutation($id: ID!, $i: SyncUpdateInput!) { updateSync(id: $id, input: $i) { id } }`, {
      id: syncId,
      i: {
        mappings: [
          { from: 'first_name', to: 'firstName' },
          { constant: 'warehouse', to: 'tags' },
        ],
      },
    });
    const afterChange = await runToEnd(ferry.client, syncId);
    assert.deepEqual([afterChange.rowsChanged, afterChange.rowsUnchanged, afterChange.rowsUpdated], [20, 0, 20]);
    assert.deepEqual(fake.state.snapshotContact('person1@example.com')?.tags, ['warehouse']);
  });

  test('UPDATE_ONLY updates existing contacts and reports the rows with no contact', async () => {
    const { ferry, fake, warehouse } = fixture;
    await warehouse.client.query(
      `CREATE TABLE updates AS SELECT * FROM (VALUES ('person1@example.com', 'Updated One'), ('nobody@example.com', 'Nobody'), ('person2@example.com', 'Updated Two')) v(email, first_name)`,
    );
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM updates',
        behavior: 'UPDATE_ONLY',
        mappings: [{ from: 'first_name', to: 'firstName' }],
      }),
    );
    const run = await runToEnd(ferry.client, syncId);
    assert.equal(run.status, 'PARTIAL');
    assert.deepEqual([run.rowsUpdated, run.rowsCreated, run.rowsRejected], [2, 0, 1]);
    const { rows } = await allRejectedRows(ferry.client, run.id);
    assert.equal(rows[0].key, 'nobody@example.com');
    assert.match(rows[0].reason, /no contact/i);
    assert.equal(fake.state.findContactByEmail('nobody@example.com'), undefined, 'UPDATE_ONLY never creates');
    assert.equal(fake.state.findContactByEmail('person2@example.com')?.firstName, 'Updated Two');
  });

  test('previewSync counts what the next run would do and samples records, without writing to the destination', async () => {
    const { ferry, fake, warehouse } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email, first_name FROM messy ORDER BY id',
        mappings: [{ from: 'first_name', to: 'firstName' }],
        name: 'preview',
      }),
    );
    const mark = fake.requests.count;
    const query = `query($id: ID!, $limit: Int) { previewSync(id: $id, limit: $limit) { rowsRead rowsChanged rowsUnchanged rowsRejected sample { key action record reason } } }`;
    const { previewSync: before } = await ferry.client.data(query, { id: syncId, limit: 5 });
    assert.deepEqual([before.rowsRead, before.rowsChanged, before.rowsUnchanged, before.rowsRejected], [18, 16, 0, 2]);
    assert.equal(before.sample.length, 5);
    assert.deepEqual(
      before.sample.map((s: { action: string }) => s.action),
      ['SEND', 'REJECT', 'SEND', 'REJECT', 'SEND'],
    );
    assert.deepEqual(before.sample[0], {
      key: 'good1@example.com',
      action: 'SEND',
      record: { email: 'good1@example.com', firstName: 'Good' },
      reason: null,
    });
    assert.match(before.sample[1].reason, /sync key column "email" is empty/);
    assert.deepEqual(contactWrites(fake, mark), [], 'a preview writes nothing');

    await runToEnd(ferry.client, syncId);
    const { previewSync: afterRun } = await ferry.client.data(query, { id: syncId, limit: 50 });
    assert.deepEqual([afterRun.rowsRead, afterRun.rowsUnchanged, afterRun.rowsChanged, afterRun.rowsRejected], [18, 14, 2, 2]);
    const actions = new Map(afterRun.sample.map((s: { key: string; action: string }) => [s.key, s.action]));
    assert.equal(actions.get('good5@example.com'), 'UNCHANGED');
    assert.equal(actions.get('excluded@example.com'), 'SEND', 'a row the destination rejected is sent again');
    assert.equal(afterRun.sample.length, 18);
  });

  test('one run per sync at a time: concurrent triggers get the same run; a new trigger after it ends makes a new run', async () => {
    const { ferry, fake, warehouse } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: 'SELECT email FROM people',
        mappings: [],
        name: 'single',
      }),
    );
    const mutation = `mutation($id: ID!) { triggerSync(id: $id) { id status trigger } }`;
    const runs = await Promise.all(Array.from({ length: 6 }, () => ferry.client.data(mutation, { id: syncId })));
    const ids = new Set(runs.map((r) => r.triggerSync.id));
    assert.equal(ids.size, 1, `one run for six concurrent triggers, got ${[...ids].join(', ')}`);
    assert.equal(runs[0].triggerSync.trigger, 'MANUAL');
    const [runId] = ids;
    await waitForRun(ferry.client, runId);
    const next = await ferry.client.data(mutation, { id: syncId });
    assert.notEqual(next.triggerSync.id, runId);
    const { sync } = await ferry.client.data(`query($id: ID!) { sync(id: $id) { runs { totalCount } } }`, { id: syncId });
    assert.equal(sync.runs.totalCount, 2);
    await waitForRun(ferry.client, next.triggerSync.id);
  });
});
