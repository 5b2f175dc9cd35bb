import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { contactWrites, useContactRunFixture } from '../helpers/contact-run-fixture';
import {
  FAST_REQUESTS_PER_SECOND,
  contactSyncSpec,
  createSync,
  fastPlugins,
  runFields,
  runToEnd,
  waitForRun,
  type RunState,
} from '../helpers/sync-fixtures';

describe('the change guard: a run that would change too many records stops before its first write', () => {
  const fixture = useContactRunFixture({ requestsPerSecond: FAST_REQUESTS_PER_SECOND, plugins: fastPlugins, messyTable: 'SELECT 1' });

  /** A warehouse table of `rows` contacts, <name>1@example.com …, named `Name 1` …. */
  async function table(name: string, rows: number): Promise<void> {
    await fixture.warehouse.client.query(`
      CREATE TABLE ${name} (id serial, email text, first_name text);
      INSERT INTO ${name} (email, first_name) SELECT '${name}' || g || '@example.com', 'Name ' || g FROM generate_series(1, ${rows}) g;
    `);
  }

  async function guardedSync(name: string, changeGuard: { maxRecords?: number; maxPercent?: number } | null): Promise<string> {
    const { ferry, fake, warehouse } = fixture;
    const { syncId } = await createSync(
      ferry.client,
      contactSyncSpec(warehouse, fake, {
        sql: `SELECT email, first_name FROM ${name} ORDER BY id`,
        mappings: [{ from: 'first_name', to: 'firstName' }],
        name,
      }),
    );
    if (changeGuard) await setGuard(syncId, changeGuard);
    return syncId;
  }

  async function setGuard(syncId: string, changeGuard: unknown): Promise<{ maxRecords: number | null; maxPercent: number | null } | null> {
    const { updateSync } = await fixture.ferry.client.data(
      `mutation($id: ID!, $g: ChangeGuardInput) { updateSync(id: $id, input: { changeGuard: $g }) { changeGuard { maxRecords maxPercent } } }`,
      { id: syncId, g: changeGuard },
    );
    return updateSync.changeGuard;
  }

  async function forced(syncId: string): Promise<RunState> {
    const { triggerSync } = await fixture.ferry.client.data(`mutation($id: ID!) { triggerSync(id: $id, force: true) { ${runFields} } }`, {
      id: syncId,
    });
    return waitForRun(fixture.ferry.client, triggerSync.id);
  }

  async function preview(syncId: string, fullResync = false): Promise<{ rowsChanged: number; stoppedByGuard: string | null }> {
    const { previewSync } = await fixture.ferry.client.data(
      `query($id: ID!, $full: Boolean!) { previewSync(id: $id, limit: 0, fullResync: $full) { rowsChanged stoppedByGuard } }`,
      { id: syncId, full: fullResync },
    );
    return previewSync;
  }

  async function snapshot(syncId: string): Promise<Array<{ record_key: string; hash: string }>> {
    return fixture.ferry.ferry.db.query('SELECT record_key, hash FROM sync_snapshots WHERE sync_id = $1 ORDER BY record_key', [syncId]);
  }

  /** Requests the fake saw since `mark` other than reading the account's objects (which loading a run may do). */
  const requestsBeyondDiscovery = (mark: number) => fixture.fake.requests.entries.slice(mark).filter((entry) => entry.method !== 'GET');

  test('maxPercent: the first run goes through; a model that changed every row stops with the numbers, writes nothing, and force lets it through once', async () => {
    const { ferry, fake, warehouse } = fixture;
    await table('pct', 20);
    const syncId = await guardedSync('pct', { maxPercent: 20 });

    assert.deepEqual(await preview(syncId), { rowsChanged: 20, stoppedByGuard: null });
    const first = await runToEnd(ferry.client, syncId);
    assert.equal(first.status, 'SUCCEEDED', 'nothing written yet: the percentage has no base and does not apply');
    assert.equal(first.rowsCreated, 20);
    // Nothing changed: the next run would pass, a full resync (every row sent again) would not, and says how to go on.
    assert.deepEqual(await preview(syncId), { rowsChanged: 0, stoppedByGuard: null });
    const resync = await preview(syncId, true);
    assert.equal(resync.rowsChanged, 20);
    assert.match(resync.stoppedByGuard ?? '', /^A full resync would be stopped by the change guard before any write: .*20 records/);
    assert.ok(resync.stoppedByGuard?.includes(`triggerSync(id: "${syncId}", fullResync: true, force: true)`), resync.stoppedByGuard ?? '');

    await warehouse.client.query(`UPDATE pct SET first_name = 'Broken'`);
    const before = await snapshot(syncId);
    const previewed = await preview(syncId);
    assert.equal(previewed.rowsChanged, 20);
    assert.match(
      previewed.stoppedByGuard ?? '',
      /^The next run would be stopped by the change guard before any write: it would send 20 records \(new or changed\), 100% of the 20 records/,
    );

    const mark = fake.requests.count;
    const stopped = await runToEnd(ferry.client, syncId);
    assert.equal(stopped.status, 'FAILED');
    assert.equal(
      stopped.error,
      `Stopped by the change guard before any write: it would send 20 records (new or changed), 100% of the 20 records Ferry has written for this sync, ` +
        `above the guard's maxPercent 20% (4 of 20 records). If the change is intended, let one run through with triggerSync(id: "${syncId}", force: true), ` +
        `or raise or remove the guard with updateSync(id: "${syncId}", input: { changeGuard: … }); if it is not, fix the model "pct" first.`,
    );
    assert.deepEqual([stopped.rowsRead, stopped.rowsChanged, stopped.rowsCreated, stopped.rowsUpdated], [20, 20, 0, 0]);
    // Nothing but reading the account's objects reached the fake, then or after the stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(requestsBeyondDiscovery(mark), []);
    assert.deepEqual(contactWrites(fake, mark), []);
    assert.deepEqual(await snapshot(syncId), before, 'the snapshot is as the last run left it');
    assert.equal(fake.state.findContactByEmail('pct7@example.com')?.firstName, 'Name 7');

    const through = await forced(syncId);
    assert.equal(through.status, 'SUCCEEDED', JSON.stringify(through));
    assert.deepEqual([through.rowsChanged, through.rowsUpdated], [20, 20]);
    assert.equal(fake.state.findContactByEmail('pct7@example.com')?.firstName, 'Broken');
    assert.equal((await preview(syncId)).stoppedByGuard, null);

    // force was for that run only: the next big change stops again; a change within the guard goes through.
    await warehouse.client.query(`UPDATE pct SET first_name = 'Broken again' WHERE id <= 5`);
    assert.equal((await runToEnd(ferry.client, syncId)).status, 'FAILED', '5 of 20 is 25%, above 20%');
    await warehouse.client.query(`UPDATE pct SET first_name = 'Broken' WHERE id IN (1, 2)`);
    const within = await runToEnd(ferry.client, syncId);
    assert.equal(within.status, 'SUCCEEDED', JSON.stringify(within));
    assert.deepEqual([within.rowsChanged, within.rowsUpdated, within.rowsUnchanged], [3, 3, 17], '3 of 20 is 15%');
    assert.equal(fake.state.findContactByEmail('pct3@example.com')?.firstName, 'Broken again');
  });

  test('maxRecords applies from the first run; exactly the limit goes through, one more stops; new records count', async () => {
    const { ferry, fake, warehouse } = fixture;
    await table('cnt', 12);
    const syncId = await guardedSync('cnt', { maxRecords: 5 });
    const mark = fake.requests.count;
    const first = await runToEnd(ferry.client, syncId);
    assert.equal(first.status, 'FAILED');
    assert.match(
      first.error ?? '',
      /^Stopped by the change guard before any write: it would send 12 records \(new or changed\), above the guard's maxRecords 5\. /,
    );
    assert.deepEqual(requestsBeyondDiscovery(mark), []);
    assert.deepEqual(await snapshot(syncId), []);
    assert.equal((await forced(syncId)).rowsCreated, 12);

    await warehouse.client.query(`UPDATE cnt SET first_name = 'Five' WHERE id <= 5`);
    const five = await runToEnd(ferry.client, syncId);
    assert.deepEqual([five.status, five.rowsUpdated], ['SUCCEEDED', 5]);

    await warehouse.client.query(
      `UPDATE cnt SET first_name = 'Four' WHERE id <= 4; INSERT INTO cnt (email, first_name) VALUES ('cnt-new1@example.com', 'New'), ('cnt-new2@example.com', 'New')`,
    );
    const six = await runToEnd(ferry.client, syncId);
    assert.equal(six.status, 'FAILED', 'four changed and two new are six records to send');
    assert.match(
      six.error ?? '',
      /would send 6 records \(new or changed\), 50% of the 12 records Ferry has written for this sync, above the guard's maxRecords 5\./,
    );
    assert.equal(fake.state.findContactByEmail('cnt-new1@example.com'), undefined);
  });

  test('both limits: the smaller one holds, and the message names each one exceeded', async () => {
    const { ferry, warehouse } = fixture;
    await table('twin', 40);
    const syncId = await guardedSync('twin', { maxRecords: 30, maxPercent: 50 });
    const first = await runToEnd(ferry.client, syncId);
    assert.match(first.error ?? '', /would send 40 records \(new or changed\), above the guard's maxRecords 30\./, 'no percentage on a first run');
    await forced(syncId);
    await warehouse.client.query(`UPDATE twin SET first_name = 'x' WHERE id <= 25`);
    assert.equal((await preview(syncId)).stoppedByGuard?.includes("above the guard's maxPercent 50% (20 of 40 records)"), true);
    await warehouse.client.query(`UPDATE twin SET first_name = 'x' WHERE id <= 35`);
    const stopped = await runToEnd(ferry.client, syncId);
    assert.match(
      stopped.error ?? '',
      /would send 35 records \(new or changed\), 87\.5% of the 40 records Ferry has written for this sync, above the guard's maxRecords 30 and maxPercent 50% \(20 of 40 records\)\./,
    );
  });

  test('a guarded run over several read batches sends every held record once, with its values', async () => {
    const { ferry, fake } = fixture;
    await table('many', 4_500);
    const syncId = await guardedSync('many', { maxRecords: 5_000 });
    const importsBefore = fake.state.imports.all().length;
    const run = await runToEnd(ferry.client, syncId, false, 60_000);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
    assert.deepEqual([run.rowsRead, run.rowsChanged, run.rowsCreated], [4_500, 4_500, 4_500]);
    const imported = fake.state.imports
      .all()
      .slice(importsBefore)
      .reduce((sum, i) => sum + i.contactCount, 0);
    assert.equal(imported, 4_500, 'each record was sent once');
    for (const n of [1, 2_000, 2_001, 4_500]) assert.equal(fake.state.findContactByEmail(`many${n}@example.com`)?.firstName, `Name ${n}`);
    assert.equal((await snapshot(syncId)).length, 4_500);
  });

  test('the guard is validated, kept by an update that leaves it out, replaced, and removed with null', async () => {
    const { ferry } = fixture;
    await table('valid', 1);
    const syncId = await guardedSync('valid', null);
    const { sync } = await ferry.client.data(`query($id: ID!) { sync(id: $id) { changeGuard { maxRecords } model { id } destination { id } } }`, {
      id: syncId,
    });
    assert.equal(sync.changeGuard, null);

    const refused = async (changeGuard: unknown) => {
      const error = await ferry.client.error(`mutation($id: ID!, $g: ChangeGuardInput) { updateSync(id: $id, input: { changeGuard: $g }) { id } }`, {
        id: syncId,
        g: changeGuard,
      });
      assert.equal(error.code, 'BAD_USER_INPUT', error.message);
      return { field: error.extensions.field, message: error.message };
    };
    assert.deepEqual(await refused({ maxPercent: 0 }), {
      field: 'input.changeGuard.maxPercent',
      message: 'input.changeGuard.maxPercent: 0 is not a percentage a run can be held to: give a number above 0 and at most 100 (e.g. 20 for 20%)',
    });
    assert.equal((await refused({ maxPercent: 100.5 })).field, 'input.changeGuard.maxPercent');
    assert.deepEqual(await refused({ maxRecords: 0 }), {
      field: 'input.changeGuard.maxRecords',
      message: 'input.changeGuard.maxRecords: 0 would stop every run that sends anything: give at least 1, or pause the sync instead',
    });
    const both = await ferry.client.error(
      `mutation($id: ID!) { updateSync(id: $id, input: { changeGuard: { maxRecords: 0, maxPercent: 101 } }) { id } }`,
      {
        id: syncId,
      },
    );
    assert.deepEqual(
      both.extensions.problems.map((p: { path: string }) => p.path),
      ['input.changeGuard.maxRecords', 'input.changeGuard.maxPercent'],
      'both problems at once',
    );
    assert.equal((await refused({})).field, 'input.changeGuard');
    assert.equal((await refused({ maxRecords: null, maxPercent: null })).field, 'input.changeGuard');

    const created = await ferry.client.error(`mutation($i: SyncInput!) { createSync(input: $i) { id } }`, {
      i: {
        modelId: sync.model.id,
        destinationId: sync.destination.id,
        object: 'contact',
        behavior: 'UPDATE_OR_CREATE',
        syncKey: { column: 'email', field: 'email' },
        mappings: [{ from: 'first_name', to: 'firstName' }],
        changeGuard: { maxRecords: -3 },
      },
    });
    assert.deepEqual([created.code, created.extensions.field], ['BAD_USER_INPUT', 'input.changeGuard.maxRecords']);
    const { createSync: withGuard } = await ferry.client.data(
      `mutation($i: SyncInput!) { createSync(input: $i) { changeGuard { maxRecords maxPercent } } }`,
      {
        i: {
          name: 'created with a guard',
          modelId: sync.model.id,
          destinationId: sync.destination.id,
          object: 'contact',
          behavior: 'UPDATE_OR_CREATE',
          syncKey: { column: 'email', field: 'email' },
          mappings: [{ from: 'first_name', to: 'firstName' }],
          changeGuard: { maxPercent: 12.5 },
        },
      },
    );
    assert.deepEqual(withGuard.changeGuard, { maxRecords: null, maxPercent: 12.5 });

    assert.deepEqual(await setGuard(syncId, { maxRecords: 100, maxPercent: 10 }), { maxRecords: 100, maxPercent: 10 });
    const { updateSync: renamed } = await ferry.client.data(
      `mutation($id: ID!) { updateSync(id: $id, input: { name: "renamed" }) { changeGuard { maxRecords maxPercent } } }`,
      {
        id: syncId,
      },
    );
    assert.deepEqual(renamed.changeGuard, { maxRecords: 100, maxPercent: 10 }, 'an update that leaves changeGuard out keeps it');
    assert.deepEqual(await setGuard(syncId, { maxRecords: 7 }), { maxRecords: 7, maxPercent: null }, 'a new guard replaces the old one whole');
    assert.equal(await setGuard(syncId, null), null, 'null removes the guard');
    const { sync: after } = await ferry.client.data(`query($id: ID!) { sync(id: $id) { changeGuard { maxRecords } } }`, { id: syncId });
    assert.equal(after.changeGuard, null);
    assert.equal((await runToEnd(ferry.client, syncId)).status, 'SUCCEEDED');
  });
});
