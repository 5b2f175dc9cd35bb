import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, test } from '@jest/globals';
import { DestinationError, type DestinationRecord } from '../../../src/plugins/contract';
import type { CustomObjectSchema } from '../../fakes/activecampaign';
import { asEngineSends, emptyStringsIn, startTestAccount, type TestAccount } from './test-account';

function rec(externalId: string, fields: Record<string, unknown> = {}): DestinationRecord {
  return { key: externalId, fields: { externalId, ...fields } };
}

describe('custom objects', () => {
  let account: TestAccount;
  let schema: CustomObjectSchema;
  let object: string;
  beforeAll(async () => {
    account = await startTestAccount();
    schema = account.fake.state.addSchema({
      slug: 'subscription',
      fields: [
        { id: 'plan', type: 'text', required: true },
        { id: 'seats', type: 'number', scale: 0 },
        { id: 'renews-on', type: 'date' },
      ],
    });
    object = `customObject:${schema.id}`;
  });
  afterAll(() => account.close());

  test('records are upserted by externalId: new ones created, existing ones updated, never duplicated', async () => {
    const first = await account.write(object, [
      rec('sub-1', { 'field:plan': 'Pro', 'field:seats': 5 }),
      rec('sub-2', { 'field:plan': 'Team', 'field:renews-on': '2025-06-01' }),
    ]);
    const store = account.fake.state.customObjects;
    const sub1 = store.findByExternalId(schema.id, 'sub-1')!;
    assert.deepEqual(first.get('sub-1'), { key: 'sub-1', status: 'created', externalId: sub1.id });
    assert.equal(first.get('sub-2')?.status, 'created');
    assert.deepEqual(sub1.fields, { plan: 'Pro', seats: 5 });

    const second = await account.write(object, [rec('sub-1', { 'field:seats': 8 }), rec('sub-3', { 'field:plan': 'Free' })]);
    assert.deepEqual(second.get('sub-1'), { key: 'sub-1', status: 'updated', externalId: sub1.id });
    assert.equal(second.get('sub-3')?.status, 'created');
    assert.deepEqual(store.findByExternalId(schema.id, 'sub-1')?.fields, { plan: 'Pro', seats: 8 });
    assert.equal(store.recordCount, 3);
    const posts = account.sent.filter((r) => r.method === 'POST');
    assert.ok(
      posts.every((p) => !('id' in (p.body as { record: object }).record)),
      'only externalId keys the upsert',
    );
    assert.deepEqual(
      account.sent.filter((r) => r.method !== 'POST'),
      [],
      'created vs updated comes from the reply, not from a lookup',
    );
  });

  test('created vs updated is read from the reply timestamps, also for a record made elsewhere moments before', async () => {
    const elsewhere = account.fake.state.customObjects.create(schema.id, 'made-elsewhere');
    const results = await account.write(object, [rec('made-elsewhere', { 'field:plan': 'Pro' }), rec('brand-new', { 'field:plan': 'Pro' })]);
    assert.deepEqual(results.get('made-elsewhere'), { key: 'made-elsewhere', status: 'updated', externalId: elsewhere.id });
    assert.equal(results.get('brand-new')?.status, 'created');
  });

  test("a bad value rejects only its record, with ActiveCampaign's message; empty values are left out", async () => {
    const discovered = await account.object(object);
    const blanks = asEngineSends(discovered, 'sub-4', { externalId: 'sub-4', 'field:plan': 'Pro', 'field:renews-on': null, 'field:seats': '  ' });
    account.sent.length = 0;
    const results = await account.write(object, [rec('sub-1', { 'field:seats': 'many' }), blanks]);
    const bad = results.get('sub-1') as { status: string; reason: string; retryable: boolean };
    assert.equal(bad.status, 'rejected');
    assert.equal(bad.retryable, false);
    assert.equal(bad.reason, 'Invalid value for field "seats" (seats must be a number.)');
    assert.equal(results.get('sub-4')?.status, 'created');
    assert.deepEqual(
      account.sent.flatMap((r) => emptyStringsIn(r.body)),
      [],
    );
  });

  test('a schema deleted since discovery fails the batch, not retryable', async () => {
    await assert.rejects(account.write('customObject:00000000-0000-0000-0000-000000000000', [rec('x')]), (error: unknown) => {
      assert.ok(error instanceof DestinationError);
      assert.equal(error.retryable, false);
      assert.match(error.message, /no longer exists in ActiveCampaign/);
      return true;
    });
  });
});
