import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { InvalidLimitsError } from '../../../src/engine/http/invalid-limits-error';
import { budgetsFor } from '../../../src/engine/http/request-budgets';
import type { DestinationLimits } from '../../../src/plugins/contract';

const activeCampaign: DestinationLimits = {
  key: 'activecampaign:acme.api-us1.com',
  requestsPerSecond: 5,
  maxBatchSize: 250,
  routes: [{ method: 'POST', pathPrefix: '/api/3/import/bulk_import', requests: 100, perMs: 60_000 }],
};

describe('budgetsFor', () => {
  const lookup = budgetsFor(activeCampaign);
  const account = { key: 'activecampaign:acme.api-us1.com', requests: 5, perMs: 1000 };
  const bulk = { key: 'activecampaign:acme.api-us1.com POST /api/3/import/bulk_import', requests: 100, perMs: 60_000 };

  test('every request spends the account budget; matching routes add theirs first', () => {
    assert.deepEqual(lookup('GET', '/api/3/contacts?email=a@b.c'), [account]);
    assert.deepEqual(lookup('POST', '/api/3/import/bulk_import'), [bulk, account]);
    assert.deepEqual(lookup('post', '/api/3/import/bulk_import?x=1'), [bulk, account]);
    assert.deepEqual(lookup('POST', '/api/3/import/bulk_import/sub'), [bulk, account]);
  });

  test('a route matches only its method and whole path segments', () => {
    assert.deepEqual(lookup('GET', '/api/3/import/bulk_import'), [account]);
    assert.deepEqual(lookup('POST', '/api/3/import/bulk_imports'), [account]);
    const anyMethod = budgetsFor({ ...activeCampaign, routes: [{ pathPrefix: '/api/3/', requests: 1, perMs: 10 }] });
    assert.equal(anyMethod('DELETE', '/api/3/contacts/1')[0]?.key, 'activecampaign:acme.api-us1.com * /api/3/');
  });

  test('a fractional rate becomes one request per interval', () => {
    assert.deepEqual(budgetsFor({ ...activeCampaign, requestsPerSecond: 2.5, routes: [] })('GET', '/'), [
      { key: activeCampaign.key, requests: 1, perMs: 400 },
    ]);
  });

  test('refuses limits it cannot enforce with INVALID_LIMITS naming the field', () => {
    const cases: Array<[Partial<DestinationLimits>, string]> = [
      [{ key: ' ' }, 'key'],
      [{ requestsPerSecond: 0 }, 'requestsPerSecond'],
      [{ requestsPerSecond: Number.NaN }, 'requestsPerSecond'],
      [{ routes: [{ pathPrefix: 'api/3', requests: 1, perMs: 1000 }] }, 'routes[0].pathPrefix'],
      [{ routes: [{ pathPrefix: '/a', requests: 1.5, perMs: 1000 }] }, 'routes[0].requests'],
      [{ routes: [{ pathPrefix: '/a', requests: 1, perMs: -1 }] }, 'routes[0].perMs'],
    ];
    for (const [change, field] of cases) {
      assert.throws(
        () => budgetsFor({ ...activeCampaign, ...change }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidLimitsError);
          assert.equal(error.code, 'INVALID_LIMITS');
          assert.equal(error.extensions.code, 'INVALID_LIMITS');
          assert.equal(error.field, field);
          assert.match(error.message, new RegExp(`limits\\(\\)\\.${field.replace(/[[\].]/g, '\\$&')}`));
          return true;
        },
      );
    }
  });
});
