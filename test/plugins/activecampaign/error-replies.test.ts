import assert from 'node:assert/strict';
import { afterAll, beforeAll, beforeEach, describe, test } from '@jest/globals';
import { errorBodies } from '../../fakes/activecampaign';
import { startTestAccount, type TestAccount } from './test-account';

/** Every error shape of the API notes (§11), as the reason a record is rejected with. */
describe('error replies become one readable reason', () => {
  let account: TestAccount;
  beforeAll(async () => {
    account = await startTestAccount();
  });
  beforeEach(() => account.fake.faults.clear());
  afterAll(() => account.close());

  async function reasonFor(status: number, body: unknown, headers?: Record<string, string>) {
    account.fake.faults.inject({ method: 'POST', path: '/accounts', times: 1, fault: { type: 'response', status, body, headers } });
    const results = await account.write('account', [{ key: 'Shape Co', fields: { name: 'Shape Co' } }]);
    const result = results.get('Shape Co');
    if (result?.status !== 'rejected') return assert.fail(`expected a rejection, got ${JSON.stringify(result)}`);
    return { reason: result.reason, retryable: result.retryable };
  }

  test('the common 422: errors[].title (with detail when there is one)', async () => {
    assert.deepEqual(await reasonFor(422, errorBodies.accountNameMissing), { reason: 'The account name was not provided.', retryable: false });
    assert.deepEqual(await reasonFor(422, errorBodies.fieldDuplicateTitle('Size')), {
      reason: 'There is already a field with this title (A field titled "Size" already exists.)',
      retryable: false,
    });
  });

  test("errors with status and title, and custom objects' {type, value} source", async () => {
    assert.equal((await reasonFor(422, errorBodies.missingAttribute('account'))).reason, 'Missing attribute');
    assert.equal(
      (await reasonFor(422, errorBodies.customObjectInvalidField('x'))).reason,
      'Invalid value for field "x" (x cannot accept a value that is not defined in the schema.)',
    );
  });

  test('a bare message, a bare {}, a string and an array of strings', async () => {
    assert.equal((await reasonFor(400, { message: 'No Result found for Account with id 7' })).reason, 'No Result found for Account with id 7');
    assert.equal((await reasonFor(400, errorBodies.emptyObject)).reason, 'HTTP 400 with no error message');
    assert.equal((await reasonFor(400, errorBodies.stringErrors)).reason, 'An unexpected error occurred.');
    assert.equal((await reasonFor(400, errorBodies.arrayErrors)).reason, 'An unexpected error occurred.');
  });

  test('HTML error pages are recognised and described, never quoted; 5xx and 429 are retryable', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const html = await reasonFor(502, page);
    assert.deepEqual(html, {
      reason: `ActiveCampaign could not process the request: HTTP 502 with a non-JSON body (an HTML page, ${Buffer.byteLength(page)} bytes)`,
      retryable: true,
    });
    const limited = await reasonFor(429, errorBodies.tooManyRequests, { 'Retry-After': '30' });
    assert.deepEqual(limited, { reason: 'ActiveCampaign could not process the request: Too Many Requests', retryable: true });
  });

  test('a network failure is retryable and says what happened', async () => {
    account.fake.faults.inject({ method: 'POST', path: '/accounts', times: 1, fault: { type: 'reset' } });
    const results = await account.write('account', [{ key: 'Reset Co', fields: { name: 'Reset Co' } }]);
    const reset = results.get('Reset Co') as { status: string; reason: string; retryable: boolean };
    assert.equal(reset.status, 'rejected');
    assert.equal(reset.retryable, true);
    assert.match(reset.reason, /^The connection to 127\.0\.0\.1:\d+ was closed before ActiveCampaign answered \(\w+\): try again later$/);
  });

  test('a reply that echoes the API key never puts it in a reason', async () => {
    const reason = await reasonFor(422, { errors: [{ title: `Token ${account.fake.apiKey} may not create accounts` }] });
    assert.equal(reason.reason, 'Token [api key] may not create accounts');
  });
});
