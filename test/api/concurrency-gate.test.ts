import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { ConcurrencyGate } from '../../src/server/concurrency-gate';
import { operationKind } from '../../src/server/operation-kind';

describe('ConcurrencyGate', () => {
  test('runs at most `limit` tasks at once, the others in arrival order, and frees the slot of a failed task', async () => {
    const gate = new ConcurrencyGate(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (i: number) =>
      gate.run(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        order.push(i);
        if (i === 1) throw new Error('task 1 fails');
        return i;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'],
    );
    assert.equal(await gate.run(async () => 'free again'), 'free again');
  });
});

describe('operationKind', () => {
  test('tells queries from mutations, honours operationName, and gives null for what does not parse', () => {
    assert.equal(operationKind('{ syncs { id } }', undefined), 'query');
    assert.equal(operationKind('mutation($id: ID!) { triggerSync(id: $id) { id } }', null), 'mutation');
    assert.equal(operationKind('query A { syncs { id } } mutation B { deleteSync(id: "x") }', 'B'), 'mutation');
    assert.equal(operationKind('query A { syncs { id } } mutation B { deleteSync(id: "x") }', 'A'), 'query');
    assert.equal(operationKind('query A { syncs { id } } mutation B { deleteSync(id: "x") }', undefined), null);
    assert.equal(operationKind('mutation {', undefined), null);
    assert.equal(operationKind(undefined, undefined), null);
  });
});
